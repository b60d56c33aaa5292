// Family `claims`: a correctly signed token is still refused unless it is current (exp, nbf,
// iat), issued for this server (aud, RFC 8707), by the trusted issuer (iss), and an access token.
import type { CheckContext, Identity, Verdict } from '../src/check.ts';
import type { ToolCall } from '../src/config/config.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { acceptanceCheck, ALL_REVISIONS, attemptAll, refusalCheck, type Variant, ifForgeable } from '../src/define.ts';
import { succeeded } from '../src/probe/probe.ts';
import { refused, withEvidence, worst, type Attempt } from '../src/verdict.ts';
import { rbacTable } from './rbac.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };
/** Tokens signed with chosen claims: only where the harness holds the trusted key. */
const minted = { ...base, needs: ['mint'] };
const now = () => Math.floor(Date.now() / 1000);

/** A variant signed by the trusted key with some claims changed or dropped. */
async function signed(ctx: CheckContext, label: string, claims: Record<string, unknown>, omit: string[] = []): Promise<Variant> {
  return { label, token: await ctx.forge.valid(ctx.identity, { claims, omit }) };
}

/** Like `signed`, but for claim values jose refuses to put in a token (strings, null, nested arrays). */
function raw(ctx: CheckContext, label: string, claims: Record<string, unknown>): Variant {
  return { label, token: ctx.forge.raw(ctx.forge.header(), ctx.forge.claimsFor(ctx.identity, { claims }), { kind: 'trusted' }) };
}

const expired = refusalCheck({
  ...base,
  needs: ['expiry'],
  id: 'claims.exp.expired',
  title: 'An expired token (past exp plus the declared clock skew) is refused',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC7519_S4_1_4),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: "A leaked token keeps working after it expires: expiry, the main limit on a stolen token's use, does nothing.",
  fix: 'Check exp on every request (with at most a small, fixed leeway) and answer an expired token 401 invalid_token.',
  severity: 'high',
  flaw: 'accept-expired',
  variants: async (ctx) => {
    const minted = await ifForgeable(
      () => signed(ctx, 'expired 2 minutes past the skew', { iat: now() - 3600, exp: now() - ctx.clockSkewSeconds - 120 }),
      () => signed(ctx, 'expired a day ago', { iat: now() - 90000, exp: now() - 86400 }),
    );
    // Under oauth: the IdP's own short-lived token, waited out (auth.tokenTtlSeconds).
    return minted.length ? minted : [{ label: "the IdP's token, past its exp plus the declared skew", token: await ctx.forge.expired(ctx.identity) }];
  },
});

const expMissing = refusalCheck({
  ...minted,
  id: 'claims.exp.missing',
  title: 'A token without exp is refused',
  spec: specOf(req.RFC9068_EXP_REQUIRED),
  requirement: req.RFC9068_EXP_REQUIRED,
  impact: 'A token without exp never expires: once leaked, it works until the signing key is rotated.',
  fix: 'Require exp in the verifier (e.g. jose requiredClaims: ["exp"]) and refuse tokens that lack it.',
  severity: 'high',
  flaw: 'exp-optional',
  variants: async (ctx) => [await signed(ctx, 'no exp claim', {}, ['exp'])],
});

const expNonNumeric = refusalCheck({
  ...minted,
  id: 'claims.exp.non-numeric',
  title: 'A token whose exp is a string or null is refused',
  spec: specOf(req.RFC7519_NUMERIC_DATE),
  requirement: req.RFC7519_NUMERIC_DATE,
  impact: "An exp the verifier cannot read as a number is coerced or skipped, so the token's lifetime is whatever the parser makes of it.",
  fix: 'Refuse tokens whose exp (and nbf, iat) is not a JSON number.',
  severity: 'medium',
  flaw: 'exp-lenient-types',
  variants: (ctx) => [
    raw(ctx, 'exp as a numeric string', { exp: String(now() + 3600) }),
    raw(ctx, 'exp null', { exp: null }),
  ],
});

