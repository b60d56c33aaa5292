// Family `headers`: the Authorization header itself — missing, wrong scheme, malformed tokens,
// tokens in the query — and the precise 401 answer (RFC 6750 §3) every refusal must carry.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { acceptanceCheck, ALL_REVISIONS, attemptAll, ifForgeable, refusalCheck, type Variant } from '../src/define.ts';
import { b64url } from '../src/tokens/forge.ts';
import { answeredWith, bearerChallenge, judgeEach, refused, withEvidence } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

/** Tokens every compliant server refuses: garbage, a broken signature, an expired token. */
async function badTokens(ctx: CheckContext): Promise<Variant[]> {
  return [
    { label: 'garbage token', token: ctx.forge.keep('not-a-jwt') },
    { label: 'token with a corrupted signature', token: ctx.forge.corruptedSignature(await ctx.forge.valid(ctx.identity)) },
    // Under oauth, an expired token is a real one waited out (auth.tokenTtlSeconds), else left out.
    ...(await ifForgeable(async () => ({ label: 'token expired an hour ago', token: await ctx.forge.expired(ctx.identity) }))),
  ];
}

const missingRefused: CheckSpec = {
  ...base,
  id: 'headers.missing.refused',
  title: 'A request without Authorization is refused with HTTP 401',
  spec: specOf(req.MCP_STATUS_CODES, refs.RFC6750_S3_1),
  requirement: req.MCP_STATUS_CODES,
  impact: 'Anyone who can reach the server uses its tools without any credential.',
  fix: 'Run authentication before every MCP handler and answer a request without credentials 401 with a Bearer challenge.',
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
  spec: specOf(req.OAUTH_NO_ERROR_WITHOUT_CREDENTIALS, refs.RFC6750_S3_1),
  requirement: req.OAUTH_NO_ERROR_WITHOUT_CREDENTIALS,
  impact: 'Clients that have no token yet read error="invalid_token" as "my token was refused" and may refresh or give up instead of starting authorization.',
  fix: 'Answer a request that carries no credentials with a Bearer challenge without the error attribute; keep error="invalid_token" for tokens that fail validation.',
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
  spec: specOf(req.OAUTH_WWW_AUTHENTICATE, refs.RFC6750_S3, refs.RFC9110_S15_5_2),
  requirement: req.OAUTH_WWW_AUTHENTICATE,
  impact: 'Clients cannot tell that a bearer token is needed or where to get one, so authorization never starts and users see a bare failure.',
  fix: 'Send WWW-Authenticate: Bearer (with resource_metadata) on every 401, including those from middleware and error paths.',
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
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC6750_S3_1),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'Clients never learn that their token is bad (no refresh, no re-authorization), and proxies or caches may treat the refusal as a success.',
  fix: 'Map every token-validation failure to HTTP 401 with a Bearer challenge, before any MCP processing, never to 400, 403, 5xx or a JSON-RPC error.',
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
  spec: specOf(req.OAUTH_ERROR_ATTRIBUTE, refs.RFC6750_S3_1),
  requirement: req.OAUTH_ERROR_ATTRIBUTE,
  impact: 'Clients cannot tell an expired or invalid token from missing credentials, so they may not refresh when they should.',
  fix: 'Add error="invalid_token" (and an error_description) to the Bearer challenge whenever a presented token fails validation.',
  severity: 'low',
  flaw: 'no-error-code',
  async run(ctx) {
    const attempts = await attemptAll(ctx, await badTokens(ctx));
    return judgeEach(attempts, ({ label, response }): Verdict => {
      if (response.status !== 401) return { status: 'pass' }; // the status is headers.invalid.status's business
      const challenge = bearerChallenge(response);
      // No challenge, so no error attribute either: this SHOULD is broken too. The missing header
      // itself breaks a MUST, which headers.challenge.present fails on these same tokens.
      if (!challenge) return { status: 'fail', reason: `401 for ${label} has no WWW-Authenticate: Bearer challenge, hence no error="invalid_token"` };
      return challenge.error === 'invalid_token'
        ? { status: 'pass' }
        : { status: 'fail', reason: `challenge for ${label} has error=${challenge.error ? `"${challenge.error}"` : '(none)'}, expected "invalid_token"` };
    });
  },
};

