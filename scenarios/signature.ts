// Family `signature`: is the signature verified, with the trusted key, under the pinned
// algorithm — and does the JOSE header (alg, kid, jwk, jku, crit) never choose the key?
import crypto from 'node:crypto';
import type { Allowance, CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS, attemptAll, forged, ifForgeable, refusalCheck, type Variant } from '../src/define.ts';
import { b64url } from '../src/tokens/forge.ts';
import { refused, withEvidence, worst } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };
const asymmetric = { ...base, needs: ['asymmetric' as const] };
/** Tokens naming a kid the JWKS lacks make the target try a refetch: the rotation must come before them. */
const UNKNOWN_KID: Allowance[] = ['jwks-refetch'];

const truncated = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.truncated',
  title: 'A token whose signature is cut short is refused',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S5_2),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can forge tokens: a signature that does not verify is accepted, so any claims (any user, any role) get in.',
  fix: "Verify the whole signature with the issuer's key before reading any claim; never decode a token without verifying it.",
  severity: 'high',
  flaw: 'decode-without-verify',
  async variants(ctx) {
    const token = await ctx.forge.valid(ctx.identity);
    const [h, p, s] = token.split('.');
    return [
      { label: 'signature missing its last 4 characters', token: ctx.forge.keep(`${h}.${p}.${s.slice(0, -4)}`) },
      { label: 'signature cut in half', token: ctx.forge.keep(`${h}.${p}.${s.slice(0, s.length >> 1)}`) },
    ];
  },
});

const empty = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.empty',
  title: 'A token with an empty signature segment is refused',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S5_2),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens for any user by leaving the signature empty.',
  fix: 'Use a verifying JOSE call (never a decode-only one) and refuse tokens with an empty signature segment.',
  severity: 'high',
  flaw: 'accept-unsigned',
  variants: (ctx) => [forged(ctx, 'valid header and claims, empty signature', {}, { kind: 'none' })],
});

/** With the trusted key's signature only where the harness holds the key (not oauth/static). */
async function algNone(ctx: CheckContext, alg: string): Promise<Variant[]> {
  return [forged(ctx, `alg "${alg}", no signature`, { alg }, { kind: 'none' }), ...(await ifForgeable(() => forged(ctx, `alg "${alg}", with a signature`, { alg }, { kind: 'trusted' })))];
}

const none = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.alg-none',
  title: 'alg "none" is refused, with or without a signature',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC8725_S3_1, refs.RFC7518_S3_6),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens for any user: an unsigned token (alg none) is accepted.',
  fix: 'Pin the accepted algorithms in the verifier (e.g. RS256/ES256 only) so that "none" can never be chosen by the token.',
  severity: 'high',
  flaw: 'accept-alg-none',
  variants: (ctx) => algNone(ctx, 'none'),
});

const noneCase = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.alg-none-case',
  title: 'alg "None", "NONE" and "nOnE" are refused',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC8725_S3_1, refs.RFC7518_S3_6),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens for any user: a differently spelled alg none slips past a case-sensitive blocklist.',
  fix: 'Allow-list the expected algorithms instead of block-listing "none"; compare alg exactly against the list.',
  severity: 'high',
  flaw: 'accept-alg-none-any-case',
  variants: async (ctx) => (await Promise.all(['None', 'NONE', 'nOnE'].map((alg) => algNone(ctx, alg)))).flat(),
});

const keyConfusion = refusalCheck({
  ...asymmetric,
  needs: ['asymmetric', 'trusted-key', 'jwt'],
  id: 'signature.key-confusion',
  title: 'HS256 signed with the server\'s public key (PEM, PEM+newline, DER) is refused',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC8725_S2_1, refs.RFC8725_S3_1, refs.CVE_2016_10555),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: "Anyone can mint tokens for any user by HMAC-signing them with the server's public key, which is public.",
  fix: 'Pin the algorithm per key (asymmetric keys verify only RS/PS/ES/EdDSA signatures) and never use a public key as an HMAC secret.',
  severity: 'high',
  flaw: 'alg-from-header',
  variants: (ctx) => {
    const publicKey = ctx.forge.trustedPublicKey(); // the IdP's published key under oauth
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const secrets: [string, string | Buffer][] = [
      ['PEM with its trailing newline', pem],
      ['PEM without trailing newline', pem.trimEnd()],
      ['PEM plus an extra newline', pem + '\n'],
      ['SPKI DER', der],
    ];
    return secrets.map(([label, secret]) => forged(ctx, `HS256 keyed with the public key as ${label}`, { alg: 'HS256' }, { kind: 'hmac', secret }));
  },
});

