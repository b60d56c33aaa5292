// Benchmark: the whole catalogue against the embedded reference, every check in turn (as runs
// were before families overlapped) against overlapped (families that wait out time windows run
// beside the rest, latency measurements once the rest is quiet, the key rotation alone at the
// end). Same checks, same reference, one process; the two modes alternate (A B B A …) so a burst
// of load from elsewhere lands on both alike. It prints both wall times and whether every
// verdict came out the same. Rerun with `npm run bench:full-run [-- --rounds 2]`.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { catalogue } from '../scenarios/index.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { runHarness } from '../src/runner/harness.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
const load = () => loadavg().map((l) => Math.round(l * 100) / 100).join(' / ');
const load0 = load();
const times: Record<'in turn' | 'overlapped', number[]> = { 'in turn': [], overlapped: [] };
const verdicts: Record<string, Map<string, string>[]> = { 'in turn': [], overlapped: [] };
const families: Record<string, Record<string, number>> = { 'in turn': {}, overlapped: {} };
process.stderr.write(`bench:full-run: whole catalogue × 3 revisions, embedded reference, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load0}\n`);
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? (['in turn', 'overlapped'] as const) : (['overlapped', 'in turn'] as const);
  for (const mode of order) {
    const started = performance.now();
    const { report } = await runHarness(referenceConfig(), { checks: catalogue, overlap: mode === 'overlapped' });
    const ms = performance.now() - started;
    times[mode].push(ms);
    verdicts[mode].push(new Map(report.checks.map((c) => [`${c.id}@${c.revision}`, c.status])));
    for (const c of report.checks) families[mode][c.family] = (families[mode][c.family] ?? 0) + c.durationMs / Number(values.rounds);
    process.stderr.write(`  ${mode}: ${(ms / 1000).toFixed(1)} s (${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.warn} warn, ${report.summary.skip} skip, ${report.summary.error} error)\n`);
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const before = mean(times['in turn']);
const after = mean(times.overlapped);
const each = (xs: number[]) => xs.map((ms) => (ms / 1000).toFixed(1)).join(' / ');
const differing: string[] = [];
for (const [key, status] of verdicts['in turn'][0]) {
  for (const run of verdicts.overlapped) if (run.get(key) !== status) differing.push(`${key}: in turn ${status}, overlapped ${run.get(key)}`);
}
const slowest = (mode: string) =>
  Object.entries(families[mode])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([f, ms]) => `${f} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
process.stdout.write(
  [
    '| full run, embedded reference | wall time, mean (each run) | the families taking longest (summed check time) |',
    '|---|---:|---|',
    `| before: every check in turn | ${(before / 1000).toFixed(1)} s (${each(times['in turn'])}) | ${slowest('in turn')} |`,
    `| after: overlapped | ${(after / 1000).toFixed(1)} s (${each(times.overlapped)}) | ${slowest('overlapped')} |`,
  ].join('\n') + '\n',
);
process.stdout.write(`\nafter / before (means) = ${(after / before).toFixed(2)}; ${differing.length ? `verdicts that differ: ${differing.join('; ')}` : 'every verdict the same'}; ${Number(values.rounds)} round(s), load average ${load0} → ${load()}\n`);
