// Both directions of "every check can fail": the compliant reference passes every check (in
// the CLI suite and for the hs256 profile here), and each named flaw fails every check that
// names it, in at least one revision. Both run strict (SHOULD and hardening violations fail), so
// "fails" means fail; a second run of the same flaw under the default policy proves that what a
// SHOULD or hardening requirement catches only warns.
import { describe, expect, it } from 'vitest';
import type { Check, CheckResult } from '../src/check.ts';
import { runHarness } from '../src/runner/harness.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { catalogue } from '../scenarios/index.ts';
import { FLAWS } from '../src/reference/flaws.ts';

const byFlaw = new Map<string, Check[]>();
for (const check of catalogue) byFlaw.set(check.flaw, [...(byFlaw.get(check.flaw) ?? []), check]);

const key = (r: CheckResult) => `${r.id}@${r.revision}`;
const shown = (results: CheckResult[]) => results.map((r) => `${r.revision}:${r.status}${r.reason ? ` (${r.reason})` : ''}`).join('; ');

describe('the compliant reference, hs256 profile (user_id / role claims)', () => {
  it('passes every check that applies, even strict', async () => {
    const { report } = await runHarness({ ...referenceConfig({ profile: 'hs256' }), strict: true }, { checks: catalogue });
    const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${key(c)}: ${c.reason}`);
    expect(bad).toEqual([]);
    expect(report.checks.find((c) => c.id === 'signature.hmac-weak-secret')?.status).toBe('pass');
  }, 180_000); // the whole catalogue in three revisions: about a minute on a quiet machine
});

describe.concurrent('each flaw fails its own checks', () => {
  for (const [flaw, checks] of byFlaw) {
    it(flaw, async () => {
      const profile = FLAWS.find((f) => f.name === flaw)?.profile ?? 'jwks';
      const { report } = await runHarness({ ...referenceConfig({ flaw, profile }), strict: true }, { checks, flaw });
      for (const check of checks) {
        const results = report.checks.filter((r) => r.id === check.id);
        expect(results.some((r) => r.status === 'fail'), `${check.id} under FLAW=${flaw}: ${shown(results)}`).toBe(true);
        expect(results.filter((r) => r.status === 'error'), `${check.id} errored under FLAW=${flaw}: ${JSON.stringify(results.map((r) => r.evidence))}`).toEqual([]);
      }
      // What failed under a SHOULD or hardening requirement warns by default, and fails nowhere.
      const lenient = report.checks.filter((r) => r.status === 'fail' && r.requirement && r.requirement.level !== 'MUST');
      if (!lenient.length) return;
      const again = await runHarness(referenceConfig({ flaw, profile }), { checks: checks.filter((c) => lenient.some((r) => r.id === c.id)), flaw });
      for (const r of lenient) {
        const now = again.report.checks.find((x) => key(x) === key(r));
        expect(now?.status, `${key(r)} (${r.requirement!.level}) under FLAW=${flaw} by default: ${now?.reason} ${JSON.stringify(now?.evidence)}`).toBe('warn');
      }
      expect(again.report.checks.filter((x) => x.status === 'fail' && x.requirement?.level !== 'MUST').map(key)).toEqual([]);
    });
  }
});

// A check that judges one more shape of answer than its own flaw shows: the flaw that gives that
// shape must fail it too, in every revision it applies to (and only warn by default when its
// requirement is no MUST).
const SECOND_FLAWS: [check: string, flaw: string, why: string][] = [
  ['headers.invalid.error-code', 'no-www-authenticate', 'a 401 without any challenge has no error attribute either'],
];

describe.concurrent('a second flaw fails a check that judges its answer too', () => {
  for (const [id, flaw, why] of SECOND_FLAWS) {
    it(`${id} under FLAW=${flaw}: ${why}`, async () => {
      const check = catalogue.find((c) => c.id === id)!;
      const strict = await runHarness({ ...referenceConfig({ flaw }), strict: true }, { checks: [check], flaw });
      expect(strict.report.checks.map((r) => `${r.revision}:${r.status}`), shown(strict.report.checks)).toEqual(check.revisions.map((r) => `${r}:fail`));
      if (check.requirement?.level === 'MUST') return;
      const lenient = await runHarness(referenceConfig({ flaw }), { checks: [check], flaw });
      expect(lenient.report.checks.map((r) => `${r.revision}:${r.status}`), shown(lenient.report.checks)).toEqual(check.revisions.map((r) => `${r}:warn`));
    });
  }
});
