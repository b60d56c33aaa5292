// Family `claims`: a correctly signed token is still refused unless it is current (exp, nbf,
// iat), issued for this server (aud, RFC 8707), by the trusted issuer (iss), and an access token.
import crypto from 'node:crypto';
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { acceptanceCheck, ALL_REVISIONS, attemptAll, refusalCheck, type Variant } from '../src/define.ts';
import { succeeded } from '../src/probe/probe.ts';
import { refused, withEvidence } from '../src/verdict.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };
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
  id: 'claims.exp.expired',
  title: 'An expired token (past exp plus the declared clock skew) is refused',
  spec: ['RFC 7519 §4.1.4', 'MCP 2025-11-25 authorization §Token Handling'],
  severity: 'high',
  flaw: 'accept-expired',
  variants: async (ctx) => [
    await signed(ctx, 'expired 2 minutes past the skew', { iat: now() - 3600, exp: now() - ctx.clockSkewSeconds - 120 }),
    await signed(ctx, 'expired a day ago', { iat: now() - 90000, exp: now() - 86400 }),
  ],
});

const expMissing = refusalCheck({
  ...base,
  id: 'claims.exp.missing',
  title: 'A token without exp is refused',
  spec: ['RFC 9068 §2.2 (exp REQUIRED)', 'OAuth 2.1 §1.4'],
  severity: 'high',
  flaw: 'exp-optional',
  variants: async (ctx) => [await signed(ctx, 'no exp claim', {}, ['exp'])],
});

const expNonNumeric = refusalCheck({
  ...base,
  id: 'claims.exp.non-numeric',
  title: 'A token whose exp is a string or null is refused',
  spec: ['RFC 7519 §2 (NumericDate)', 'RFC 7519 §4.1.4'],
  severity: 'medium',
  flaw: 'exp-lenient-types',
  variants: (ctx) => [
    raw(ctx, 'exp as a numeric string', { exp: String(now() + 3600) }),
    raw(ctx, 'exp null', { exp: null }),
  ],
});

const withinSkew = acceptanceCheck({
  ...base,
  needs: ['clock-skew'],
  id: 'claims.exp.within-skew',
  title: 'A token expired by less than the declared clock skew is still accepted',
  spec: ['RFC 7519 §4.1.4 ("some small leeway")', 'RFC 9068 §4'],
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
  ...base,
  id: 'claims.nbf.future',
  title: 'A token not yet valid (nbf in the future beyond the skew) is refused',
  spec: ['RFC 7519 §4.1.5'],
  severity: 'medium',
  flaw: 'ignore-nbf',
  variants: async (ctx) => [await signed(ctx, 'nbf 2 minutes past the skew', { nbf: now() + ctx.clockSkewSeconds + 120 })],
});

const iatFuture = refusalCheck({
  ...base,
  id: 'claims.iat.future',
  title: 'A token issued in the future (iat an hour ahead) is refused',
  spec: ['RFC 7519 §4.1.6', 'RFC 8725 §3.10'],
  severity: 'low',
  flaw: 'ignore-iat',
  variants: async (ctx) => [await signed(ctx, 'iat an hour in the future', { iat: now() + ctx.clockSkewSeconds + 3600, exp: now() + 7200 })],
});

const audMissing = refusalCheck({
  ...base,
  id: 'claims.aud.missing',
  title: 'A token without aud is refused',
  spec: ['MCP 2025-11-25 authorization §Token Audience Binding and Validation', 'RFC 8707 §2', 'RFC 9068 §4'],
  severity: 'high',
  flaw: 'aud-optional',
  variants: async (ctx) => [await signed(ctx, 'no aud claim', {}, ['aud'])],
});

const audForeign = refusalCheck({
  ...base,
  id: 'claims.aud.foreign',
  title: 'A token issued for another resource (foreign aud) is refused',
  spec: ['MCP 2025-11-25 authorization §Token Audience Binding and Validation', 'RFC 8707 §2'],
  severity: 'high',
  flaw: 'ignore-aud',
  variants: async (ctx) => [
    await signed(ctx, 'aud of another deployment', { aud: 'https://other-deployment.example/mcp' }),
    await signed(ctx, 'aud of the authorization server', { aud: ctx.issuer.url }),
  ],
});

const audCase = refusalCheck({
  ...base,
  id: 'claims.aud.case',
  title: 'aud is compared exactly: a case-changed resource URI is refused',
  spec: ['RFC 7519 §4.1.3 (case-sensitive StringOrURI comparison)', 'RFC 8707 §2'],
  severity: 'low',
  flaw: 'aud-case-insensitive',
  variants: async (ctx) => [await signed(ctx, 'aud upper-cased', { aud: ctx.resource.toUpperCase() })],
});

const audTrailingSlash = refusalCheck({
  ...base,
  id: 'claims.aud.trailing-slash',
  title: 'aud with a trailing slash added is refused (no normalisation)',
  spec: ['RFC 7519 §4.1.3', 'RFC 8707 §2'],
  severity: 'low',
  flaw: 'aud-normalized',
  variants: async (ctx) => [await signed(ctx, 'aud + "/"', { aud: ctx.resource.endsWith('/') ? ctx.resource.slice(0, -1) : ctx.resource + '/' })],
});

