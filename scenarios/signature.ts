// Family `signature`: is the signature verified, with the trusted key, under the pinned
// algorithm — and does the JOSE header (alg, kid, jwk, jku, crit) never choose the key?
import crypto from 'node:crypto';
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS, attemptAll, forged, refusalCheck, type Variant } from '../src/define.ts';
import { b64url } from '../src/tokens/forge.ts';
import { refused, withEvidence, worst } from '../src/verdict.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };
const asymmetric = { ...base, needs: ['asymmetric' as const] };

const truncated = refusalCheck({
  ...base,
  id: 'signature.truncated',
  title: 'A token whose signature is cut short is refused',
  spec: ['RFC 7515 §5.2', 'MCP 2025-11-25 authorization §Token Handling'],
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
  id: 'signature.empty',
  title: 'A token with an empty signature segment is refused',
  spec: ['RFC 7515 §5.2'],
  severity: 'high',
  flaw: 'accept-unsigned',
  variants: (ctx) => [forged(ctx, 'valid header and claims, empty signature', {}, { kind: 'none' })],
});

function algNone(ctx: CheckContext, alg: string): Variant[] {
  return [forged(ctx, `alg "${alg}", no signature`, { alg }, { kind: 'none' }), forged(ctx, `alg "${alg}", with a signature`, { alg }, { kind: 'trusted' })];
}

const none = refusalCheck({
  ...base,
  id: 'signature.alg-none',
  title: 'alg "none" is refused, with or without a signature',
  spec: ['RFC 8725 §3.1', 'RFC 7518 §3.6'],
  severity: 'high',
  flaw: 'accept-alg-none',
  variants: (ctx) => algNone(ctx, 'none'),
});

const noneCase = refusalCheck({
  ...base,
  id: 'signature.alg-none-case',
  title: 'alg "None", "NONE" and "nOnE" are refused',
  spec: ['RFC 8725 §3.1'],
  severity: 'high',
  flaw: 'accept-alg-none-any-case',
  variants: (ctx) => ['None', 'NONE', 'nOnE'].flatMap((alg) => algNone(ctx, alg)),
});

const keyConfusion = refusalCheck({
  ...asymmetric,
  id: 'signature.key-confusion',
  title: 'HS256 signed with the server\'s public key (PEM, PEM+newline, DER) is refused',
  spec: ['RFC 8725 §2.1, §3.1', 'CVE-2016-10555'],
  severity: 'high',
  flaw: 'alg-from-header',
  variants: (ctx) => {
    const publicKey = ctx.issuer.signingKey.publicKey;
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
  id: 'signature.hmac-empty-secret',
  title: 'HS256 signed with an empty secret is refused',
  spec: ['RFC 8725 §3.5', 'RFC 7518 §3.2'],
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
  spec: ['RFC 8725 §3.5', 'RFC 7518 §3.2 (key of at least 256 bits)'],
  severity: 'high',
  flaw: 'weak-secret',
  variants: (ctx) => WEAK_SECRETS.map((secret) => forged(ctx, `HS256 with the secret "${secret}"`, { alg: 'HS256' }, { kind: 'hmac', secret })),
});

const foreignKey = refusalCheck({
  ...asymmetric,
  id: 'signature.foreign-key',
  title: 'A token signed by a foreign key but naming the trusted kid is refused',
  spec: ['RFC 7515 §5.2', 'RFC 8725 §3.10'],
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
  id: 'signature.alg-substitution',
  title: 'The trusted key signing under another algorithm (ES256→ES384/ES512, RS256→PS256/RS512) is refused',
  spec: ['RFC 8725 §3.1 (use appropriate algorithms)', 'RFC 7518 §3.4'],
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
  needs: ['es256'],
  id: 'signature.psychic',
  title: 'An ES256 signature of all zeros is refused (CVE-2022-21449)',
  spec: ['CVE-2022-21449', 'FIPS 186-4 §6.4 (r, s in [1, n-1])'],
  severity: 'high',
  flaw: 'psychic-signature',
  variants: (ctx) => [forged(ctx, 'ES256 with r = s = 0', {}, { kind: 'bytes', bytes: Buffer.alloc(64) })],
});

const embeddedJwk = refusalCheck({
  ...asymmetric,
  id: 'signature.embedded-jwk',
  title: 'A key embedded in the token header (jwk) is not trusted',
  spec: ['RFC 8725 §3.10', 'RFC 7515 §4.1.3', 'CVE-2018-0114'],
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

const jku: CheckSpec = {
  ...asymmetric,
  id: 'signature.jku',
  title: 'A jku header pointing at a foreign JWKS is neither fetched nor trusted',
  spec: ['RFC 8725 §3.10', 'RFC 7515 §4.1.2'],
  severity: 'high',
  flaw: 'follow-jku',
  async run(ctx) {
    const attacker = ctx.issuer.attackerKey;
    const before = ctx.issuer.counters.attackerJwks;
    const attempts = await attemptAll(ctx, [forged(ctx, 'jku → harness-hosted attacker JWKS', { jku: ctx.issuer.attackerJwksUrl, kid: attacker.kid }, { kind: 'foreign' })]);
    const fetches = ctx.issuer.counters.attackerJwks - before;
    const verdict = worst([
      refused(attempts),
      fetches > 0 ? { status: 'fail', reason: `the target fetched the jku URL ${fetches} time(s)` } : { status: 'pass' },
    ]);
    return withEvidence({ ...verdict, evidence: { jkuFetches: fetches } }, attempts);
  },
};

const kidTraversal = refusalCheck({
  ...base,
  id: 'signature.kid-traversal',
  title: 'A kid with a path (../../dev/null) is not used to load a key',
  spec: ['RFC 8725 §3.10', 'RFC 7515 §4.1.4'],
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
  id: 'signature.kid-injection',
  title: 'A kid with SQL, shell or template metacharacters is refused with a 4xx, without delay',
  spec: ['RFC 8725 §3.10', 'CWE-89', 'CWE-78'],
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
  id: 'signature.kid-flood',
  title: `${FLOOD} tokens with unknown kids cause no JWKS refetch storm`,
  spec: ['RFC 8725 §3.10', 'OWASP API4:2023 (unrestricted resource consumption)'],
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
  id: 'signature.no-kid',
  title: 'A valid token without kid while the JWKS holds several keys gets 2xx or 401, never 5xx',
  spec: ['RFC 7517 §4.5', 'RFC 7515 §4.1.4'],
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
  id: 'signature.crit-unknown',
  title: 'A token marking an unknown header parameter as critical (crit) is refused',
  spec: ['RFC 7515 §4.1.11'],
  severity: 'medium',
  flaw: 'ignore-crit',
  variants: (ctx) => [forged(ctx, 'crit names an unknown extension', { crit: ['urn:harness:must-understand'], 'urn:harness:must-understand': true }, { kind: 'trusted' })],
});

const jwe = refusalCheck({
  ...base,
  id: 'signature.jwe',
  title: 'A five-part (JWE) token is refused with a 4xx, never a 5xx',
  spec: ['RFC 7516 §7.1', 'RFC 6750 §3.1'],
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
  id: 'signature.nested',
  title: 'A nested token (cty "JWT", a JWT as payload) is refused with a 4xx',
  spec: ['RFC 7519 §5.2, §7.2', 'RFC 8725 §2.8'],
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
  kidTraversal,
  kidInjection,
  kidFlood,
  noKid,
  crit,
  jwe,
  nested,
],
});