/**
 * The error codes a resource server may put in a Bearer challenge: the three of RFC 6750 §3.1 and
 * those the OAuth Extensions Error Registry lists for resource access error responses.
 */
export const RESOURCE_ERROR_CODES = ['invalid_request', 'invalid_token', 'insufficient_scope', 'invalid_dpop_proof', 'use_dpop_nonce', 'insufficient_user_authentication'];

const registeredErrorCode: CheckSpec = {
  ...base,
  id: 'headers.error-code.registered',
  title: 'Bearer challenges use the defined error codes (invalid_request, invalid_token, insufficient_scope), not invented ones',
  spec: specOf(req.OAUTH_ERROR_CODES, refs.RFC6750_S3_1),
  requirement: req.OAUTH_ERROR_CODES,
  impact: 'Clients that act on invalid_token (refresh, then authorize again) or insufficient_scope (ask for more) do neither, so users are stuck instead of recovering.',
  fix: 'Answer every bad, expired or foreign token with error="invalid_token" (the detail goes in error_description) and missing privileges with error="insufficient_scope".',
  severity: 'low',
  flaw: 'nonstandard-error-codes',
  async run(ctx) {
    const foreign = await ifForgeable(
      async () => ({ label: 'token from a foreign issuer', token: await ctx.forge.valid(ctx.identity, { claims: { iss: 'https://evil-issuer.example' } }) }),
      async () => ({ label: 'token for another resource', token: await ctx.forge.valid(ctx.identity, { claims: { aud: 'https://other-deployment.example/mcp' } }) }),
    );
    const attempts = await attemptAll(ctx, [{ label: 'no Authorization header' }, ...(await badTokens(ctx)), ...foreign]);
    const invented = attempts.flatMap(({ label, response }) => {
      const code = bearerChallenge(response)?.error;
      return code === undefined || RESOURCE_ERROR_CODES.includes(code) ? [] : [`error="${code}" for ${label}`];
    });
    const v: Verdict = invented.length ? { status: 'fail', reason: `error codes OAuth does not define: ${invented.join('; ')} (expected invalid_token, or none without credentials)` } : { status: 'pass' };
    return withEvidence(v, attempts);
  },
};