const audSibling = refusalCheck({
  ...base,
  id: 'claims.aud.sibling',
  title: 'aud of a sibling resource sharing a prefix is refused',
  spec: ['RFC 8707 §2', 'MCP 2025-11-25 authorization §Token Audience Binding and Validation'],
  severity: 'high',
  flaw: 'aud-prefix-match',
  variants: async (ctx) => [
    await signed(ctx, 'aud = resource + "2"', { aud: ctx.resource + '2' }),
    await signed(ctx, 'aud = resource + "/other"', { aud: ctx.resource.replace(/\/$/, '') + '/other' }),
  ],
});

const audNonString = refusalCheck({
  ...base,
  id: 'claims.aud.non-string',
  title: 'aud that is neither a string nor an array of strings is refused',
  spec: ['RFC 7519 §4.1.3'],
  severity: 'medium',
  flaw: 'aud-lenient-types',
  variants: (ctx) => [raw(ctx, 'aud as a nested array [[resource]]', { aud: [[ctx.resource]] }), raw(ctx, 'aud as a number', { aud: 1 })],
});

const audArray = acceptanceCheck({
  ...base,
  id: 'claims.aud.array',
  title: 'aud as an array that contains the resource is accepted',
  spec: ['RFC 7519 §4.1.3', 'RFC 8707 §2'],
  severity: 'low',
  flaw: 'aud-array-unsupported',
  variants: async (ctx) => [await signed(ctx, 'aud = [resource, other]', { aud: [ctx.resource, 'https://other-deployment.example/mcp'] })],
});

const audArrayForeign = refusalCheck({
  ...base,
  id: 'claims.aud.array-foreign',
  title: 'aud as an array that does not contain the resource is refused',
  spec: ['RFC 7519 §4.1.3', 'RFC 8707 §2'],
  severity: 'high',
  flaw: 'aud-array-any',
  variants: async (ctx) => [await signed(ctx, 'aud = [other, another]', { aud: ['https://a.example/mcp', 'https://b.example/mcp'] })],
});

const issMissing = refusalCheck({
  ...base,
  id: 'claims.iss.missing',
  title: 'A token without iss is refused',
  spec: ['RFC 9068 §4', 'RFC 8725 §3.8'],
  severity: 'medium',
  flaw: 'iss-optional',
  variants: async (ctx) => [await signed(ctx, 'no iss claim', {}, ['iss'])],
});

const issForeign = refusalCheck({
  ...base,
  id: 'claims.iss.foreign',
  title: 'A token from a foreign issuer is refused',
  spec: ['RFC 9068 §4', 'RFC 8725 §3.8'],
  severity: 'high',
  flaw: 'ignore-iss',
  variants: async (ctx) => [await signed(ctx, 'iss of another authorization server', { iss: 'https://evil-issuer.example' })],
});

const issTrailingSlash = refusalCheck({
  ...base,
  id: 'claims.iss.trailing-slash',
  title: 'iss with a trailing slash added is refused (exact match)',
  spec: ['RFC 8414 §3.3', 'RFC 9068 §4'],
  severity: 'low',
  flaw: 'iss-normalized',
  variants: async (ctx) => [await signed(ctx, 'iss + "/"', { iss: ctx.issuer.url + '/' })],
});

const typ = refusalCheck({
  ...base,
  id: 'claims.typ.not-access-token',
  title: 'A token typed as something other than an access token (typ rt+jwt, dpop+jwt, secevent+jwt) is refused',
  spec: ['RFC 9068 §4 (typ at+jwt)', 'RFC 8725 §3.11'],
  severity: 'medium',
  flaw: 'ignore-typ',
  variants: async (ctx) =>
    Promise.all(
      ['rt+jwt', 'dpop+jwt', 'secevent+jwt'].map(async (t) => ({ label: `typ "${t}"`, token: await ctx.forge.valid(ctx.identity, { header: { typ: t } }) })),
    ),
});

const refreshAsBearer: CheckSpec = {
  ...base,
  needs: ['asymmetric'],
  id: 'claims.refresh-token-as-bearer',
  title: 'A refresh token from the token endpoint is refused as a bearer',
  spec: ['RFC 6749 §1.5', 'RFC 8725 §3.11', 'OAuth 2.1 §1.3.2'],
  severity: 'medium',
  flaw: 'ignore-typ',
  async run(ctx) {
    const refreshToken = ctx.forge.keep(await refreshTokenFromIssuer(ctx));
    return refused(await attemptAll(ctx, [{ label: 'refresh token as bearer', token: refreshToken }]));
  },
};

const duplicateMembers: CheckSpec = {
  ...base,
  needs: ['oracle'],
  id: 'claims.duplicate-members',
  title: 'Duplicate JSON members (two sub) never make the first one the identity',
  spec: ['RFC 7515 §5.2 (reject or use the lexically last member)', 'RFC 8259 §4'],
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

/** A real refresh token, through the issuer's token endpoint (client_credentials). */
async function refreshTokenFromIssuer(ctx: CheckContext): Promise<string> {
  const client = { clientId: `refresh-check-${ctx.identity.name}`, clientSecret: crypto.randomBytes(16).toString('base64url') };
  ctx.issuer.registerClient({ ...client, subject: ctx.identity.subject, roles: ctx.identity.roles, username: ctx.identity.username });
  const res = await fetch(ctx.issuer.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
  });
  const body = (await res.json()) as { refresh_token?: string };
  if (!body.refresh_token) throw new Error(`the issuer's token endpoint returned no refresh_token (HTTP ${res.status})`);
  return body.refresh_token;
}

export default defineFamily({
  name: 'claims',
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
  audArray,
  audArrayForeign,
  issMissing,
  issForeign,
  issTrailingSlash,
  typ,
  refreshAsBearer,
  duplicateMembers,
],
});
