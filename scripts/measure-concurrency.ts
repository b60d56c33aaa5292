// Measures the concurrent-identities check at scale against the embedded reference:
//   npx node scripts/measure-concurrency.ts [identities=100] [calls=10] [sessionsPerIdentity=10]
// Defaults give 1,000 sessions and 1,000 interleaved whoami calls, all in flight at once.
import { runHarness } from '../src/runner/harness.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { catalogue } from '../scenarios/index.ts';

const [identities = 100, callsPerIdentity = 10, sessionsPerIdentity = 10] = process.argv.slice(2).map(Number);
const config = referenceConfig();
config.sessions = { ...config.sessions, concurrency: { identities, callsPerIdentity, sessionsPerIdentity } };
config.target.revisions = ['2025-11-25', '2026-07-28'];
const checks = catalogue.filter((c) => c.id === 'sessions.concurrent.isolation');

const { report } = await runHarness(config, { checks });
for (const r of report.checks) {
  console.log(`${r.revision}: ${r.status}${r.reason ? ` (${r.reason})` : ''} ${JSON.stringify(r.evidence)}`);
}
process.exitCode = report.checks.every((r) => r.status === 'pass') ? 0 : 1;
