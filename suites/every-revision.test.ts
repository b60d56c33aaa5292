// Checks whose flaw must show in EVERY revision they apply to (suites/flaws.test.ts asks for one):
// the compliant reference passes each of them in each revision, and the flaw fails each of them in
// each revision. Strict, so that a SHOULD or hardening check's fail is not softened into a warn.
import { describe, expect, it } from 'vitest';
import type { Check } from '../src/check.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { runHarness } from '../src/runner/harness.ts';
import { catalogue } from '../scenarios/index.ts';

const EVERY_REVISION = ['sessions.privilege.foreign-principal', 'sessions.privilege.stale-authorization', 'rbac.base-scope.refused', 'headers.error-code.registered', 'signature.x5u', 'signature.x5c-self-signed', 'claims.types.registered', 'claims.types.roles', 'discovery.host-injection', 'endpoints.extra.need-token', 'endpoints.legacy-sse.need-token', 'sessions.request-state.integrity', 'sessions.request-state.bound', 'sessions.privilege.request-state', 'rbac.scope-hierarchy.honoured', 'sessions.cache-scope.private', 'rbac.challenge.all-scopes'];

const checks: Check[] = EVERY_REVISION.map((id) => {
  const check = catalogue.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id} in the catalogue`);
  return check;
});

async function statuses(subset: Check[], flaw?: string): Promise<Record<string, string[]>> {
  const { report } = await runHarness({ ...referenceConfig({ flaw }), strict: true }, { checks: subset, flaw });
  const out: Record<string, string[]> = {};
  for (const r of report.checks) (out[r.id] ??= []).push(`${r.revision}:${r.status}${r.status === 'pass' ? '' : ` (${r.reason})`}`);
  return out;
}

const expected = (check: Check, status: string) => check.revisions.map((revision) => `${revision}:${status}`);

describe.concurrent('checks proven in every revision they apply to', () => {
  it('the compliant reference passes each of them in each revision', async () => {
    const seen = await statuses(checks);
    for (const check of checks) expect(seen[check.id], check.id).toEqual(expected(check, 'pass'));
  });

  for (const check of checks) {
    it(`${check.id} fails under FLAW=${check.flaw} in each revision`, async () => {
      const seen = await statuses([check], check.flaw);
      expect(seen[check.id]?.map((s) => s.replace(/ \(.*$/, '')), JSON.stringify(seen[check.id])).toEqual(expected(check, 'fail'));
    });
  }
});