const withinSkew = acceptanceCheck({
  ...base,
  needs: ['clock-skew', 'mint'],
  id: 'claims.exp.within-skew',
  title: 'A token expired by less than the declared clock skew is still accepted',
  spec: specOf(req.RFC7519_LEEWAY),
  requirement: req.RFC7519_LEEWAY,
  impact: 'Clients whose clock runs slightly behind get 401s for tokens the team declared valid: spurious refreshes and failed calls.',
  fix: "Configure the verifier's clock tolerance to the declared skew (jose clockTolerance, PyJWT leeway).",
  severity: 'low',
  flaw: 'no-clock-skew',
  variants: async (ctx) => [
    await signed(ctx, `expired ${Math.floor(ctx.clockSkewSeconds / 2)} s ago (skew ${ctx.clockSkewSeconds} s)`, {
      iat: now() - 600,
      exp: now() - Math.floor(ctx.clockSkewSeconds / 2),
    }),
  ],
});

const nbfFuture = refusalCheck({
  ...minted,
  id: 'claims.nbf.future',
  title: 'A token not yet valid (nbf in the future beyond the skew) is refused',
  spec: specOf(req.RFC7519_NBF),
  requirement: req.RFC7519_NBF,
  impact: 'Tokens issued for later (pre-minted or with a tampered clock) are usable before their time.',
  fix: 'Check nbf (with the same small leeway as exp) and refuse tokens that are not yet valid.',
  severity: 'medium',
  flaw: 'ignore-nbf',
  variants: async (ctx) => [await signed(ctx, 'nbf 2 minutes past the skew', { nbf: now() + ctx.clockSkewSeconds + 120 })],
});

const iatFuture = refusalCheck({
  ...minted,
  id: 'claims.iat.future',
  title: 'A token issued in the future (iat an hour ahead) is refused',
  spec: specOf(req.RFC7519_IAT_NOT_FUTURE),
  requirement: req.RFC7519_IAT_NOT_FUTURE,
  impact: 'A token stamped as issued in the future, from a forging or misconfigured issuer, is accepted; its lifetime checks may be off by the same amount.',
  fix: 'Refuse tokens whose iat lies beyond the clock tolerance in the future (jose does so when maxTokenAge is set).',
  severity: 'low',
  flaw: 'ignore-iat',
  variants: async (ctx) => [await signed(ctx, 'iat an hour in the future', { iat: now() + ctx.clockSkewSeconds + 3600, exp: now() + 7200 })],
});

const audMissing = refusalCheck({
  ...minted,
  id: 'claims.aud.missing',
  title: 'A token without aud is refused',
  spec: specOf(req.MCP_AUDIENCE, refs.RFC8707_S2),
  requirement: req.MCP_AUDIENCE,
  impact: "Tokens issued for any other service of the same authorization server work here: one compromised or malicious service replays its users' tokens.",
  fix: "Require aud and check that it names this server's canonical resource URI (jose audience option, or the equivalent in your library).",
  severity: 'high',
  flaw: 'aud-optional',
  variants: async (ctx) => [await signed(ctx, 'no aud claim', {}, ['aud'])],
});

const audForeign = refusalCheck({
  ...minted,
  id: 'claims.aud.foreign',
  title: 'A token issued for another resource (foreign aud) is refused',
  spec: specOf(req.MCP_AUDIENCE, refs.RFC8707_S2),
  requirement: req.MCP_AUDIENCE,
  impact: 'Tokens issued for another service (or for the authorization server itself) work here: a token stolen from, or replayed by, another service is accepted.',
  fix: "Check that aud names this server's canonical resource URI and refuse every other audience.",
  severity: 'high',
  flaw: 'ignore-aud',
  variants: async (ctx) => [
    await signed(ctx, 'aud of another deployment', { aud: 'https://other-deployment.example/mcp' }),
    await signed(ctx, 'aud of the authorization server', { aud: ctx.issuer.url }),
  ],
});