// A credential that is no valid token, under any scheme, must be refused (MUST); a valid token
// read from under another scheme is lenient parsing (hardening): each variant is judged by its own.
const basicScheme: CheckSpec = {
  ...base,
  id: 'headers.scheme.other',
  title: 'Credentials under another scheme (Basic, Token, raw) are refused',
  spec: specOf(req.MCP_STATUS_CODES, req.OAUTH_BEARER_SCHEME_ONLY, refs.RFC6750_S2_1),
  requirement: req.MCP_STATUS_CODES,
  impact: 'Credentials are read from whatever scheme is sent: made-up Basic credentials get in, or tokens travel where Basic credentials are logged and other parsers widen what is accepted.',
  fix: 'Extract the token only from "Authorization: Bearer <token>" (scheme compared case-insensitively) and refuse any other scheme with 401.',
  severity: 'high',
  flaw: 'any-scheme',
  async run(ctx) {
    const valid = await ctx.forge.valid(ctx.identity);
    const variants = [
      { label: 'Basic x', authorization: 'Basic x' },
      { label: 'Basic user:pass', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
      { label: 'Basic <valid token>', authorization: `Basic ${valid}` },
      { label: 'Token <valid token>', authorization: `Token ${valid}` },
      { label: 'a valid token with no scheme', authorization: valid },
    ];
    const attempts = await attemptAll(ctx, variants);
    return judgeEach(attempts, (attempt, i): Verdict => {
      const v = refused([attempt]);
      return v.status === 'fail' && variants[i].authorization.includes(valid) ? { ...v, requirement: req.OAUTH_BEARER_SCHEME_ONLY } : v;
    });
  },
};

const lowercaseScheme = acceptanceCheck({
  ...base,
  id: 'headers.scheme.case-insensitive',
  title: 'The scheme is case-insensitive: "bearer <valid token>" is accepted',
  spec: specOf(req.OAUTH_BEARER_SCHEME_ANY_CASE, refs.RFC9110_S11_1, refs.RFC6750_S2_1),
  requirement: req.OAUTH_BEARER_SCHEME_ANY_CASE,
  impact: 'Clients and proxies that send "bearer" in another case are refused valid tokens: an outage for them, not a security gain.',
  fix: 'Compare the authentication scheme case-insensitively (e.g. lower-case it before comparing with "bearer").',
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
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC6750_S2_1),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'Sending "Authorization: Bearer" with nothing after it gets anonymous access to the tools.',
  fix: 'Treat an empty or whitespace-only bearer token as an invalid token (401 invalid_token), never as "no token, continue".',
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
  needs: ['jwt'],
  id: 'headers.malformed.segments',
  title: 'Tokens with 1, 2 or 4 segments are refused with a 4xx, never a 5xx',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC7515_S7_1),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'Malformed tokens crash the request handler: a cheap way to fill logs with errors or take the server down, and a sign that parsing runs before validation.',
  fix: 'Catch every parse error of the token and answer it 401 invalid_token; never let a token reach code that assumes three segments.',
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
  needs: ['jwt'],
  id: 'headers.malformed.encoding',
  title: 'Segments that are not base64url JSON objects are refused with a 4xx, never a 5xx',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC7515_S2, refs.RFC7519_S7_2),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'Tokens that are not base64url JSON objects crash the request handler: a cheap denial of service and a sign that claims are read before the token is verified.',
  fix: 'Decode and verify with a JOSE library that rejects malformed segments, and map its errors to 401 invalid_token.',
  severity: 'medium',
  flaw: 'crash-on-malformed',
  async variants(ctx) {
    const [h, p, s] = (await ctx.forge.valid(ctx.identity)).split('.');
    return [
      { label: 'non-base64url characters', token: ctx.forge.keep(`${h}.${p}!!$$.${s}`) },
      { label: 'header that is not JSON', token: ctx.forge.keep(`${b64url('not json')}.${p}.${s}`) },
      { label: 'header that is a JSON array', token: ctx.forge.keep(`${b64url('[1,2]')}.${p}.${s}`) },
      // Signed by the trusted key: only where the harness holds it (not oauth/static).
      ...(await ifForgeable(
        () => ({ label: 'payload that is a JSON string', token: ctx.forge.raw(ctx.forge.header(), '"just a string"', { kind: 'trusted' }) }),
        () => ({ label: 'payload that is JSON null', token: ctx.forge.raw(ctx.forge.header(), 'null', { kind: 'trusted' }) }),
      )),
    ];
  },
});

const oversized = refusalCheck({
  ...base,
  id: 'headers.malformed.oversized',
  title: 'A 15 KB token is refused with a 4xx (431 is fine), never a 5xx or a hang',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC6585_S5),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'Oversized tokens crash or stall the server: a denial of service with a single header.',
  fix: 'Bound the header size (431 is fine) and refuse oversized tokens before parsing them.',
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
  spec: specOf(req.OAUTH_QUERY_TOKEN_IGNORED, req.MCP_NO_TOKEN_IN_QUERY),
  requirement: req.OAUTH_QUERY_TOKEN_IGNORED,
  impact: 'Clients are invited to put tokens in URLs, where server, proxy and browser logs keep them for anyone who reads the logs to replay.',
  fix: 'Read the access token only from the Authorization header and ignore access_token in the query string.',
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
  registeredErrorCode,
  basicScheme,
  lowercaseScheme,
  emptyBearer,
  segments,
  encoding,
  oversized,
  queryToken,
],
});
