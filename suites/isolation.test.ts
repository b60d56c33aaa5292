// The concurrent-identities check in both of its modes, sized from config.
import { describe, expect, it } from 'vitest';
import { runHarness } from '../src/runner/harness.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { catalogue } from '../scenarios/index.ts';

const checks = catalogue.filter((c) => c.id === 'sessions.concurrent.isolation');

it('checks every answer with the oracle, N × M as configured, over S sessions each', async () => {
  const config = referenceConfig();
  config.target.revisions = ['2025-11-25'];
  config.sessions = { ...config.sessions, concurrency: { identities: 7, callsPerIdentity: 3, sessionsPerIdentity: 2 } };
  const { report } = await runHarness(config, { checks });
  const [result] = report.checks;
  expect(result.status, result.reason).toBe('pass');
  expect(result.evidence).toMatchObject({ oracle: 'whoami', identities: 7, sessions: 14, calls: 21, mismatches: 0, errors: 0 });
});

it('without an oracle, RBAC differences stand in: allowed and denied identities must keep their outcomes', async () => {
  const config = referenceConfig();
  config.target.revisions = ['2026-07-28'];
  delete config.oracle;
  config.sessions = { ...config.sessions, concurrency: { identities: 9, callsPerIdentity: 4 } };
  const { report } = await runHarness(config, { checks });
  const [result] = report.checks;
  expect(result.status, result.reason).toBe('pass');
  expect(result.evidence).toMatchObject({ oracle: 'rbac outcome of admin_reset', calls: 36, mismatches: 0 });
});

it('skips with the reason when neither an oracle nor a differentiating rbac rule exists', async () => {
  const config = referenceConfig();
  config.target.revisions = ['2026-07-28'];
  delete config.oracle;
  delete config.rbac;
  const { report } = await runHarness(config, { checks });
  expect(report.checks[0]).toMatchObject({ status: 'skip', reason: expect.stringMatching(/oracle/) });
});

// Every client counts its JSON-RPC ids from 1, as real ones do: a server that finds the waiting
// request by id alone crosses answers, and one that keeps the caller in shared state does too.
// Default sizes (25 identities × 10 calls): much smaller runs can miss a race by chance.
describe.concurrent.each(['shared-request-id-routing', 'shared-identity-slot'])('FLAW=%s', (flaw) => {
  it('fails in every revision', async () => {
    const { report } = await runHarness(referenceConfig({ flaw }), { checks, flaw });
    expect(report.checks.map((c) => `${c.revision}:${c.status}`)).toEqual(['2025-06-18:fail', '2025-11-25:fail', '2026-07-28:fail']);
    for (const c of report.checks) expect(c.evidence).toMatchObject({ requestIds: expect.stringMatching(/from 1/) });
  });
});

it('without an oracle, crossed answers show as RBAC outcomes of another identity', async () => {
  const flaw = 'shared-request-id-routing';
  const config = referenceConfig({ flaw });
  config.target.revisions = ['2025-11-25'];
  delete config.oracle;
  const { report } = await runHarness(config, { checks, flaw });
  expect(report.checks[0]).toMatchObject({ status: 'fail', evidence: { oracle: 'rbac outcome of admin_reset' } });
});