const audCase = refusalCheck({
  ...minted,
  id: 'claims.aud.case',
  title: 'aud is compared exactly: a case-changed resource URI is refused',
  spec: specOf(req.RFC7519_AUD_EXACT, refs.RFC8707_S2),
  requirement: req.RFC7519_AUD_EXACT,
  impact: 'Tokens for a resource whose URI differs only in case are accepted here.',
  fix: 'Compare aud with the canonical resource URI exactly, without case-folding.',
  severity: 'low',
  flaw: 'aud-case-insensitive',
  variants: async (ctx) => [await signed(ctx, 'aud upper-cased', { aud: ctx.resource.toUpperCase() })],
});

const audTrailingSlash = refusalCheck({
  ...minted,
  id: 'claims.aud.trailing-slash',
  title: 'aud with a trailing slash added is refused (no normalisation)',
  spec: specOf(req.RFC7519_AUD_EXACT, refs.RFC8707_S2),
  requirement: req.RFC7519_AUD_EXACT,
  impact: 'Tokens for a resource whose URI differs only by a trailing slash are accepted here.',
  fix: 'Compare aud with the canonical resource URI exactly; configure one canonical form instead of normalizing tokens.',
  severity: 'low',
  flaw: 'aud-normalized',
  variants: async (ctx) => [await signed(ctx, 'aud + "/"', { aud: ctx.resource.endsWith('/') ? ctx.resource.slice(0, -1) : ctx.resource + '/' })],
});

const audSibling = refusalCheck({
  ...minted,
  id: 'claims.aud.sibling',
  title: 'aud of a sibling resource sharing a prefix is refused',
  spec: specOf(req.MCP_AUDIENCE, refs.RFC8707_S2),
  requirement: req.MCP_AUDIENCE,
  impact: 'Tokens for a sibling service whose URI shares a prefix (…/mcp2, …/mcp/other) work here.',
  fix: 'Compare aud for equality with the canonical resource URI; never use startsWith, includes or a pattern.',
  severity: 'high',
  flaw: 'aud-prefix-match',
  variants: async (ctx) => [
    await signed(ctx, 'aud = resource + "2"', { aud: ctx.resource + '2' }),
    await signed(ctx, 'aud = resource + "/other"', { aud: ctx.resource.replace(/\/$/, '') + '/other' }),
  ],
});

const audNonString = refusalCheck({
  ...minted,
  id: 'claims.aud.non-string',
  title: 'aud that is neither a string nor an array of strings is refused',
  spec: specOf(req.MCP_AUDIENCE, refs.RFC7519_S4_1_3),
  requirement: req.MCP_AUDIENCE,
  impact: "An aud of the wrong type (nested array, number) is flattened or skipped, so the audience check can be bypassed by the token's shape.",
  fix: 'Accept aud only as a string or an array of strings, and refuse every other type.',
  severity: 'medium',
  flaw: 'aud-lenient-types',
  variants: (ctx) => [raw(ctx, 'aud as a nested array [[resource]]', { aud: [[ctx.resource]] }), raw(ctx, 'aud as a number', { aud: 1 })],
});

/** Values of the wrong JSON type, built from the real value where one fits inside. */
function oddTypes(real: unknown): [string, unknown][] {
  return [
    ['null', null],
    ['true', true],
    ['0', 0],
    ['an object', { value: real }],
    ['a nested array', [[real]]],
  ];
}

