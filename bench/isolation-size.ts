// Benchmark: how many concurrent calls `sessions.concurrent.isolation` needs. For each size
// (identities × calls each, every client counting its request ids from 1) it runs the check in
// every revision against the compliant reference and against its two crossing flaws, and prints
// how many answers crossed and how long the check took. Rerun with `npm run bench:isolation-size`.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { catalogue } from '../scenarios/index.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { runHarness } from '../src/runner/harness.ts';

const checks = catalogue.filter((c) => c.id === 'sessions.concurrent.isolation');
const SIZES = [[50, 20], [25, 10], [10, 5]] as const;
const FLAWS = ['', 'shared-request-id-routing', 'shared-identity-slot'];
const load = () => loadavg().map((l) => Math.round(l * 100) / 100).join(' / ');
process.stderr.write(`bench:isolation-size: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load()}\n`);
const rows = ['| identities × calls | reference | crossed answers per revision (2025-06-18 / 2025-11-25 / 2026-07-28) | check time per revision, mean |', '|---|---|---|---:|'];
for (const [identities, callsPerIdentity] of SIZES) {
  for (const flaw of FLAWS) {
    const config = referenceConfig({ flaw });
    config.sessions = { ...config.sessions, concurrency: { identities, callsPerIdentity } };
    const { report } = await runHarness(config, { checks, ...(flaw ? { flaw } : {}) });
    const evidence = report.checks.map((c) => c.evidence as { mismatches?: number; calls?: number; durationMs?: number });
    const crossed = evidence.map((e) => `${e.mismatches ?? '?'} of ${e.calls ?? '?'}`).join(' / ');
    const ms = evidence.reduce((sum, e) => sum + (e.durationMs ?? 0), 0) / evidence.length;
    rows.push(`| ${identities} × ${callsPerIdentity} | ${flaw || 'compliant'} | ${crossed} (${report.checks.map((c) => c.status).join(' / ')}) | ${(ms / 1000).toFixed(2)} s |`);
    process.stderr.write(`  ${rows.at(-1)}\n`);
  }
}
process.stdout.write(`${rows.join('\n')}\n\nload average → ${load()}\n`);
