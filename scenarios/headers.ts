// Family `headers`: the Authorization header itself — missing, wrong scheme, malformed tokens,
// tokens in the query — and the precise 401 answer (RFC 6750 §3) every refusal must carry.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { acceptanceCheck, ALL_REVISIONS, attemptAll, refusalCheck, type Variant } from '../src/define.ts';
import { b64url } from '../src/tokens/forge.ts';
import { answeredWith, bearerChallenge, withEvidence, judgeEach } from '../src/verdict.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

/** Tokens every compliant server refuses: garbage, a broken signature, an expired token. */
async function badTokens(ctx: CheckContext): Promise<Variant[]> {
  return [
    { label: 'garbage token', token: ctx.forge.keep('not-a-jwt') },
    { label: 'token with a corrupted signature', token: ctx.forge.corruptedSignature(await ctx.forge.valid(ctx.identity)) },
    { label: 'token expired an hour ago', token: await ctx.forge.expired(ctx.identity) },
  ];
}

const missingRefused: CheckSpec = {
  ...base,
  id: 'headers.missing.refused',
  title: 'A request without Authorization is refused with HTTP 401',
  spec: ['MCP 2025-11-25 authorization §Token Handling', 'RFC 6750 §3.1'],
  severity: 'high',
  flaw: 'allow-anonymous',
  async run(ctx) {
    const [attempt] = await attemptAll(ctx, [{ label: 'no Authorization header' }]);
    return withEvidence(answeredWith(401, attempt), [attempt]);
  },
};

const missingNoErrorCode: CheckSpec = {
  ...base,
  id: 'headers.missing.no-error-code',
  title: 'Missing credentials get a Bearer challenge without an error code',
  spec: ['RFC 6750 §3.1 ("the resource server SHOULD NOT include an error code")'],
  severity: 'low',
  flaw: 'error-code-on-missing',
  async run(ctx) {
    const [attempt] = await attemptAll(ctx, [{ label: 'no Authorization header' }]);
    const challenge = bearerChallenge(attempt.response);
    let v: Verdict = { status: 'pass' };
    if (!challenge) v = { status: 'skip', reason: 'no Bearer challenge to inspect (see headers.challenge.present)' };
    else if (challenge.error)
      v = { status: 'fail', reason: `the challenge for a request without credentials carries error="${challenge.error}"` };
    return withEvidence(v, [attempt]);
  },
};

const challengePresent: CheckSpec = {
  ...base,
  id: 'headers.challenge.present',
  title: 'Every 401 carries a WWW-Authenticate Bearer challenge',
  spec: ['RFC 9110 §11.6.1', 'RFC 6750 §3', 'MCP 2025-11-25 authorization §Protected Resource Metadata Discovery'],
  severity: 'medium',
  flaw: 'no-www-authenticate',
  async run(ctx) {
    const attempts = await attemptAll(ctx, [{ label: 'no Authorization header' }, ...(await badTokens(ctx))]);
    return judgeEach(attempts, ({ label, response }): Verdict => {
      if (response.status !== 401) return { status: 'pass' }; // the status is other checks' business
      return bearerChallenge(response) ? { status: 'pass' } : { status: 'fail', reason: `401 for ${label} has no WWW-Authenticate: Bearer challenge` };
    });
  },
};

const invalidStatus: CheckSpec = {
  ...base,
  id: 'headers.invalid.status',
  title: 'An invalid token is answered with HTTP 401 (not 400, 403, 5xx or a 200 JSON-RPC error)',
  spec: ['MCP 2025-11-25 authorization §Error Handling', 'RFC 6750 §3.1'],
  severity: 'medium',
  flaw: 'auth-error-as-200',
  async run(ctx) {
    const attempts = await attemptAll(ctx, await badTokens(ctx));
    return judgeEach(attempts, (a) => answeredWith(401, a));
  },
};

const invalidErrorCode: CheckSpec = {
  ...base,
  id: 'headers.invalid.error-code',
  title: 'An invalid token gets error="invalid_token" in the Bearer challenge',
  spec: ['RFC 6750 §3.1', 'MCP 2025-11-25 authorization §Error Handling'],
  severity: 'low',
  flaw: 'no-error-code',
  async run(ctx) {
    const attempts = await attemptAll(ctx, await badTokens(ctx));
    return judgeEach(attempts, ({ label, response }): Verdict => {
      const challenge = bearerChallenge(response);
      if (response.status !== 401 || !challenge) return { status: 'pass' };
      return challenge.error === 'invalid_token'
        ? { status: 'pass' }
        : { status: 'fail', reason: `challenge for ${label} has error=${challenge.error ? `"${challenge.error}"` : '(none)'}, expected "invalid_token"` };
    });
  },
};

