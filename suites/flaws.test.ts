// Both directions of "every check can fail": the compliant reference passes every check (in
// the CLI suite and for the hs256 profile here), and each named flaw fails every check that
// names it, in at least one revision.
import { describe, expect, it } from 'vitest';
import type { Check } from '../src/check.ts';
import { runHarness } from '../src/runner/harness.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { catalogue } from '../scenarios/index.ts';
import { FLAWS } from '../src/reference/flaws.ts';

const byFlaw = new Map<string, Check[]>();
for (const check of catalogue) byFlaw.set(check.flaw, [...(byFlaw.get(check.flaw) ?? []), check]);

describe('the compliant reference, hs256 profile (user_id / role claims)', () => {
  it('passes every check that applies', async () => {
    const { report } = await runHarness(referenceConfig({ profile: 'hs256' }), { checks: catalogue });
    const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
    expect(bad).toEqual([]);
    expect(report.checks.find((c) => c.id === 'signature.hmac-weak-secret')?.status).toBe('pass');
  });
});

describe.concurrent('each flaw fails its own checks', () => {
  for (const [flaw, checks] of byFlaw) {
    it(flaw, async () => {
      const profile = FLAWS.find((f) => f.name === flaw)?.profile ?? 'jwks';
      const { report } = await runHarness(referenceConfig({ flaw, profile }), { checks, flaw });
      for (const check of checks) {
        const results = report.checks.filter((r) => r.id === check.id);
        const statuses = results.map((r) => `${r.revision}:${r.status}${r.reason ? ` (${r.reason})` : ''}`);
        expect(results.some((r) => r.status === 'fail'), `${check.id} under FLAW=${flaw}: ${statuses.join('; ')}`).toBe(true);
        expect(results.filter((r) => r.status === 'error'), `${check.id} errored under FLAW=${flaw}`).toEqual([]);
      }
    });
  }
});