const registeredTypes: CheckSpec = {
  ...minted,
  id: 'claims.types.registered',
  title: 'sub, aud and exp of the wrong JSON type (null, true, 0, an object, a nested array) are refused',
  spec: specOf(req.RFC7519_CLAIM_TYPES, refs.RFC7519_S4_1_3, refs.RFC7519_S4_1_4),
  requirement: req.RFC7519_CLAIM_TYPES,
  impact: 'A claim of the wrong type is coerced into a value nobody issued: null or an object becomes a subject, so the data of everyone whose token carries it is filed under one made-up user.',
  fix: "Validate each registered claim's JSON type (a schema for the payload) before using it, and refuse the token otherwise.",
  severity: 'medium',
  flaw: 'sub-lenient-types',
  async run(ctx) {
    const subject = ctx.claimNames.subject;
    const claims = ctx.forge.claimsFor(ctx.identity);
    // A custom subject claim (user_id) may legitimately be a number; the registered sub may not.
    const subjects = oddTypes(claims[subject]).filter(([what]) => subject === 'sub' || what !== '0');
    // aud as a nested array is claims.aud.non-string's; exp 0 is a (past) NumericDate, not a type error.
    const audiences = oddTypes(ctx.resource).filter(([what]) => what !== 'a nested array');
    const expiries = oddTypes(claims.exp).filter(([what]) => what !== '0' && what !== 'null');
    const variants = [
      ...subjects.map(([what, value]) => raw(ctx, `${subject} as ${what}`, { [subject]: value })),
      ...audiences.map(([what, value]) => raw(ctx, `aud as ${what}`, { aud: value })),
      ...expiries.map(([what, value]) => raw(ctx, `exp as ${what}`, { exp: value })),
    ];
    // Each on a session of its own: on the control's session another subject would get 404 anyway.
    const attempts: Attempt[] = [];
    for (const v of variants) attempts.push({ label: v.label, response: (await ctx.probe.open({ token: v.token, label: v.label })).response });
    return refused(attempts);
  },
};

const roleTypes: CheckSpec = {
  ...minted,
  id: 'claims.types.roles',
  title: 'A roles, scope or scp claim of an odd type (null, true, 0, an object, a nested array) never grants a privilege',
  spec: specOf(req.RFC7519_CLAIM_TYPES, refs.OWASP_API5),
  requirement: req.RFC7519_CLAIM_TYPES,
  impact: 'A role the authorization server never granted is read out of an odd-shaped claim ({"admin": true}, [["admin"]]), so whoever can shape a claim value becomes an administrator.',
  fix: 'Read roles and scopes only as an array of strings or a space-separated string; ignore (or refuse) any other shape instead of flattening or coercing it.',
  severity: 'high',
  flaw: 'roles-lenient-types',
  async run(ctx) {
    const gap = privilegeGapOf(ctx);
    if (!gap) return { status: 'skip', reason: `needs an rbac rule that denies ${ctx.identity.name} a call another configured identity may make` };
    const privileged = gap.higher.roles;
    const own = ctx.identity.roles;
    const shapes: [string, unknown][] = [
      ['null', null],
      ['true', true],
      ['0', 0],
      [`an object of the privileged roles (${privileged.join(', ')})`, Object.fromEntries(privileged.map((r) => [r, true]))],
      ['a nested array of the privileged roles', [[...privileged]]],
      ["the identity's own roles, then the privileged ones nested", [...own, [...privileged]]],
      ["the identity's own roles, then an object of the privileged ones", [...own, Object.fromEntries(privileged.map((r) => [r, true]))]],
    ];
    const attempts: Attempt[] = [];
    const verdicts: Verdict[] = [];
    for (const [what, value] of shapes) {
      const claims = { [ctx.claimNames.roles]: value, scope: value, scp: value };
      const token = ctx.forge.raw(ctx.forge.header(), ctx.forge.claimsFor(ctx.identity, { claims }), { kind: 'trusted' });
      const label = `roles, scope and scp as ${what}`;
      const opened = await ctx.probe.open({ token, label });
      const response = succeeded(opened.response)
        ? await ctx.probe.callTool(gap.call.tool, gap.call.arguments ?? {}, { token, session: opened.id, label })
        : opened.response;
      attempts.push({ label: `${label}: ${gap.call.tool}`, response });
      if (response.error && !response.status) verdicts.push({ status: 'error', reason: `${label}: ${response.error}` });
      else if (succeeded(response)) verdicts.push({ status: 'fail', reason: `${ctx.identity.name} ran ${gap.call.tool}, which the table denies it, with ${label}` });
    }
    return withEvidence(worst(verdicts), attempts);
  },
};