const basicScheme = refusalCheck({
  ...base,
  id: 'headers.scheme.other',
  title: 'Credentials under another scheme (Basic, Token, raw) are refused',
  spec: ['RFC 6750 §2.1', 'MCP 2025-11-25 authorization §Token Requirements'],
  severity: 'high',
  flaw: 'any-scheme',
  async variants(ctx) {
    const valid = await ctx.forge.valid(ctx.identity);
    return [
      { label: 'Basic x', authorization: 'Basic x' },
      { label: 'Basic user:pass', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      { label: 'Basic <valid token>', authorization: `Basic ${valid}` },
      { label: 'Token <valid token>', authorization: `Token ${valid}` },
      { label: 'a valid token with no scheme', authorization: valid },
    ];
  },
});

const lowercaseScheme = acceptanceCheck({
  ...base,
  id: 'headers.scheme.case-insensitive',
  title: 'The scheme is case-insensitive: "bearer <valid token>" is accepted',
  spec: ['RFC 9110 §11.1', 'RFC 6750 §2.1'],
  severity: 'low',
  flaw: 'scheme-case-sensitive',
  async variants(ctx) {
    const valid = await ctx.forge.valid(ctx.identity);
    return [
      { label: 'bearer <valid token>', authorization: `bearer ${valid}` },
      { label: 'BEARER <valid token>', authorization: `BEARER ${valid}` },
    ];
  },
});

const emptyBearer = refusalCheck({
  ...base,
  id: 'headers.bearer.empty',
  title: '"Bearer" with no token is refused, not treated as anonymous',
  spec: ['RFC 6750 §2.1', 'RFC 6750 §3.1'],
  severity: 'high',
  flaw: 'empty-bearer-anonymous',
  variants: () => [
    { label: 'Bearer', authorization: 'Bearer' },
    { label: 'Bearer + space', authorization: 'Bearer ' },
    { label: 'Bearer + spaces', authorization: 'Bearer    ' },
    { label: 'empty Authorization', authorization: '' },
  ],
});

const segments = refusalCheck({
  ...base,
  id: 'headers.malformed.segments',
  title: 'Tokens with 1, 2 or 4 segments are refused with a 4xx, never a 5xx',
  spec: ['RFC 7515 §7.1', 'RFC 6750 §3.1'],
  severity: 'medium',
  flaw: 'crash-on-malformed',
  async variants(ctx) {
    const [h, p, s] = (await ctx.forge.valid(ctx.identity)).split('.');
    return [
      { label: 'one segment', token: ctx.forge.keep(h) },
      { label: 'two segments', token: ctx.forge.keep(`${h}.${p}`) },
      { label: 'four segments', token: ctx.forge.keep(`${h}.${p}.${s}.${s}`) },
      { label: 'three empty segments', token: '..' },
    ];
  },
});

const encoding = refusalCheck({
  ...base,
  id: 'headers.malformed.encoding',
  title: 'Segments that are not base64url JSON objects are refused with a 4xx, never a 5xx',
  spec: ['RFC 7515 §2', 'RFC 7519 §7.2', 'RFC 6750 §3.1'],
  severity: 'medium',
  flaw: 'crash-on-malformed',
  async variants(ctx) {
    const [h, p, s] = (await ctx.forge.valid(ctx.identity)).split('.');
    return [
      { label: 'non-base64url characters', token: ctx.forge.keep(`${h}.${p}!!$$.${s}`) },
      { label: 'header that is not JSON', token: ctx.forge.keep(`${b64url('not json')}.${p}.${s}`) },
      { label: 'header that is a JSON array', token: ctx.forge.keep(`${b64url('[1,2]')}.${p}.${s}`) },
      { label: 'payload that is a JSON string', token: ctx.forge.raw(ctx.forge.header(), '"just a string"', { kind: 'trusted' }) },
      { label: 'payload that is JSON null', token: ctx.forge.raw(ctx.forge.header(), 'null', { kind: 'trusted' }) },
    ];
  },
});

const oversized = refusalCheck({
  ...base,
  id: 'headers.malformed.oversized',
  title: 'A 15 KB token is refused with a 4xx (431 is fine), never a 5xx or a hang',
  spec: ['RFC 6750 §3.1', 'RFC 6585 §5'],
  severity: 'low',
  flaw: 'crash-on-malformed',
  variants: (ctx) => {
    const junk = 'A'.repeat(5000);
    return [{ label: '15 KB token', token: ctx.forge.keep(`${junk}.${junk}.${junk}`) }];
  },
});

const queryToken = refusalCheck({
  ...base,
  id: 'headers.query.access-token',
  title: 'A valid token in the ?access_token= query parameter is not accepted',
  spec: ['MCP 2025-11-25 authorization §Access Token Usage ("MUST NOT be included in the URI query string")', 'OAuth 2.1 §5.2'],
  severity: 'medium',
  flaw: 'token-in-query',
  async variants(ctx) {
    const valid = await ctx.forge.valid(ctx.identity);
    return [{ label: 'valid token in ?access_token=', query: `access_token=${encodeURIComponent(valid)}` }];
  },
});

export default defineFamily({
  name: 'headers',
  checks: [
  missingRefused,
  missingNoErrorCode,
  challengePresent,
  invalidStatus,
  invalidErrorCode,
  basicScheme,
  lowercaseScheme,
  emptyBearer,
  segments,
  encoding,
  oversized,
  queryToken,
],
});