const emptySecret = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.hmac-empty-secret',
  title: 'HS256 signed with an empty secret is refused',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC8725_S3_5),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens for any user by signing them with an empty HMAC secret.',
  fix: 'Refuse to start without a real secret or key, and never fall back to an empty or default secret.',
  severity: 'high',
  flaw: 'hs-fallback-empty-secret',
  variants: (ctx) => [forged(ctx, 'HS256 with an empty secret', { alg: 'HS256' }, { kind: 'hmac', secret: '' })],
});

export const WEAK_SECRETS = ['secret', 'password', 'changeme', 'your-256-bit-secret', 'jwt-secret', 'supersecret', '123456', 'key', 'test', 'admin'];

const weakSecret = refusalCheck({
  ...base,
  needs: ['hs256'],
  id: 'signature.hmac-weak-secret',
  title: 'Tokens signed with common weak HS256 secrets are refused',
  spec: specOf(req.RFC7518_HMAC_KEY_SIZE, refs.RFC8725_S3_5),
  requirement: req.RFC7518_HMAC_KEY_SIZE,
  impact: 'The shared secret is a dictionary word: anyone who guesses it (offline, from one token) mints tokens for any user.',
  fix: 'Use a random secret of at least 256 bits from a secret store, and rotate the guessable one now.',
  severity: 'high',
  flaw: 'weak-secret',
  variants: (ctx) => WEAK_SECRETS.map((secret) => forged(ctx, `HS256 with the secret "${secret}"`, { alg: 'HS256' }, { kind: 'hmac', secret })),
});

const foreignKey = refusalCheck({
  ...asymmetric,
  needs: ['asymmetric', 'jwt'],
  id: 'signature.foreign-key',
  title: 'A token signed by a foreign key but naming the trusted kid is refused',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S5_2, refs.RFC8725_S3_10),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens by signing with their own key and naming the trusted kid: verification is skipped or cached by kid.',
  fix: "Verify every signature with the key from the issuer's JWKS; never cache a verification result by kid or accept a signature the trusted key did not make.",
  severity: 'high',
  flaw: 'verify-cache-by-kid',
  variants: (ctx) => [forged(ctx, 'signed by an attacker key, kid of the trusted key', {}, { kind: 'foreign' })],
});

/** Same key, other algorithm: the verifier must pin the algorithm, not read it from the header. */
function substitutes(alg: string): { alg: string; hash: string; pss?: boolean }[] {
  if (alg === 'ES256') return [{ alg: 'ES384', hash: 'sha384' }, { alg: 'ES512', hash: 'sha512' }];
  if (alg === 'RS256') return [{ alg: 'PS256', hash: 'sha256', pss: true }, { alg: 'RS512', hash: 'sha512' }];
  return [];
}

const algSubstitution: CheckSpec = {
  ...asymmetric,
  needs: ['asymmetric', 'mint'],
  id: 'signature.alg-substitution',
  title: 'The trusted key signing under another algorithm (ES256→ES384/ES512, RS256→PS256/RS512) is refused',
  spec: specOf(req.RFC8725_ALGORITHM_PINNED, refs.RFC7518_S3_4),
  requirement: req.RFC8725_ALGORITHM_PINNED,
  impact: 'The token chooses the algorithm the server verifies with: a downgrade or an algorithm-confusion bug in one code path is reachable by any token holder.',
  fix: 'Configure the exact algorithms expected for each key (e.g. ES256 only) instead of accepting any algorithm the key type allows.',
  severity: 'medium',
  flaw: 'hash-from-header',
  async run(ctx) {
    const key = ctx.issuer.signingKey;
    const subs = substitutes(key.alg);
    if (!subs.length) return { status: 'skip', reason: `${key.alg} has no same-key sibling algorithm` };
    const variants = subs.map(({ alg, hash, pss }) => forged(ctx, `${key.alg} key signing as ${alg}`, { alg }, { kind: 'key', key: key.privateKey, hash, pss }));
    return refused(await attemptAll(ctx, variants));
  },
};

const psychic = refusalCheck({
  ...base,
  needs: ['es256', 'jwt'],
  id: 'signature.psychic',
  title: 'An ES256 signature of all zeros is refused (CVE-2022-21449)',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.CVE_2022_21449),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens for any user with an all-zero ECDSA signature ("psychic signatures").',
  fix: 'Upgrade the runtime or crypto library to one that rejects r = 0 or s = 0 (Java 15-18 before the April 2022 patch are affected).',
  severity: 'high',
  flaw: 'psychic-signature',
  variants: (ctx) => [forged(ctx, 'ES256 with r = s = 0', {}, { kind: 'bytes', bytes: Buffer.alloc(64) })],
});

