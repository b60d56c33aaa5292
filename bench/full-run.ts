// Benchmark: the whole catalogue against the embedded reference, every check in turn (as runs
// were before families overlapped) against overlapped (checks that wait out time windows run
// beside the rest, latency measurements once the rest is quiet, what spends the target's JWKS
// refetches last). Same checks, same reference, one process; the two modes alternate (A B B A …)
// so a burst of load from elsewhere lands on both alike. It prints both wall times, whether every
// verdict came out the same, and where the overlapped run's time went (when each kind of check
// was done). Rerun with `npm run bench:full-run [-- --rounds 2]`.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { catalogue } from '../scenarios/index.ts';
import type { Check } from '../src/check.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { runHarness } from '../src/runner/harness.ts';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' } } });
const load = () => loadavg().map((l) => Math.round(l * 100) / 100).join(' / ');
const load0 = load();
const times: Record<'in turn' | 'overlapped', number[]> = { 'in turn': [], overlapped: [] };
const verdicts: Record<string, Map<string, string>[]> = { 'in turn': [], overlapped: [] };
const families: Record<string, Record<string, number>> = { 'in turn': {}, overlapped: {} };
// When each kind of check was done, ms from the start of the run (overlapped runs only).
type Kind = 'waits' | 'in turn' | 'timing' | 'spends' | 'alone';
const kindOf = (c: Check): Kind => (c.spends?.length ? 'spends' : (c.schedule ?? 'in turn'));
const marks: Record<string, number>[] = [];
let mark: Record<string, number> = {};
let runStarted = 0;
const timed = catalogue.map((c) => ({
  ...c,
  run: async (ctx: Parameters<Check['run']>[0]) => {
    mark['first check'] = Math.min(mark['first check'] ?? Infinity, performance.now() - runStarted);
    try {
      return await c.run(ctx);
    } finally {
      mark[kindOf(c)] = Math.max(mark[kindOf(c)] ?? 0, performance.now() - runStarted);
    }
  },
}));
process.stderr.write(`bench:full-run: whole catalogue × 3 revisions, embedded reference, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load0}\n`);
for (let round = 0; round < Number(values.rounds); round++) {
  const order = round % 2 === 0 ? (['in turn', 'overlapped'] as const) : (['overlapped', 'in turn'] as const);
  for (const mode of order) {
    const started = (runStarted = performance.now());
    mark = {};
    const { report } = await runHarness(referenceConfig(), { checks: timed, overlap: mode === 'overlapped' });
    const ms = performance.now() - started;
    if (mode === 'overlapped') marks.push({ ...mark, end: ms });
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
const at = (k: Kind | 'first check' | 'end') => (mean(marks.map((m) => m[k] ?? NaN)) / 1000).toFixed(1);
process.stdout.write(
  `\noverlapped, where the time went (s from the start, mean): first check ${at('first check')} · waiting checks done ${at('waits')} · in-turn checks done ${at('in turn')} · latency measured ${at('timing')} · refetch spenders done ${at('spends')} · run over ${at('end')}\n`,
);
process.stdout.write(`\nafter / before (means) = ${(after / before).toFixed(2)}; ${differing.length ? `verdicts that differ: ${differing.join('; ')}` : 'every verdict the same'}; ${Number(values.rounds)} round(s), load average ${load0} → ${load()}\n`);