/** A call the rbac table denies the default identity and allows another configured one. */
function privilegeGapOf(ctx: CheckContext): { call: ToolCall; higher: Identity } | undefined {
  for (const rule of rbacTable(ctx.config)?.rules ?? []) {
    const allows = (i: Identity) => rule.allow.includes('*') || rule.allow.includes(i.name);
    const higher = ctx.identities.find(allows);
    if (higher && !allows(ctx.identity)) return { call: rule, higher };
  }
  return undefined;
}

const audArray = acceptanceCheck({
  ...minted,
  // A server whose own tokens carry no aud has no audience of its own: RFC 7519 §4.1.3 makes it
  // refuse every aud, so an array naming the resource proves nothing either way.
  needs: ['mint', 'own-audience'],
  id: 'claims.aud.array',
  title: 'aud as an array that contains the resource is accepted',
  spec: specOf(req.RFC7519_AUD_ARRAY, refs.RFC8707_S2),
  requirement: req.RFC7519_AUD_ARRAY,
  impact: 'Valid tokens that list several audiences (as many authorization servers issue them) are refused: an outage for those clients.',
  fix: 'Accept aud as an array and check that it contains the canonical resource URI.',
  severity: 'low',
  flaw: 'aud-array-unsupported',
  variants: async (ctx) => [await signed(ctx, 'aud = [resource, other]', { aud: [ctx.resource, 'https://other-deployment.example/mcp'] })],
});

const audArrayForeign = refusalCheck({
  ...minted,
  id: 'claims.aud.array-foreign',
  title: 'aud as an array that does not contain the resource is refused',
  spec: specOf(req.MCP_AUDIENCE, refs.RFC7519_S4_1_3, refs.RFC8707_S2),
  requirement: req.MCP_AUDIENCE,
  impact: 'Any token with an aud array works here, whatever it names: tokens for other services are accepted.',
  fix: 'When aud is an array, require that one of its entries is exactly the canonical resource URI.',
  severity: 'high',
  flaw: 'aud-array-any',
  variants: async (ctx) => [await signed(ctx, 'aud = [other, another]', { aud: ['https://a.example/mcp', 'https://b.example/mcp'] })],
});

const issMissing = refusalCheck({
  ...minted,
  id: 'claims.iss.missing',
  title: 'A token without iss is refused',
  spec: specOf(req.RFC9068_ISS_EXACT, refs.RFC8725_S3_8),
  requirement: req.RFC9068_ISS_EXACT,
  impact: 'A token without an issuer is accepted: where a signing key is shared between issuers or tenants, tokens from any of them work.',
  fix: 'Require iss and compare it exactly with the trusted issuer (jose issuer option).',
  severity: 'medium',
  flaw: 'iss-optional',
  variants: async (ctx) => [await signed(ctx, 'no iss claim', {}, ['iss'])],
});

const issForeign = refusalCheck({
  ...minted,
  id: 'claims.iss.foreign',
  title: 'A token from a foreign issuer is refused',
  spec: specOf(req.MCP_ONLY_OWN_TOKENS, refs.RFC8725_S3_8),
  requirement: req.MCP_ONLY_OWN_TOKENS,
  impact: "Tokens from another issuer are accepted: where keys are shared (multi-tenant identity providers), any tenant's users get in.",
  fix: "Check iss against the exact issuer of this server's authorization server and refuse every other issuer.",
  severity: 'high',
  flaw: 'ignore-iss',
  variants: async (ctx) => [await signed(ctx, 'iss of another authorization server', { iss: 'https://evil-issuer.example' })],
});

const issTrailingSlash = refusalCheck({
  ...minted,
  id: 'claims.iss.trailing-slash',
  title: 'iss with a trailing slash added is refused (exact match)',
  spec: specOf(req.RFC9068_ISS_EXACT, refs.RFC8414_S3_3),
  requirement: req.RFC9068_ISS_EXACT,
  impact: 'An issuer that merely resembles the trusted one is accepted: issuer comparison is normalized instead of exact.',
  fix: 'Compare iss with the configured issuer byte for byte.',
  severity: 'low',
  flaw: 'iss-normalized',
  variants: async (ctx) => [await signed(ctx, 'iss + "/"', { iss: ctx.issuer.url + '/' })],
});

