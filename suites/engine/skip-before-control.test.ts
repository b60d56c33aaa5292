// A check the run cannot offer what it needs is skipped, whatever the family's positive control
// would say: its verdict must not depend on what ran before. Here the positive control does fail
// (the reference never refetches its JWKS, and an earlier check rotated the signing key), and the
// overhead check, with no baseline twin configured, still says why it cannot run.
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../scenarios/index.ts';
import type { Check } from '../../src/check.ts';
import { referenceConfig } from '../../src/reference/harness-config.ts';
import { runHarness } from '../../src/runner/harness.ts';

const test = (family: string, run: Check['run']): Check => ({
  id: `${family}.test`,
  family,
  title: family,
  spec: ['test'],
  severity: 'info',
  revisions: ['2025-11-25'],
  needs: [],
  flaw: 'none',
  run,
});

describe('a check lacking what it needs', () => {
  it('is skipped with its reason even when its family positive control fails', async () => {
    const config = referenceConfig({ flaw: 'jwks-fetched-once' });
    config.target.revisions = ['2025-11-25'];
    delete config.target.baseline;
    const rotates = test('rotates', async (ctx) => {
      ctx.issuer.rotateKeys();
      return { status: 'pass' };
    });
    const later = test('later', async () => ({ status: 'pass' }));
    const overhead = catalogue.find((c) => c.id === 'overhead.auth.p95')!;
    const { report } = await runHarness(config, { checks: [rotates, later, overhead], overlap: false });
    const status = (id: string) => report.checks.find((c) => c.id === id);
    // the control after the rotation fails: a check that can run gets its error
    expect(status('later.test')?.status).toBe('error');
    expect(status('later.test')?.reason).toMatch(/positive control failed/);
    expect(status('overhead.auth.p95')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/no baseline twin is configured/) });
  }, 60_000);
});
