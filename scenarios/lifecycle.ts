// Family `lifecycle`: tokens change under a live session. One expires (the next request must get
// 401 invalid_token, so the client knows to refresh), is replaced by a fresh one (the session
// goes on), or the signing key rotates (new kid trusted after a JWKS refetch, a removed key no
// longer). The clock-skew tolerance is measured, not taken on trust.
import type { CheckContext, Identity, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { lifecycleMetrics } from '../src/lifecycle/report-metrics.ts';
import { ALL_REVISIONS, SESSION_REVISIONS } from '../src/define.ts';
import { otherIdentity } from '../src/principal.ts';
import { succeeded, type McpResponse } from '../src/probe/probe.ts';
import { mint } from '../src/tokens/mint.ts';
import { bearerChallenge, refused, withEvidence, type Attempt } from '../src/verdict.ts';
import { CannotForge } from '../src/auth/cannot-forge.ts';
import { viewJwt } from '../src/auth/jwt-view.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

/** How long after the end of the tolerance the expired token is sent again. */
const MARGIN_SECONDS = 0.3;
/** How long past its declared cache window the target gets to drop a removed key. */
const REMOVED_KEY_MARGIN_SECONDS = 0.5;
/** The longest a rotation check waits for the target's JWKS cache. */
const MAX_WAIT_SECONDS = 40;
/** Without a declared window, a new kid gets jose's default refetch cooldown. */
const DEFAULT_REFETCH_SECONDS = 30;
/** RFC 7519 §4.1.4: "some small leeway, usually no more than a few minutes". */
const MAX_SKEW_SECONDS = 300;
const SKEW_SEARCH_LIMIT = 7200;

const nowSeconds = () => Date.now() / 1000;
/** How long the mid-session expiry check waits for a real IdP token (it runs once per revision). */
const MAX_REAL_TOKEN_WAIT_SECONDS = 60;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * A token the target still accepts for one to two seconds: its exp is already past but inside the
 * declared skew. `deadline` (epoch seconds) is when the target's tolerance ends.
 */
async function expiringSoon(ctx: CheckContext, identity: Identity): Promise<{ token: string; exp: number; deadline: number }> {
  const deadline = Math.ceil(nowSeconds() + 1);
  const exp = deadline - ctx.clockSkewSeconds;
  try {
    const token = await ctx.forge.valid(identity, { claims: { iat: exp - 300, exp } });
    return { token, exp, deadline };
  } catch (e) {
    if (!(e instanceof CannotForge)) throw e;
    // Under oauth: a newly issued short-lived token of the IdP, used now and again after its exp.
    const token = await ctx.forge.fresh(identity);
    const realExp = viewJwt(token)?.payload.exp;
    if (typeof realExp !== 'number') throw new CannotForge("the IdP's token carries no numeric exp to wait for");
    if (realExp + ctx.clockSkewSeconds - nowSeconds() > MAX_REAL_TOKEN_WAIT_SECONDS) {
      throw new CannotForge(`the IdP's tokens live longer than the ${MAX_REAL_TOKEN_WAIT_SECONDS} s this check waits (auth.tokenTtlSeconds)`);
    }
    return { token, exp: realExp, deadline: realExp + ctx.clockSkewSeconds };
  }
}

/**
 * Opens a session with a token from expiringSoon(). Its window is one to two seconds: a harness
 * starved of CPU (a busy machine, the families running beside this one) can miss it, and then the
 * target rightly refuses. A refusal after the deadline says nothing about the target, so that
 * case gets a fresh token, at most three times in all.
 */
async function openExpiringSoon(ctx: CheckContext, identity: Identity, label: string) {
  for (let attempt = 1; ; attempt++) {
    const soon = await expiringSoon(ctx, identity);
    const opened = await ctx.probe.open({ token: soon.token, label });
    if (succeeded(opened.response) || nowSeconds() < soon.deadline || attempt === 3) return { ...soon, opened };
  }
}

async function untilExpired(deadline: number): Promise<void> {
  await sleep((deadline + MARGIN_SECONDS - nowSeconds()) * 1000);
}

/**
 * Key rotation and clock skew do not depend on the protocol revision: measured once, in the last
 * revision run, so that a target which never trusts the rotated-in key breaks as little as possible.
 */
function onceOnly(ctx: CheckContext): Verdict | undefined {
  const last = ctx.config.target.revisions.at(-1)!;
  return ctx.revision === last ? undefined : { status: 'skip', reason: `independent of the protocol revision: run once, in ${last}` };
}

function openFailed(what: string, response: McpResponse): Verdict {
  return withEvidence({ status: 'error', reason: `${what} was refused (HTTP ${response.status}${response.error ? `, ${response.error}` : ''}), so nothing can be observed` }, [{ label: what, response }]);
}

/** What a client needs in order to refresh: HTTP 401 with error="invalid_token". */
function invalidTokenAnswer({ label, response: r }: Attempt): Verdict {
  if (r.error && !r.status) return { status: 'error', reason: `${label}: ${r.error}` };
  if (succeeded(r)) return { status: 'fail', reason: `${label} was still accepted (HTTP ${r.status})` };
  if (r.status >= 500) return { status: 'fail', reason: `${label} caused a server error (HTTP ${r.status}) instead of 401 invalid_token` };
  if (r.status < 400) return { status: 'fail', reason: `${label} was refused in-band (HTTP ${r.status} with a JSON-RPC error): clients refresh on HTTP 401 only` };
  if (r.status !== 401) return { status: 'fail', reason: `${label} was answered HTTP ${r.status}, not 401: a client cannot tell that a refresh would help` };
  if (bearerChallenge(r)?.error !== 'invalid_token') return { status: 'fail', reason: `${label} got 401 without error="invalid_token" in WWW-Authenticate`, requirement: req.OAUTH_ERROR_ATTRIBUTE };
  return { status: 'pass' };
}

const expiryMidSession: CheckSpec = {
  ...base,
  needs: ['expiry'],
  id: 'lifecycle.expiry.mid-session',
  title: 'A token that expires during a live session is refused on the next request with 401 invalid_token',
  spec: specOf(req.MCP_INVALID_TOKEN_401, req.OAUTH_ERROR_ATTRIBUTE, refs.RFC7519_S4_1_4),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'A token that expires during a session keeps working (validation is cached per session or connection), or the client is not told to refresh.',
  fix: 'Validate the token, exp included, on every request rather than once per session, and answer an expired one 401 invalid_token.',
  severity: 'high',
  flaw: 'auth-cache-ignores-exp',
  async run(ctx) {
    const { token, exp, deadline, opened } = await openExpiringSoon(ctx, ctx.identity, 'token about to expire');
    if (!succeeded(opened.response)) return openFailed(`a token inside the declared clock skew (${ctx.clockSkewSeconds} s)`, opened.response);
    await untilExpired(deadline);
    const label = `the same token ${(nowSeconds() - exp).toFixed(1)} s after exp (declared skew ${ctx.clockSkewSeconds} s)`;
    const after = await ctx.attempt({ token, session: opened.id, label: 'expired token' });
    const attempts = [
      { label: 'open with a token about to expire', response: opened.response },
      { label, response: after },
    ];
    return withEvidence(invalidTokenAnswer(attempts[1]), attempts);
  },
};

const refreshSameSession: CheckSpec = {
  ...base,
  revisions: SESSION_REVISIONS,
  needs: ['renew'],
  id: 'lifecycle.refresh.same-session',
  title: 'A fresh token for the same principal continues the session (a refresh does not end it)',
  spec: specOf(req.MCP_BIND_SESSIONS_TO_USER, refs.MCP_TRANSPORTS_SESSIONS, refs.TOOLHIVE_5306),
  requirement: req.MCP_BIND_SESSIONS_TO_USER,
  impact: "Every token refresh ends the user's session: work in progress, subscriptions and session state are lost each time a token is renewed.",
  fix: 'Bind sessions to the principal (issuer and subject), not to the raw token or its hash.',
  severity: 'medium',
  flaw: 'session-bound-to-token',
  async run(ctx) {
    const first = await ctx.forge.valid(ctx.identity);
    const opened = await ctx.probe.open({ token: first, label: 'first token' });
    if (!succeeded(opened.response)) return openFailed('a valid token', opened.response);
    if (!opened.id) return { status: 'skip', reason: 'the target issues no session id (stateless), so there is no session to continue' };
    const refreshed = await ctx.forge.fresh(ctx.identity);
    const after = await ctx.attempt({ token: refreshed, session: opened.id, label: 'refreshed token' });
    const attempts = [
      { label: 'open with the first token', response: opened.response },
      { label: `the same session with a fresh token for ${ctx.identity.name}`, response: after },
    ];
    let verdict: Verdict = { status: 'pass' };
    if (after.error && !after.status) verdict = { status: 'error', reason: after.error };
    else if (!succeeded(after)) {
      verdict = {
        status: 'fail',
        reason: `the session was refused with a fresh token for the same principal (HTTP ${after.status})${after.status === 404 ? ': it is bound to the raw token, so every refresh ends it' : ''}`,
      };
    }
    return withEvidence(verdict, attempts);
  },
};

const otherPrincipal: CheckSpec = {
  ...base,
  revisions: SESSION_REVISIONS,
  id: 'lifecycle.refresh.other-principal',
  title: "After the owner's token expires, another principal's fresh token cannot take the session over",
  spec: specOf(req.MCP_BIND_SESSIONS, refs.MCP_TRANSPORTS_SESSIONS),
  requirement: req.MCP_BIND_SESSIONS,
  impact: "Once a user's token expires, anyone who knows the session id continues that session with their own token.",
  fix: 'Keep the session bound to the principal that opened it for its whole life; an expired token does not release it.',
  severity: 'high',
  flaw: 'session-handover-after-expiry',
  async run(ctx) {
    const owner = ctx.identity;
    const { token, deadline, opened } = await openExpiringSoon(ctx, owner, `${owner.name}'s token about to expire`);
    if (!succeeded(opened.response)) return openFailed(`a token inside the declared clock skew (${ctx.clockSkewSeconds} s)`, opened.response);
    if (!opened.id) return { status: 'skip', reason: 'the target issues no session id (stateless), so there is no session to take over' };
    await untilExpired(deadline);
    const expired = await ctx.attempt({ token, session: opened.id, label: `${owner.name}'s expired token` });
    const other = otherIdentity(ctx);
    const taken = await ctx.attempt({ token: await ctx.forge.valid(other), session: opened.id, label: `${other.name}'s token` });
    const attempts = [
      { label: `${owner.name} opens a session`, response: opened.response },
      { label: `${owner.name}'s token, now expired`, response: expired },
      { label: `${other.name}'s fresh token on ${owner.name}'s session`, response: taken },
    ];
    const verdict = refused([attempts[2]]);
    if (verdict.status !== 'fail' || !succeeded(taken)) return withEvidence(verdict, attempts);
    return withEvidence({ status: 'fail', reason: `${other.name}'s fresh token was served on ${owner.name}'s session once ${owner.name}'s token had expired (HTTP ${taken.status})` }, attempts);
  },
};

const newKid: CheckSpec = {
  ...base,
  needs: ['asymmetric', 'harness-issuer'],
  id: 'lifecycle.rotation.new-kid',
  relies: ['jwks-refetch'],
  title: 'After a key rotation, a token with the new kid is accepted once the target refetches the JWKS',
  spec: specOf(req.NEW_KEY_TRUSTED_AFTER_REFETCH, refs.RFC7517_S5),
  requirement: req.NEW_KEY_TRUSTED_AFTER_REFETCH,
  impact: 'After the identity provider rotates its signing key, every new token is refused until the server restarts: an outage on every rotation.',
  fix: 'Use a JWKS client that refetches on an unknown kid (with a cooldown) and expires its cache (e.g. jose createRemoteJWKSet).',
  severity: 'medium',
  flaw: 'jwks-fetched-once',
  async run(ctx) {
    const once = onceOnly(ctx);
    if (once) return once;
    const declared = ctx.config.target.jwksCacheSeconds;
    const window = Math.min(declared ?? DEFAULT_REFETCH_SECONDS, MAX_WAIT_SECONDS);
    const jwksBefore = ctx.issuer.counters.jwks;
    // The rotated-in key joins the JWKS and signs this check's tokens only: the target sees a
    // rotation (a kid it has never seen), while the other checks, running beside this one, keep
    // the key it already trusts.
    const rotated = ctx.issuer.addKey();
    const kid = rotated.kid;
    const started = Date.now();
    const sign = async () => ctx.forge.keep(await mint(rotated, ctx.forge.claimsFor(ctx.identity), { typ: ctx.forge.typ }));
    const polled = await pollUntilAccepted(ctx, sign, (window + 1) * 1000);
    const waited = Math.round((Date.now() - started) / 100) / 10;
    const evidence = { kid, acceptedAfterMs: polled.ok ? Date.now() - started : null, tries: polled.tries, jwksFetches: ctx.issuer.counters.jwks - jwksBefore };
    const attempts = [{ label: `open with a token signed by the new key (after ${waited} s)`, response: polled.last }];
    const why = declared === undefined ? `no JWKS cache window declared (target.jwksCacheSeconds), so ${DEFAULT_REFETCH_SECONDS} s were allowed` : `declared JWKS cache window ${declared} s`;
    let verdict: Verdict = { status: 'pass' };
    if (!polled.ok && declared !== undefined && declared > MAX_WAIT_SECONDS) {
      verdict = { status: 'skip', reason: `not accepted within ${waited} s; the declared JWKS cache window (${declared} s) is longer than this check waits` };
    } else if (!polled.ok) {
      verdict = { status: 'fail', reason: `a token signed by the rotated-in key (kid ${kid}) was still refused ${waited} s after the rotation (${why})` };
    }
    const v = withEvidence(verdict, attempts);
    return { ...v, evidence: { ...v.evidence, ...evidence } };
  },
};

const removedKey: CheckSpec = {
  ...base,
  needs: ['asymmetric', 'harness-issuer'],
  id: 'lifecycle.rotation.removed-key',
  relies: ['jwks-refetch'],
  title: 'A token signed by a key removed from the JWKS is refused once the declared cache window has passed',
  spec: specOf(req.REMOVED_KEY_DISTRUSTED, refs.RFC7517_S5),
  requirement: req.REMOVED_KEY_DISTRUSTED,
  impact: 'Tokens signed by a key the identity provider withdrew (for instance after a compromise) keep working for as long as the server runs.',
  fix: 'Give the JWKS cache a maximum age (and declare it as target.jwksCacheSeconds) so withdrawn keys stop being trusted.',
  severity: 'high',
  flaw: 'jwks-cache-forever',
  async run(ctx) {
    const once = onceOnly(ctx);
    if (once) return once;
    const window = ctx.config.target.jwksCacheSeconds;
    if (window === undefined) return { status: 'skip', reason: 'the target declares no JWKS cache window (target.jwksCacheSeconds), so there is no time after which a removed key must fail' };
    if (window > MAX_WAIT_SECONDS) return { status: 'skip', reason: `the declared JWKS cache window (${window} s) is longer than this check waits (${MAX_WAIT_SECONDS} s)` };
    // The spare key has been in the JWKS from the start and never signed: whatever the target
    // cached, it trusts this key. Removing it leaves the signing key, and later checks, alone.
    const removed = ctx.issuer.spareKey;
    const token = ctx.forge.keep(await mint(removed, ctx.forge.claimsFor(ctx.identity)));
    const before = await ctx.probe.open({ token, label: `token signed by kid ${removed.kid}` });
    if (!succeeded(before.response)) return openFailed(`a valid token signed by a published key (kid ${removed.kid})`, before.response);
    ctx.issuer.removeKey(removed.kid);
    await sleep((window + REMOVED_KEY_MARGIN_SECONDS) * 1000);
    const after = await ctx.probe.open({ token, label: 'token signed by the removed key' });
    const attempts = [
      { label: `open with a token signed by kid ${removed.kid}`, response: before.response },
      { label: `the same token ${window + REMOVED_KEY_MARGIN_SECONDS} s after kid ${removed.kid} left the JWKS (cache window ${window} s)`, response: after.response },
    ];
    let verdict = refused([attempts[1]]);
    if (verdict.status === 'fail' && succeeded(after.response)) {
      verdict = { status: 'fail', reason: `a token signed by a key removed from the JWKS was still accepted ${window + REMOVED_KEY_MARGIN_SECONDS} s later, past the declared cache window of ${window} s` };
    }
    const v = withEvidence(verdict, attempts);
    return { ...v, evidence: { ...v.evidence, removedKid: removed.kid } };
  },
};

const clockSkew: CheckSpec = {
  ...base,
  needs: ['mint'],
  id: 'lifecycle.clock-skew.measured',
  title: `The clock-skew tolerance on exp is measured: at most ${MAX_SKEW_SECONDS / 60} minutes, and what the target declares`,
  spec: specOf(req.RFC7519_LEEWAY),
  requirement: req.RFC7519_LEEWAY,
  impact: 'Expired tokens stay usable for as long as the tolerance: with hours of leeway a stolen token outlives its expiry by hours.',
  fix: 'Set the clock tolerance to seconds or a few minutes at most, and declare it (target.clockSkewSeconds).',
  severity: 'low',
  flaw: 'clock-skew-hours',
  async run(ctx) {
    const once = onceOnly(ctx);
    if (once) return once;
    const probes: { expiredSecondsAgo: number; accepted: boolean }[] = [];
    const acceptedAt = async (d: number) => {
      const exp = Math.floor(nowSeconds()) - d;
      const token = await ctx.forge.valid(ctx.identity, { claims: { iat: exp - 60, exp } });
      const { response } = await ctx.probe.open({ token, label: `expired ${d} s ago` });
      if (response.error && !response.status) throw new Error(response.error);
      probes.push({ expiredSecondsAgo: d, accepted: succeeded(response) });
      return succeeded(response);
    };
    let measured: number;
    if (await acceptedAt(SKEW_SEARCH_LIMIT)) measured = SKEW_SEARCH_LIMIT;
    else if (!(await acceptedAt(0))) measured = 0;
    else {
      // Largest d still accepted; the tolerance lies in (lo, lo + 1] seconds.
      let lo = 0;
      let hi = SKEW_SEARCH_LIMIT;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (await acceptedAt(mid)) lo = mid;
        else hi = mid;
      }
      measured = lo + 1;
    }
    const declared = ctx.clockSkewSeconds;
    const evidence = { measuredSkewSeconds: measured, declaredSkewSeconds: declared, probes };
    const shown = measured >= SKEW_SEARCH_LIMIT ? `at least ${SKEW_SEARCH_LIMIT} s` : `${measured} s`;
    let verdict: Verdict = { status: 'pass', reason: `tolerance measured ${shown} (declared ${declared} s)` };
    if (measured > MAX_SKEW_SECONDS) verdict = { status: 'fail', reason: `tokens expired ${shown} ago are still accepted (declared skew ${declared} s); a leeway should be a few minutes at most` };
    else if (measured > declared + 2) verdict = { status: 'warn', reason: `tolerance measured ${shown}, more than the declared ${declared} s` };
    else if (measured < declared - 2) verdict = { status: 'warn', reason: `tolerance measured ${shown}, less than the declared ${declared} s (clients with a slow clock see early 401s)` };
    return { ...verdict, evidence };
  },
};

/** Opens with a fresh token from `sign` until the target accepts it, or time runs out. */
async function pollUntilAccepted(ctx: CheckContext, sign: () => Promise<string>, withinMs: number): Promise<{ ok: boolean; last: McpResponse; tries: number }> {
  const deadline = Date.now() + withinMs;
  let tries = 0;
  for (;;) {
    tries++;
    const token = await sign();
    const { response } = await ctx.probe.open({ token, label: 'token signed by the new key' });
    if (succeeded(response) || Date.now() >= deadline) return { ok: succeeded(response), last: response, tries };
    await sleep(Math.min(250, deadline - Date.now()));
  }
}

// The family mostly waits out expiry and cache windows: it runs beside the other families
// (schedule 'waits'), each check beside the others. The checks spending the target's JWKS
// refetches (tokens with unknown kids) come after the rotation checks, so a rate-limited refetch
// cannot keep the new kid out or a removed key in.
export default defineFamily({
  name: 'lifecycle',
  schedule: 'waits',
  metrics: lifecycleMetrics,
  checks: [expiryMidSession, refreshSameSession, otherPrincipal, clockSkew, removedKey, newKid],
});
