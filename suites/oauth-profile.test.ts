// Profile oauth against a real IdP: oidc-provider issues JWT access tokens for the reference's
// resource (client_credentials with client_secret_basic, private_key_jwt, client_secret_post);
// the reference trusts the IdP by JWKS URL and issuer. The compliant reference passes; every flaw
// whose checks run under oauth fails them; what needs the IdP's private key skips, saying so.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../src/report/write.ts';
import { profilesFor } from '../src/auth/profile-support.ts';
import type { Check, CheckResult } from '../src/check.ts';
import { runHarness } from '../src/runner/harness.ts';
import { catalogue } from '../scenarios/index.ts';
import { clientCredentials, oauthReferenceConfig } from './support/idp/oauth-reference.ts';
import { startIdpProcess, type StartedIdp } from './support/idp/start-idp.ts';

const { env, setup } = clientCredentials();
let idp: StartedIdp;
let compliant: CheckResult[] = [];

beforeAll(async () => {
  Object.assign(process.env, env);
  idp = await startIdpProcess(setup);
  // Strict, as the flaws suite: SHOULD and hardening violations fail, so every flaw shows as a failure.
  compliant = (await runHarness({ ...oauthReferenceConfig(idp.issuer), strict: true }, { checks: catalogue })).report.checks;
}, 300_000);

afterAll(async () => {
  await idp?.stop();
  for (const k of Object.keys(env)) delete process.env[k];
});

/** Checks that ran (not skipped) in some revision under oauth against the compliant reference. */
const ranUnderOauth = () => new Set(compliant.filter((r) => r.status !== 'skip').map((r) => r.id));

describe('profile oauth, the compliant reference trusting a real IdP', () => {
  it('passes every check that runs, even strict, and skips the rest with a reason', () => {
    const bad = compliant.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
    expect(bad).toEqual([]);
    const ran = ranUnderOauth();
    // What the README says: every check that can run under oauth does, but the ES256-only one (this IdP signs RS256).
    const canRun = catalogue.filter((c) => profilesFor(c.needs).includes('oauth')).map((c) => c.id);
    expect(canRun.filter((id) => !ran.has(id))).toEqual(['signature.psychic']);
    console.log(`oauth: ${ran.size} of ${catalogue.length} checks run; ${compliant.filter((c) => c.status === 'pass').length} passes, ${compliant.filter((c) => c.status === 'skip').length} skips`);
    for (const id of ['signature.key-confusion', 'signature.foreign-key', 'signature.alg-none', 'claims.exp.expired', 'lifecycle.expiry.mid-session', 'rbac.deny.enforced', 'sessions.binding.foreign-token']) {
      expect(ran, id).toContain(id);
    }
    const resigned = compliant.find((c) => c.id === 'claims.aud.foreign')!;
    expect(resigned).toMatchObject({ status: 'skip', reason: expect.stringMatching(/re-signed with chosen claims/) });
    for (const skip of compliant.filter((c) => c.status === 'skip')) expect(skip.reason, skip.id).toBeTruthy();
  });

  it('keeps every client secret, key and token out of the written reports', async () => {
    const { report, secrets } = await runHarness(oauthReferenceConfig(idp.issuer), { checks: catalogue.filter((c) => c.family === 'headers') });
    const dir = await mkdtemp(path.join(tmpdir(), 'mcp-auth-harness-oauth-'));
    const paths = await writeReports(dir, report, secrets);
    const text = (await Promise.all(Object.values(paths).map((p) => readFile(p, 'utf8')))).join('\n');
    await rm(dir, { recursive: true, force: true });
    const keyBody = env.OAUTH_SUITE_ROOT_KEY.split('\n')[1];
    for (const value of [env.OAUTH_SUITE_ALICE_SECRET, env.OAUTH_SUITE_BOB_SECRET, keyBody]) expect(text).not.toContain(value);
    expect(secrets).toEqual(expect.arrayContaining([env.OAUTH_SUITE_ALICE_SECRET, env.OAUTH_SUITE_BOB_SECRET]));
    expect(text).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
  });
});

describe('profile oauth: each flaw fails the checks naming it that run under oauth', () => {
  const byFlaw = new Map<string, Check[]>();
  for (const check of catalogue) byFlaw.set(check.flaw, [...(byFlaw.get(check.flaw) ?? []), check]);

  for (const [flaw, checks] of byFlaw) {
    it(flaw, async (test) => {
      const running = checks.filter((c) => ranUnderOauth().has(c.id));
      if (!running.length) return test.skip(); // no check naming it runs under oauth
      const { report } = await runHarness({ ...oauthReferenceConfig(idp.issuer, { flaw }), strict: true }, { checks: running, flaw });
      for (const check of running) {
        const results = report.checks.filter((r) => r.id === check.id);
        const statuses = results.map((r) => `${r.revision}:${r.status}${r.reason ? ` (${r.reason})` : ''}`);
        expect(results.some((r) => r.status === 'fail'), `${check.id} under FLAW=${flaw}: ${statuses.join('; ')}`).toBe(true);
        expect(results.filter((r) => r.status === 'error'), `${check.id} errored under FLAW=${flaw}`).toEqual([]);
      }
    }, 180_000);
  }
});