// "A refresh token used as a bearer" was a check of its own (claims.refresh-token-as-bearer), but
// it only repeated this one: the issuer's refresh tokens are JWTs from the same key, for the same
// audience, with the same claims, typed rt+jwt, which is the first variant here. A real refresh
// token that is opaque or aimed at the authorization server is refused by any server that passes
// claims.aud.* and headers.invalid.status, so a separate check would add nothing.
const typ = refusalCheck({
  ...minted,
  id: 'claims.typ.not-access-token',
  title: 'A token typed as something other than an access token (typ rt+jwt, dpop+jwt, secevent+jwt) is refused',
  spec: specOf(req.RFC9068_TYP, refs.RFC8725_S3_11),
  requirement: req.RFC9068_TYP,
  impact: 'Other JWTs signed by the same key (refresh tokens, DPoP proofs, security event tokens) are accepted as access tokens.',
  fix: 'Require typ at+jwt (or refuse the known non-access types) in the verifier (jose typ option).',
  severity: 'medium',
  flaw: 'ignore-typ',
  variants: async (ctx) =>
    Promise.all(
      ['rt+jwt', 'dpop+jwt', 'secevent+jwt'].map(async (t) => ({ label: t === 'rt+jwt' ? 'typ "rt+jwt" (a refresh token, as the issuer mints them)' : `typ "${t}"`, token: await ctx.forge.valid(ctx.identity, { header: { typ: t } }) })),
    ),
});

const duplicateMembers: CheckSpec = {
  ...base,
  needs: ['oracle', 'mint'],
  id: 'claims.duplicate-members',
  title: 'Duplicate JSON members (two sub) never make the first one the identity',
  spec: specOf(req.RFC7519_UNIQUE_CLAIMS, refs.RFC8259_S4),
  requirement: req.RFC7519_UNIQUE_CLAIMS,
  impact: "A token with two sub claims is read as the first one: where any claim content is attacker-influenced, the caller's identity is too.",
  fix: 'Parse token JSON with a parser that rejects duplicate members or keeps the last one (the JSON.parse default), and never re-parse claims by hand.',
  severity: 'medium',
  flaw: 'first-duplicate-member-wins',
  async run(ctx) {
    const impostor = 'impostor-' + ctx.identity.subject;
    const claims = ctx.forge.claimsFor(ctx.identity);
    const subClaim = ctx.claimNames.subject;
    const rest = JSON.stringify(claims).slice(1); // drop '{'
    const payload = `{"${subClaim}":${JSON.stringify(impostor)},${rest}`; // the real subject comes last
    const token = ctx.forge.raw(ctx.forge.header(), payload, { kind: 'trusted' });
    const response = await ctx.whoami({ token, label: 'token with a duplicate subject claim' });
    const attempts = [{ label: 'duplicate subject claim (impostor first)', response }];
    let v: Verdict = { status: 'pass' };
    if (response.error && !response.status) v = { status: 'error', reason: response.error };
    else if (succeeded(response)) {
      const who = ctx.identityOf(response);
      if (who === impostor) v = { status: 'fail', reason: 'the server took the FIRST of two duplicate subject claims as the caller' };
      else if (who !== ctx.identity.subject) v = { status: 'warn', reason: `the oracle named ${JSON.stringify(who)}, neither subject` };
    }
    return withEvidence(v, attempts);
  },
};

export default defineFamily({
  name: 'claims',
  capabilities: {
    'own-audience': {
      missing: "the target's own tokens carry no aud (auth.token.claims.aud: false), so it has no audience that an aud array could contain",
      available: (config) => config.auth.token.claims.aud,
    },
  },
  checks: [
  expired,
  expMissing,
  expNonNumeric,
  withinSkew,
  nbfFuture,
  iatFuture,
  audMissing,
  audForeign,
  audCase,
  audTrailingSlash,
  audSibling,
  audNonString,
  registeredTypes,
  roleTypes,
  audArray,
  audArrayForeign,
  issMissing,
  issForeign,
  issTrailingSlash,
  typ,
  duplicateMembers,
],
});