const embeddedJwk = refusalCheck({
  ...asymmetric,
  needs: ['asymmetric', 'jwt'],
  id: 'signature.embedded-jwk',
  spends: UNKNOWN_KID,
  title: 'A key embedded in the token header (jwk) is not trusted',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S4_1_3, refs.RFC8725_S3_10, refs.CVE_2018_0114),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens by embedding their own public key in the token header.',
  fix: "Take verification keys only from the configured JWKS or key set, never from the token's jwk header.",
  severity: 'high',
  flaw: 'trust-embedded-jwk',
  variants: (ctx) => {
    const attacker = ctx.issuer.attackerKey;
    return [
      forged(ctx, 'attacker jwk in header, attacker kid', { jwk: attacker.publicJwk, kid: attacker.kid }, { kind: 'foreign' }),
      forged(ctx, 'attacker jwk in header, trusted kid', { jwk: attacker.publicJwk }, { kind: 'foreign' }),
    ];
  },
});

/**
 * A token signed by the attacker key whose header (`jku`, `x5u`) points at a URL the harness hosts:
 * it must be refused, and the URL never fetched (the issuer counts every fetch).
 */
async function refusedAndNeverFetched(ctx: CheckContext, param: 'jku' | 'x5u', label: string, url: string, counter: 'attackerJwks' | 'attackerX5u'): Promise<Verdict> {
  const before = ctx.issuer.counters[counter];
  const attempts = await attemptAll(ctx, [forged(ctx, label, { [param]: url, kid: ctx.issuer.attackerKey.kid }, { kind: 'foreign' })]);
  const fetches = ctx.issuer.counters[counter] - before;
  const verdict = worst([refused(attempts), fetches > 0 ? { status: 'fail', reason: `the target fetched the ${param} URL ${fetches} time(s)` } : { status: 'pass' }]);
  return withEvidence({ ...verdict, evidence: { [`${param}Fetches`]: fetches } }, attempts);
}

const jku: CheckSpec = {
  ...asymmetric,
  needs: ['asymmetric', 'jwt'],
  id: 'signature.jku',
  spends: UNKNOWN_KID,
  title: 'A jku header pointing at a foreign JWKS is neither fetched nor trusted',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S4_1_2, refs.RFC8725_S3_10),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens by pointing jku at their own key set, and the server fetches attacker-chosen URLs (SSRF).',
  fix: 'Ignore jku: fetch keys only from the jwks_uri configured for the trusted issuer.',
  severity: 'high',
  flaw: 'follow-jku',
  run: (ctx) => refusedAndNeverFetched(ctx, 'jku', 'jku → harness-hosted attacker JWKS', ctx.issuer.attackerJwksUrl, 'attackerJwks'),
};

const x5u: CheckSpec = {
  ...asymmetric,
  needs: ['asymmetric', 'jwt'],
  id: 'signature.x5u',
  spends: UNKNOWN_KID,
  title: 'An x5u header pointing at a foreign certificate is neither fetched nor trusted',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S4_1_5, refs.RFC8725_S3_10),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens by pointing x5u at a certificate for their own key, and the server fetches attacker-chosen URLs (SSRF).',
  fix: 'Ignore x5u: verify only with keys from the jwks_uri configured for the trusted issuer.',
  severity: 'high',
  flaw: 'follow-x5u',
  run: (ctx) => refusedAndNeverFetched(ctx, 'x5u', "x5u → harness-hosted certificate of the attacker's key", ctx.issuer.attackerX5uUrl, 'attackerX5u'),
};

const x5c = refusalCheck({
  ...asymmetric,
  needs: ['asymmetric', 'jwt'],
  id: 'signature.x5c-self-signed',
  spends: UNKNOWN_KID,
  title: 'A self-signed certificate in the x5c header is not trusted',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S4_1_6, refs.RFC8725_S3_10),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens by attaching a certificate they made for their own key.',
  fix: 'Ignore x5c unless the chain is validated to a trust anchor configured for the issuer; normally verify only with the issuer\'s JWKS keys.',
  severity: 'high',
  flaw: 'trust-x5c',
  variants: (ctx) => {
    const chain = [ctx.issuer.attackerCertificate.toString('base64')];
    return [
      forged(ctx, "x5c: a self-signed certificate of the attacker's key", { x5c: chain, kid: ctx.issuer.attackerKey.kid }, { kind: 'foreign' }),
      forged(ctx, 'the same x5c under the trusted kid', { x5c: chain }, { kind: 'foreign' }),
    ];
  },
});

