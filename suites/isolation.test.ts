// The concurrent-identities check in both of its modes, sized from config.
import { expect, it } from 'vitest';
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
