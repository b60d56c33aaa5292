// Benchmark: the whole catalogue against the embedded reference, every check in turn (as runs
// were before families overlapped) against overlapped (checks that wait out time windows run
// beside the rest, latency measurements once the rest is quiet, what spends the target's JWKS
// refetches last). Each run is a fresh process, as a user's `run` is (cold JIT; V8's code cache on
// as the CLI has it); the two modes alternate (A B B A …) so a burst of load from elsewhere lands
// on both alike. It prints both times, whether every verdict came out the same, and where the
// overlapped run's time went (when each kind of check was done). Rerun with
// `npm run bench:full-run [-- --rounds 2]`.
import { spawnSync } from 'node:child_process';
import nodeModule from 'node:module';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '1' }, once: { type: 'string' } } });
type Mode = 'in turn' | 'overlapped';
type Kind = 'waits' | 'in turn' | 'timing' | 'spends' | 'alone';
interface Once {
  /** runHarness, ms */
  runMs: number;
  /** from process start to the report, ms: what `run` prints as "done in", less writing the reports */
  processMs: number;
  summary: Record<string, number>;
  verdicts: Record<string, string>;
  families: Record<string, number>;
  /** When each kind of check was done, ms from the start of the run. */
  marks: Record<string, number>;
}

if (values.once) {
  nodeModule.enableCompileCache?.();
  process.stdout.write(JSON.stringify(await once(values.once as Mode)));
} else {
  await compare(Number(values.rounds));
}

async function once(mode: Mode): Promise<Once> {
  const { catalogue } = await import('../scenarios/index.ts');
  const { referenceConfig } = await import('../src/reference/harness-config.ts');
  const { runHarness } = await import('../src/runner/harness.ts');
  type Check = (typeof catalogue)[number];
  const kindOf = (c: Check): Kind => (c.spends?.length ? 'spends' : (c.schedule ?? 'in turn'));
  const marks: Record<string, number> = {};
  let started = 0;
  const timed = catalogue.map((c) => ({
    ...c,
    run: async (ctx: Parameters<Check['run']>[0]) => {
      marks['first check'] = Math.min(marks['first check'] ?? Infinity, performance.now() - started);
      try {
        return await c.run(ctx);
      } finally {
        marks[kindOf(c)] = Math.max(marks[kindOf(c)] ?? 0, performance.now() - started);
      }
    },
  }));
  started = performance.now();
  const { report } = await runHarness(referenceConfig(), { checks: timed, overlap: mode === 'overlapped' });
  const runMs = performance.now() - started;
  const families: Record<string, number> = {};
  for (const c of report.checks) families[c.family] = (families[c.family] ?? 0) + c.durationMs;
  return {
    runMs,
    processMs: performance.now(),
    summary: report.summary as unknown as Record<string, number>,
    verdicts: Object.fromEntries(report.checks.map((c) => [`${c.id}@${c.revision}`, c.status])),
    families,
    marks: { ...marks, end: runMs },
  };
}

async function compare(rounds: number): Promise<void> {
  const load = () => loadavg().map((l) => Math.round(l * 100) / 100).join(' / ');
  const load0 = load();
  const runs: Record<Mode, Once[]> = { 'in turn': [], overlapped: [] };
  process.stderr.write(`bench:full-run: whole catalogue × 3 revisions, embedded reference, each run a fresh process, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load0}\n`);
  for (let round = 0; round < rounds; round++) {
    const order: Mode[] = round % 2 === 0 ? ['in turn', 'overlapped'] : ['overlapped', 'in turn'];
    for (const mode of order) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--once', mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
      if (child.status !== 0) throw new Error(`the ${mode} run exited ${child.status ?? child.signal}`);
      const r = JSON.parse(child.stdout) as Once;
      runs[mode].push(r);
      const s = r.summary;
      process.stderr.write(`  ${mode}: ${(r.runMs / 1000).toFixed(1)} s of run, ${(r.processMs / 1000).toFixed(1)} s from process start (${s.pass} pass, ${s.fail} fail, ${s.warn} warn, ${s.skip} skip, ${s.error} error)\n`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const secs = (ms: number) => (ms / 1000).toFixed(1);
  const row = (mode: Mode, label: string) => {
    const rs = runs[mode];
    const families: Record<string, number> = {};
    for (const r of rs) for (const [f, ms] of Object.entries(r.families)) families[f] = (families[f] ?? 0) + ms / rs.length;
    const slowest = Object.entries(families).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([f, ms]) => `${f} ${secs(ms)} s`).join(', ');
    return `| ${label} | ${secs(mean(rs.map((r) => r.runMs)))} s (${rs.map((r) => secs(r.runMs)).join(' / ')}) | ${secs(mean(rs.map((r) => r.processMs)))} s | ${slowest} |`;
  };
  const differing: string[] = [];
  const reference = runs['in turn'][0].verdicts;
  for (const r of [...runs['in turn'], ...runs.overlapped]) {
    for (const [key, status] of Object.entries(reference)) if (r.verdicts[key] !== status) differing.push(`${key}: ${status} then ${r.verdicts[key]}`);
  }
  const at = (k: string) => secs(mean(runs.overlapped.map((r) => r.marks[k] ?? NaN)));
  process.stdout.write(
    [
      '| full run, embedded reference | run, mean (each) | from process start, mean | the families taking longest (summed check time) |',
      '|---|---:|---:|---|',
      row('in turn', 'before: every check in turn'),
      row('overlapped', 'after: overlapped'),
      '',
      `overlapped, where the time went (s from the start of the run, mean): first check ${at('first check')} · waiting checks done ${at('waits')} · in-turn checks done ${at('in turn')} · latency measured ${at('timing')} · refetch spenders done ${at('spends')} · run over ${at('end')}`,
      '',
      `after / before (means) = ${(mean(runs.overlapped.map((r) => r.runMs)) / mean(runs['in turn'].map((r) => r.runMs))).toFixed(2)}; ${differing.length ? `verdicts that differ: ${differing.join('; ')}` : 'every verdict the same in every run'}; ${rounds} round(s), load average ${load0} → ${load()}`,
    ].join('\n') + '\n',
  );
}