const kidTraversal = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.kid-traversal',
  spends: UNKNOWN_KID,
  title: 'A kid with a path (../../dev/null) is not used to load a key',
  spec: specOf(req.MCP_VALIDATE_TOKENS, refs.RFC7515_S4_1_4, refs.RFC8725_S3_10),
  requirement: req.MCP_VALIDATE_TOKENS,
  impact: 'Anyone can mint tokens by pointing kid at a predictable file (/dev/null is an empty key) that the server loads as the key.',
  fix: 'Look kid up in the in-memory key set only; never use it to build a file path, URL or query.',
  severity: 'high',
  flaw: 'kid-file-lookup',
  variants: (ctx) =>
    ['../../../../../../../../dev/null', '/dev/null', '../../../../../../../../proc/self/cwd/nonexistent/../../../dev/null'].map((kid) =>
      forged(ctx, `kid "${kid}", HS256 with an empty key`, { alg: 'HS256', kid }, { kind: 'hmac', secret: '' }),
    ),
});

const INJECTION_KIDS = ["' OR '1'='1", 'x"; DROP TABLE keys; --', '$(sleep 3)', '`sleep 3`', '| sleep 3', '{{7*7}}', '%00'];

const kidInjection: CheckSpec = {
  ...base,
  needs: ['jwt'],
  id: 'signature.kid-injection',
  spends: UNKNOWN_KID,
  title: 'A kid with SQL, shell or template metacharacters is refused with a 4xx, without delay',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC8725_S3_10, refs.CWE_89, refs.CWE_78),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'The kid reaches a query, shell or template: injection into the key lookup, or at least a crash on crafted tokens.',
  fix: 'Treat kid as an opaque string matched against the key set in memory; never interpolate it into SQL, shell or templates.',
  severity: 'high',
  flaw: 'kid-crash-500',
  async run(ctx) {
    const variants = INJECTION_KIDS.map((kid) => forged(ctx, `kid ${JSON.stringify(kid)}`, { kid }, { kind: 'foreign' }));
    const attempts = await attemptAll(ctx, variants);
    // A busy machine can stall one answer; an executed `sleep 3` stalls it every time.
    const slow: typeof attempts = [];
    for (const a of attempts.filter((a) => a.response.durationMs > 2500)) {
      const again = await ctx.attempt({ label: a.label, token: variants.find((v) => v.label === a.label)!.token });
      if (again.durationMs > 2500) slow.push({ label: a.label, response: again });
    }
    const verdict = worst([
      refused(attempts),
      slow.length
        ? { status: 'fail', reason: `answered after ${Math.round(slow[0].response.durationMs)} ms for ${slow[0].label}: the kid may have been executed` }
        : { status: 'pass' },
    ]);
    return withEvidence(verdict, attempts);
  },
};

const FLOOD = 25;

const kidFlood: CheckSpec = {
  ...asymmetric,
  needs: ['asymmetric', 'harness-issuer'],
  id: 'signature.kid-flood',
  spends: UNKNOWN_KID,
  title: `${FLOOD} tokens with unknown kids cause no JWKS refetch storm`,
  spec: specOf(req.RFC8725_KID_NOT_TRUSTED, refs.OWASP_API4),
  requirement: req.RFC8725_KID_NOT_TRUSTED,
  impact: 'Each token with a made-up kid makes the server refetch the JWKS: anyone can flood the identity provider through the server and slow every request.',
  fix: 'Cache the JWKS and rate-limit refetches triggered by an unknown kid (a cooldown of some seconds).',
  severity: 'medium',
  flaw: 'jwks-refetch-on-unknown-kid',
  async run(ctx) {
    const before = ctx.issuer.counters.jwks;
    const variants = Array.from({ length: FLOOD }, (_, i) =>
      forged(ctx, `unknown kid #${i + 1}`, { kid: `unknown-${i}-${crypto.randomBytes(4).toString('hex')}` }, { kind: 'foreign' }),
    );
    const attempts = await attemptAll(ctx, variants);
    const fetches = ctx.issuer.counters.jwks - before;
    const verdict = worst([
      refused(attempts),
      fetches > 2 ? { status: 'fail', reason: `${FLOOD} unknown kids caused ${fetches} JWKS fetches (at most 2 expected: cache with a refetch cooldown)` } : { status: 'pass' },
    ]);
    // Two representative exchanges are enough evidence for a flood.
    const v = withEvidence(verdict, attempts.slice(0, 2));
    return { ...v, evidence: { ...v.evidence, jwksFetches: fetches, tokens: FLOOD } };
  },
};

const noKid: CheckSpec = {
  ...asymmetric,
  needs: ['asymmetric', 'mint'],
  id: 'signature.no-kid',
  title: 'A valid token without kid while the JWKS holds several keys gets 2xx or 401, never 5xx',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC7517_S4_5, refs.RFC7515_S4_1_4),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'A token without kid crashes the request handler while the key set holds several keys: a denial of service with one request.',
  fix: 'Without kid, try each key of the set that fits the algorithm (or refuse with 401); never assume kid is present.',
  severity: 'low',
  flaw: 'crash-without-kid',
  guarded: true,
  async run(ctx) {
    const attempts = await attemptAll(ctx, [forged(ctx, 'valid token without kid', { kid: undefined }, { kind: 'trusted' })]);
    const r = attempts[0].response;
    let v: Verdict = { status: 'pass' };
    if (r.error && !r.status) v = { status: 'error', reason: r.error };
    else if (r.status >= 500) v = { status: 'fail', reason: `a token without kid caused HTTP ${r.status}` };
    return withEvidence(v, attempts);
  },
};

const crit = refusalCheck({
  ...base,
  needs: ['mint'],
  id: 'signature.crit-unknown',
  title: 'A token marking an unknown header parameter as critical (crit) is refused',
  spec: specOf(req.RFC7515_CRIT),
  requirement: req.RFC7515_CRIT,
  impact: 'Header extensions the issuer marked as must-understand are silently ignored, so tokens whose meaning depends on them are misread.',
  fix: 'Use a JOSE library that enforces crit and list only the extensions you actually handle.',
  severity: 'medium',
  flaw: 'ignore-crit',
  variants: (ctx) => [forged(ctx, 'crit names an unknown extension', { crit: ['urn:harness:must-understand'], 'urn:harness:must-understand': true }, { kind: 'trusted' })],
});

const jwe = refusalCheck({
  ...base,
  needs: ['jwt'],
  id: 'signature.jwe',
  title: 'A five-part (JWE) token is refused with a 4xx, never a 5xx',
  spec: specOf(req.MCP_INVALID_TOKEN_401, refs.RFC7516_S7_1),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'Encrypted (JWE) tokens crash the request handler: a denial of service with one request.',
  fix: 'Refuse tokens that are not the expected compact JWS with 401 invalid_token before any decryption or parsing.',
  severity: 'medium',
  flaw: 'crash-on-jwe',
  variants: (ctx) => {
    const header = b64url(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid: ctx.forge.kid }));
    const seg = (n: number) => crypto.randomBytes(n).toString('base64url');
    return [
      { label: 'JWE compact serialization', token: ctx.forge.keep(`${header}..${seg(12)}.${seg(64)}.${seg(16)}`) },
      { label: 'JWE with an encrypted key', token: ctx.forge.keep(`${header}.${seg(32)}.${seg(12)}.${seg(64)}.${seg(16)}`) },
    ];
  },
});

const nested = refusalCheck({
  ...base,
  needs: ['mint'],
  id: 'signature.nested',
  title: 'A nested token (cty "JWT", a JWT as payload) is refused with a 4xx',
  spec: specOf(req.RFC7519_NESTED),
  requirement: req.RFC7519_NESTED,
  impact: 'A token signed by the issuer but wrapping another JWT crashes or confuses the handler.',
  fix: 'Refuse tokens whose cty is JWT (or whose payload is not a JSON object) with 401 invalid_token.',
  severity: 'medium',
  flaw: 'crash-on-malformed',
  async variants(ctx) {
    const inner = await ctx.forge.valid(ctx.identity);
    return [{ label: 'signed JWT wrapping a valid JWT', token: ctx.forge.raw(ctx.forge.header({ cty: 'JWT' }), inner, { kind: 'trusted' }) }];
  },
});

export default defineFamily({
  name: 'signature',
  checks: [
  truncated,
  empty,
  none,
  noneCase,
  keyConfusion,
  emptySecret,
  weakSecret,
  foreignKey,
  algSubstitution,
  psychic,
  embeddedJwk,
  jku,
  x5u,
  x5c,
  kidTraversal,
  kidInjection,
  kidFlood,
  noKid,
  crit,
  jwe,
  nested,
],
});
