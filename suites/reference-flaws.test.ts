// Every named flaw flips one observable behaviour of the reference server, and nothing is left
// unflipped: the same probe runs against the compliant server and against the flawed one.
// In-process (flaws are read per request), so 60-odd servers start in a couple of seconds.
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../src/reference/config.ts';
import { activateFlaws, FLAWS, type FlawName } from '../src/reference/flaws.ts';
import { listenReference } from '../src/reference/listen.ts';
import { callBody, modernCallBody, modernCallHeaders, MODERN, openSession, send, toolJson, type RawAnswer, type RawOptions } from './support/reference-testing/raw-mcp.ts';
import { hmacToken, rawToken, signCompact, startTestIssuer, type TestIssuer } from './support/reference-testing/test-issuer.ts';
import { startUpstreamRecorder, type UpstreamRecorder } from './support/reference-testing/upstream-recorder.ts';

let issuer: TestIssuer;
let upstream: UpstreamRecorder;
beforeAll(async () => {
  [issuer, upstream] = await Promise.all([startTestIssuer(), startUpstreamRecorder()]);
});
afterAll(async () => {
  await Promise.all([issuer?.close(), upstream?.close()]);
});

const HS256_SECRET = 'a-long-shared-secret-for-the-hs256-profile';
const UPSTREAM_TOKEN = 'the-servers-own-upstream-credential';

interface Probe {
  url: string;
  /** A valid token for this server, claims and header overridable. */
  token(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** Valid claims for this server, overridable. */
  claims(overrides?: Record<string, unknown>): Record<string, unknown>;
}

interface FlawCase {
  /** What the probe observes; compared with `compliant` and `flawed`. */
  observe(probe: Probe): Promise<unknown>;
  compliant: unknown;
  flawed: unknown;
  env?: Record<string, string>;
}

const header = (overrides: Record<string, unknown> = {}) => ({ alg: 'ES256', typ: 'at+jwt', kid: 'k1', ...overrides });
const now = () => Math.floor(Date.now() / 1000);

/** A stateless (2026-07-28) whoami call. */
const whoami = (p: Probe, opts: RawOptions = {}) => send(p.url, modernCallBody('whoami'), { ...opts, headers: { ...modernCallHeaders('whoami'), ...opts.headers } });
const statusWith = async (p: Probe, token: string | Promise<string>) => (await whoami(p, { token: await token })).status;
const statusFor = (claims: Record<string, unknown>) => (p: Probe) => statusWith(p, p.token(claims));
const challengeWithout = async (p: Probe) => (await whoami(p)).headers.get('www-authenticate');
const metadata = async (p: Probe) => {
  const answer = await fetch(`${new URL(p.url).origin}/.well-known/oauth-protected-resource/mcp`);
  return answer.status === 200 ? ((await answer.json()) as Record<string, unknown>) : undefined;
};
/** GET /sse with a token: the absolute URL its first (endpoint) event names, and a way to hang up. */
async function openLegacySse(mcpUrl: string, token: string): Promise<{ endpoint: string; close(): Promise<void> }> {
  const origin = new URL(mcpUrl).origin;
  const response = await fetch(`${origin}/sse`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } });
  const reader = response.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const path = /^data: (.*)$/m.exec(text)?.[1] ?? '';
  return { endpoint: new URL(path, origin).href, close: () => reader.cancel() };
}

/** The requestState of a deferred tool's first (input_required) answer. */
async function deferredState(p: Probe, token: string, tool = 'whoami_deferred'): Promise<string> {
  const first = await call(p, tool, {}, { token });
  const state = first.message?.result?.requestState;
  if (typeof state !== 'string') throw new Error(`no requestState: ${first.text}`);
  return state;
}

/** A deferred tool's second round: the state echoed back. */
function deferredRound(p: Probe, token: string, requestState: string, tool = 'whoami_deferred') {
  const body = modernCallBody(tool) as { params: Record<string, unknown> };
  body.params.requestState = requestState;
  return send(p.url, body, { token, headers: modernCallHeaders(tool) });
}

/** A 2026-07-28 resources/read of the caller's profile resource. */
function readProfile(p: Probe, token: string) {
  const _meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
  const body = { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'whoami://me', _meta } };
  return send(p.url, body, { token, headers: { 'mcp-protocol-version': MODERN, 'mcp-method': 'resources/read', 'mcp-name': 'whoami://me' } });
}

/** The error= of the Bearer challenge. */
const bearerError = (headers: Headers) => /error="([^"]*)"/.exec(headers.get('www-authenticate') ?? '')?.[1];
const payloadOf = async (p: Probe) => Buffer.from((await p.token()).split('.')[1] ?? '', 'base64url').toString();
/** A stateless (2026-07-28) call of any tool. */
const call = (p: Probe, name: string, args: Record<string, unknown>, opts: RawOptions = {}) =>
  send(p.url, modernCallBody(name, args), { ...opts, headers: { ...modernCallHeaders(name), ...opts.headers } });
/** structuredContent, else the first text content. */
const resultOf = (answer: RawAnswer) => {
  const result = answer.message?.result;
  return result?.structuredContent ?? (result?.content as { text?: string }[] | undefined)?.[0]?.text;
};
const subOf = (answer: RawAnswer) => (toolJson(answer) as { sub?: string } | undefined)?.sub;
const hasStack = (answer: RawAnswer) => /\.ts:\d+:\d+/.test(answer.text);
const V2025 = '2025-11-25';

const CASES: Record<FlawName, FlawCase> = {
  // credentials and challenges
  'allow-anonymous': { observe: async (p) => (await whoami(p)).status, compliant: 401, flawed: 200 },
  'error-code-on-missing': { observe: async (p) => (await challengeWithout(p))?.includes('error='), compliant: false, flawed: true },
  'no-www-authenticate': { observe: async (p) => (await challengeWithout(p)) !== null, compliant: true, flawed: false },
  'any-scheme': { observe: async (p) => (await whoami(p, { authorization: `Basic ${await p.token()}` })).status, compliant: 401, flawed: 200 },
  'scheme-case-sensitive': { observe: async (p) => (await whoami(p, { authorization: `bearer ${await p.token()}` })).status, compliant: 200, flawed: 401 },
  'empty-bearer-anonymous': { observe: async (p) => (await whoami(p, { authorization: 'Bearer ' })).status, compliant: 401, flawed: 200 },
  'crash-on-malformed': { observe: async (p) => (await whoami(p, { authorization: 'Bearer abc.def' })).status, compliant: 401, flawed: 500 },
  'token-in-query': { observe: async (p) => (await whoami(p, { query: `access_token=${await p.token()}` })).status, compliant: 401, flawed: 200 },
  'auth-error-as-200': {
    observe: async (p) => {
      const answer = await whoami(p, { token: 'not.a.token' });
      return `${answer.status} ${answer.message?.error ? 'json-rpc-error' : 'oauth-error'}`;
    },
    compliant: '401 oauth-error',
    flawed: '200 json-rpc-error',
  },
  'nonstandard-error-codes': {
    observe: async (p) =>
      Promise.all([{ iss: 'https://evil.example' }, { aud: 'https://other.example/mcp' }].map(async (claims) => bearerError((await whoami(p, { token: await p.token(claims) })).headers))),
    compliant: ['invalid_token', 'invalid_token'],
    flawed: ['invalid_issuer', 'invalid_audience'],
  },
  'no-error-code': {
    observe: async (p) => (await whoami(p, { token: 'not.a.token' })).headers.get('www-authenticate')?.includes('error="invalid_token"'),
    compliant: true,
    flawed: false,
  },

  // signatures and keys
  'decode-without-verify': { observe: (p) => statusWith(p, issuer.mint(p.url, {}, {}, issuer.attacker)), compliant: 401, flawed: 200 },
  'accept-unsigned': { observe: async (p) => statusWith(p, (await p.token()).replace(/[^.]+$/, '')), compliant: 401, flawed: 200 },
  'accept-alg-none': { observe: async (p) => statusWith(p, rawToken({ alg: 'none' }, p.claims())), compliant: 401, flawed: 200 },
  'accept-alg-none-any-case': { observe: async (p) => statusWith(p, rawToken({ alg: 'NONE' }, p.claims())), compliant: 401, flawed: 200 },
  'alg-from-header': {
    observe: async (p) => {
      const pem = createPublicKey(issuer.signing.privateKey).export({ type: 'spki', format: 'pem' });
      return statusWith(p, hmacToken(header({ alg: 'HS256' }), p.claims(), pem));
    },
    compliant: 401,
    flawed: 200,
  },
  'hash-from-header': {
    observe: (p) => statusWith(p, signCompact(header({ alg: 'ES384' }), p.claims(), issuer.signing.privateKey, 'sha384')),
    compliant: 401,
    flawed: 200,
  },
  'hs-fallback-empty-secret': { observe: (p) => statusWith(p, hmacToken(header({ alg: 'HS256' }), p.claims(), '')), compliant: 401, flawed: 200 },
  'weak-secret': {
    env: { AUTH: 'hs256', JWT_SECRET: HS256_SECRET },
    observe: (p) => statusWith(p, hmacToken({ alg: 'HS256', typ: 'JWT' }, p.claims(), 'secret')),
    compliant: 401,
    flawed: 200,
  },
  'verify-cache-by-kid': {
    observe: async (p) => [await statusWith(p, p.token()), await statusWith(p, issuer.mint(p.url, {}, {}, issuer.attacker))],
    compliant: [200, 401],
    flawed: [200, 200],
  },
  'psychic-signature': { observe: (p) => statusWith(p, rawToken(header(), p.claims(), Buffer.alloc(64))), compliant: 401, flawed: 200 },
  'trust-embedded-jwk': {
    observe: (p) => statusWith(p, issuer.mint(p.url, {}, { jwk: issuer.attacker.jwk }, issuer.attacker)),
    compliant: 401,
    flawed: 200,
  },
  'follow-jku': {
    observe: (p) => statusWith(p, issuer.mint(p.url, {}, { jku: issuer.attackerJwksUrl }, issuer.attacker)),
    compliant: 401,
    flawed: 200,
  },
  'follow-x5u': {
    observe: (p) => statusWith(p, issuer.mint(p.url, {}, { x5u: issuer.attackerX5uUrl }, issuer.attacker)),
    compliant: 401,
    flawed: 200,
  },
  'trust-x5c': {
    observe: (p) => statusWith(p, issuer.mint(p.url, {}, { x5c: [issuer.attackerCertificate.toString('base64')] }, issuer.attacker)),
    compliant: 401,
    flawed: 200,
  },
  'kid-file-lookup': {
    observe: (p) => statusWith(p, hmacToken({ alg: 'HS256', kid: '../../../../../../../../dev/null' }, p.claims(), '')),
    compliant: 401,
    flawed: 200,
  },
  'kid-crash-500': { observe: (p) => statusWith(p, p.token({}, { kid: "k1' OR '1'='1" })), compliant: 401, flawed: 500 },
  'jwks-refetch-on-unknown-kid': {
    observe: async (p) => {
      await statusWith(p, p.token());
      const before = issuer.jwksFetches();
      for (let i = 0; i < 5; i++) await statusWith(p, p.token({}, { kid: `unknown-${i}` }));
      return issuer.jwksFetches() - before >= 5;
    },
    compliant: false,
    flawed: true,
  },
  'crash-without-kid': { observe: (p) => statusWith(p, p.token({}, { kid: undefined })), compliant: 200, flawed: 500 },
  'ignore-crit': {
    observe: (p) => statusWith(p, signCompact(header({ crit: ['urn:x:unknown'], 'urn:x:unknown': 1 }), p.claims(), issuer.signing.privateKey)),
    compliant: 401,
    flawed: 200,
  },
  'ignore-typ': { observe: (p) => statusWith(p, p.token({}, { typ: 'rt+jwt' })), compliant: 401, flawed: 200 },
  'crash-on-jwe': { observe: (p) => statusWith(p, 'eyJhbGciOiJkaXIifQ.a.b.c.d'), compliant: 401, flawed: 500 },
  'first-duplicate-member-wins': {
    observe: async (p) => {
      const payload = (await payloadOf(p)).replace('"sub":"alice"', '"sub":"alice","sub":"bob"');
      const answer = await whoami(p, { token: signCompact(header(), payload, issuer.signing.privateKey) });
      return (toolJson(answer) as { sub?: string } | undefined)?.sub;
    },
    compliant: 'bob',
    flawed: 'alice',
  },

  // claims
  'accept-expired': { observe: statusFor({ exp: now() - 600 }), compliant: 401, flawed: 200 },
  'exp-optional': { observe: statusFor({ exp: undefined }), compliant: 401, flawed: 200 },
  'exp-lenient-types': { observe: statusFor({ exp: null }), compliant: 401, flawed: 200 },
  'no-clock-skew': { observe: statusFor({ exp: now() - 10 }), compliant: 200, flawed: 401 },
  'ignore-nbf': { observe: statusFor({ nbf: now() + 600 }), compliant: 401, flawed: 200 },
  'ignore-iat': { observe: statusFor({ iat: now() + 600 }), compliant: 401, flawed: 200 },
  'aud-optional': { observe: statusFor({ aud: undefined }), compliant: 401, flawed: 200 },
  'ignore-aud': { observe: statusFor({ aud: 'http://127.0.0.1:1/mcp' }), compliant: 401, flawed: 200 },
  'aud-case-insensitive': { observe: (p) => statusWith(p, p.token({ aud: p.url.toUpperCase() })), compliant: 401, flawed: 200 },
  'aud-normalized': { observe: (p) => statusWith(p, p.token({ aud: `${p.url}/` })), compliant: 401, flawed: 200 },
  'aud-prefix-match': { observe: (p) => statusWith(p, p.token({ aud: `${p.url}2` })), compliant: 401, flawed: 200 },
  'aud-lenient-types': { observe: (p) => statusWith(p, p.token({ aud: [[p.url]] })), compliant: 401, flawed: 200 },
  'aud-array-unsupported': { observe: (p) => statusWith(p, p.token({ aud: [p.url] })), compliant: 200, flawed: 401 },
  'aud-array-any': { observe: statusFor({ aud: ['http://127.0.0.1:1/mcp'] }), compliant: 401, flawed: 200 },
  'sub-lenient-types': { observe: statusFor({ sub: { id: 'alice' } }), compliant: 401, flawed: 200 },
  'roles-lenient-types': {
    observe: async (p) => (await call(p, 'admin_reset', {}, { token: await p.token({ roles: { user: true, admin: true } }) })).status,
    compliant: 403,
    flawed: 200,
  },
  'iss-optional': { observe: statusFor({ iss: undefined }), compliant: 401, flawed: 200 },
  'ignore-iss': { observe: statusFor({ iss: 'http://127.0.0.1:1/evil' }), compliant: 401, flawed: 200 },
  'iss-normalized': { observe: (p) => statusWith(p, p.token({ iss: `${issuer.issuer}/` })), compliant: 401, flawed: 200 },

  // discovery
  'no-prm': { observe: async (p) => (await metadata(p)) !== undefined, compliant: true, flawed: false },
  'prm-empty-as': { observe: async (p) => ((await metadata(p))?.authorization_servers as string[]).length, compliant: 1, flawed: 0 },
  'prm-wrong-resource': { observe: async (p) => (await metadata(p))?.resource === p.url, compliant: true, flawed: false },
  'resource-metadata-wrong-url': {
    observe: async (p) => /resource_metadata="http:\/\//.test((await challengeWithout(p)) ?? ''),
    compliant: true,
    flawed: false,
  },
  'no-resource-metadata': { observe: async (p) => (await challengeWithout(p))?.includes('resource_metadata='), compliant: true, flawed: false },
  'trust-forwarded-host': {
    observe: async (p) => {
      const headers = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
      const challenge = (await whoami(p, { headers })).headers.get('www-authenticate') ?? '';
      const prm = await fetch(`${new URL(p.url).origin}/.well-known/oauth-protected-resource/mcp`, { headers });
      return [/resource_metadata="https:\/\/evil\.example\//.test(challenge), ((await prm.json()) as { resource: string }).resource.startsWith('https://evil.example/')];
    },
    compliant: [false, false],
    flawed: [true, true],
  },
  'challenge-scope-mismatch': { observe: async (p) => /scope="([^"]*)"/.exec((await challengeWithout(p)) ?? '')?.[1], compliant: 'user', flawed: 'superuser' },
  'no-challenge-scope': { observe: async (p) => (await challengeWithout(p))?.includes('scope='), compliant: true, flawed: false },

  // transport
  'unauthenticated-get': {
    observe: async (p) => (await send(p.url, undefined, { session: await openSession(p.url, await p.token()), version: '2025-11-25' })).status,
    compliant: 401,
    flawed: 200,
  },
  'unauthenticated-delete': {
    observe: async (p) => {
      const session = await openSession(p.url, await p.token());
      return (await send(p.url, undefined, { method: 'DELETE', session, version: '2025-11-25' })).status;
    },
    compliant: 401,
    flawed: 200,
  },
  'unauthenticated-notifications': {
    observe: async (p) => {
      const _meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} };
      const body = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, _meta } };
      return (await send(p.url, body, { version: MODERN, headers: { 'mcp-method': 'notifications/cancelled' } })).status;
    },
    compliant: 401,
    flawed: 202,
  },
  'unauthenticated-path-alias': {
    observe: async (p) => (await send(`${p.url}/`, modernCallBody('whoami'), { headers: modernCallHeaders('whoami') })).status,
    compliant: 401,
    flawed: 200,
  },
  'unauthenticated-legacy-messages': {
    env: { LEGACY_SSE: '1' },
    observe: async (p) => {
      const { endpoint, close } = await openLegacySse(p.url, await p.token());
      try {
        const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
        return (await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(initialize) })).status;
      } finally {
        await close();
      }
    },
    compliant: 401,
    flawed: 202,
  },
  'no-origin-check': { observe: async (p) => (await whoami(p, { token: await p.token(), headers: { origin: 'http://evil.example' } })).status, compliant: 403, flawed: 200 },
  'ignore-protocol-version': {
    observe: async (p) => {
      const token = await p.token();
      return (await send(p.url, callBody('whoami'), { token, session: await openSession(p.url, token), version: '1999-01-01' })).status;
    },
    compliant: 400,
    flawed: 200,
  },

  // authorization and sessions
  'admin-without-role': {
    observe: async (p) => (await send(p.url, modernCallBody('admin_reset'), { token: await p.token(), headers: modernCallHeaders('admin_reset') })).status,
    compliant: 403,
    flawed: 200,
  },
  'session-not-bound': {
    observe: async (p) => {
      const session = await openSession(p.url, await p.token());
      return (await send(p.url, callBody('whoami'), { token: await p.token({ sub: 'bob' }), session, version: '2025-11-25' })).status;
    },
    compliant: 404,
    flawed: 200,
  },
  'session-keeps-first-identity': {
    observe: async (p) => {
      const session = await openSession(p.url, await p.token());
      const later = await p.token({ roles: ['user', 'auditor'] });
      return (toolJson(await send(p.url, callBody('whoami'), { token: later, session, version: '2025-11-25' })) as { roles?: string[] })?.roles;
    },
    compliant: ['user', 'auditor'],
    flawed: ['user'],
  },
  'session-runs-as-opener': {
    observe: async (p) => {
      const session = await openSession(p.url, await p.token({ roles: ['user', 'admin'] }));
      return (await send(p.url, callBody('admin_reset'), { token: await p.token({ sub: 'bob', roles: ['user'] }), session, version: '2025-11-25' })).status;
    },
    compliant: 404,
    flawed: 200,
  },

  // rbac
  'base-scope-ignored': {
    observe: async (p) => (await whoami(p, { token: await p.token({ roles: ['guest'] }) })).status,
    compliant: 403,
    flawed: 200,
  },
  'denial-as-jsonrpc-error': {
    observe: async (p) => {
      const answer = await call(p, 'admin_reset', {}, { token: await p.token() });
      return `${answer.status} ${answer.message?.result?.isError === true ? 'isError' : 'no tool result'}`;
    },
    compliant: '403 no tool result',
    flawed: '200 isError',
  },
  'insufficient-scope-no-challenge': {
    observe: async (p) => {
      const answer = await call(p, 'admin_reset', {}, { token: await p.token() });
      return `${answer.status} ${answer.headers.get('www-authenticate')?.includes('error="insufficient_scope"') ?? 'no challenge'}`;
    },
    compliant: '403 true',
    flawed: '403 no challenge',
  },
  'challenge-one-scope-at-a-time': {
    observe: async (p) => /scope="([^"]*)"/.exec((await call(p, 'audit_export', {}, { token: await p.token() })).headers.get('www-authenticate') ?? '')?.[1],
    compliant: 'admin auditor',
    flawed: 'admin',
  },
  'scope-hierarchy-ignored': { observe: async (p) => (await whoami(p, { token: await p.token({ roles: ['admin'] }) })).status, compliant: 200, flawed: 403 },
  'first-role-only': { observe: async (p) => (await call(p, 'admin_reset', {}, { token: await p.token({ roles: ['user', 'admin'] }) })).status, compliant: 200, flawed: 403 },
  'scope-before-auth': {
    observe: async (p) => {
      const expired = await call(p, 'admin_reset', {}, { token: await p.token({ exp: now() - 600 }) });
      const forged = await call(p, 'admin_reset', {}, { token: await issuer.mint(p.url, {}, {}, issuer.attacker) });
      return [expired.status, forged.status];
    },
    compliant: [401, 401],
    flawed: [403, 403],
  },
  'trust-proxy-headers': {
    observe: async (p) => {
      const token = await p.token();
      const asRoot = toolJson(await whoami(p, { token, headers: { 'x-forwarded-user': 'root', 'x-forwarded-groups': 'admin,ops' } }));
      const reset = await call(p, 'admin_reset', {}, { token, headers: { 'x-user-id': 'root', 'x-user-role': 'admin' } });
      return [asRoot, reset.status];
    },
    compliant: [{ sub: 'alice', roles: ['user'] }, 403],
    flawed: [{ sub: 'root', roles: ['admin', 'ops'] }, 200],
  },
  'trust-query-identity': {
    observe: async (p) => toolJson(await whoami(p, { token: await p.token(), query: 'user_id=root&role=admin' })),
    compliant: { sub: 'alice', roles: ['user'] },
    flawed: { sub: 'root', roles: ['admin'] },
  },
  'trust-meta-identity': {
    observe: async (p) => {
      const token = await p.token();
      const body = modernCallBody('whoami') as { params: { _meta: Record<string, unknown> } };
      body.params._meta.user = 'root';
      const byMeta = await send(p.url, body, { token, headers: modernCallHeaders('whoami') });
      return [subOf(byMeta), subOf(await call(p, 'whoami', { as_user: 'root' }, { token }))];
    },
    compliant: ['alice', 'alice'],
    flawed: ['root', 'root'],
  },

  // sessions and state
  'shared-identity-slot': {
    observe: async (p) => {
      const tokens = [await p.token(), await p.token({ sub: 'bob' })] as const;
      const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => whoami(p, { token: tokens[i % 2] })));
      return answers.every((answer, i) => subOf(answer) === (i % 2 ? 'bob' : 'alice'));
    },
    compliant: true,
    flawed: false,
  },
  'shared-request-id-routing': {
    observe: async (p) => {
      const subjects = Array.from({ length: 8 }, (_, i) => `user-${i}`);
      const tokens = await Promise.all(subjects.map((sub) => p.token({ sub })));
      // Every caller uses the same JSON-RPC id, as clients that each count from 1 do.
      const answers = await Promise.all(tokens.map((token) => whoami(p, { token })));
      return answers.every((answer, i) => subOf(answer) === subjects[i]);
    },
    compliant: true,
    flawed: false,
  },
  'session-id-as-credential': {
    observe: async (p) => (await send(p.url, callBody('whoami'), { session: await openSession(p.url, await p.token()), version: V2025 })).status,
    compliant: 401,
    flawed: 200,
  },
  'sequential-session-ids': { observe: async (p) => /^session-\d+$/.test(await openSession(p.url, await p.token())), compliant: false, flawed: true },
  'session-survives-delete': {
    observe: async (p) => {
      const token = await p.token();
      const session = await openSession(p.url, token);
      const deleted = await send(p.url, undefined, { method: 'DELETE', token, session, version: V2025 });
      return [deleted.status, (await send(p.url, callBody('whoami'), { token, session, version: V2025 })).status];
    },
    compliant: [200, 404],
    flawed: [200, 200],
  },
  'request-state-unsigned': {
    observe: async (p) => {
      const state = await deferredState(p, await p.token());
      // The state as an attacker rewrites it: decoded, another subject put in, encoded again.
      const forged = Buffer.from(Buffer.from(state.split('.').length === 3 ? state.split('.')[1]! : state, 'base64url').toString().replaceAll('alice', 'root')).toString('base64url');
      return subOf(await deferredRound(p, await p.token(), forged));
    },
    compliant: undefined,
    flawed: 'root',
  },
  'request-state-unbound': {
    observe: async (p) => subOf(await deferredRound(p, await p.token({ sub: 'bob' }), await deferredState(p, await p.token()))),
    compliant: undefined,
    flawed: 'alice',
  },
  'request-state-carries-authorization': {
    observe: async (p) => {
      const adminState = await deferredState(p, await p.token({ sub: 'root', roles: ['user', 'admin'] }), 'admin_reset_deferred');
      const echoed = await deferredRound(p, await p.token(), adminState, 'admin_reset_deferred');
      return [echoed.status, resultOf(echoed)];
    },
    compliant: [403, undefined],
    flawed: [200, 'reset'],
  },
  'shared-result-cache': {
    observe: async (p) => {
      const read = async (token: string) => JSON.parse(String(((await readProfile(p, token)).message?.result?.contents as { text?: string }[] | undefined)?.[0]?.text)).sub;
      return [await read(await p.token()), await read(await p.token({ sub: 'bob' }))];
    },
    compliant: ['alice', 'bob'],
    flawed: ['alice', 'alice'],
  },
  'state-handle-not-bound': {
    observe: async (p) => {
      const remembered = await call(p, 'remember', { text: "alice's note" }, { token: await p.token() });
      const { handle } = remembered.message?.result?.structuredContent as { handle: string };
      return resultOf(await call(p, 'recall', { handle }, { token: await p.token({ sub: 'bob' }) }));
    },
    compliant: 'no such note',
    flawed: { text: "alice's note" },
  },

  // hygiene
  'token-passthrough': {
    observe: async (p) => {
      const token = await p.token();
      await call(p, 'upstream_fetch', {}, { token });
      return upstream.authorizations().at(-1)?.replace(token, '<client token>');
    },
    compliant: `Bearer ${UPSTREAM_TOKEN}`,
    flawed: 'Bearer <client token>',
  },
  'echo-token-in-error': {
    observe: async (p) => {
      const token = await p.token({ exp: now() - 600 });
      const answer = await whoami(p, { token });
      return [answer.headers.get('www-authenticate')?.includes(token), answer.text.includes(token)];
    },
    compliant: [false, false],
    flawed: [true, true],
  },
  'stack-in-errors': {
    observe: async (p) => {
      const unauthorized = await whoami(p, { token: 'not.a.token' });
      const badVersion = await whoami(p, { token: await p.token(), headers: { 'mcp-protocol-version': '1999-01-01' } });
      return [unauthorized.status, hasStack(unauthorized), badVersion.status, hasStack(badVersion)];
    },
    compliant: [401, false, 400, false],
    flawed: [401, true, 400, true],
  },

  // token lifecycle
  'auth-cache-ignores-exp': {
    env: { CLOCK_SKEW_SECONDS: '0' },
    observe: async (p) => {
      const exp = Math.ceil(Date.now() / 1000 + 0.5);
      const token = await p.token({ exp });
      const before = await statusWith(p, token);
      await new Promise((r) => setTimeout(r, exp * 1000 + 200 - Date.now()));
      return [before, await statusWith(p, token)];
    },
    compliant: [200, 401],
    flawed: [200, 200],
  },
  'session-bound-to-token': {
    observe: async (p) => {
      const session = await openSession(p.url, await p.token());
      return (await send(p.url, callBody('whoami'), { token: await p.token({ jti: 'refreshed' }), session, version: '2025-11-25' })).status;
    },
    compliant: 200,
    flawed: 404,
  },
  'session-handover-after-expiry': {
    observe: async (p) => {
      const session = await openSession(p.url, await p.token({ exp: now() - 5 })); // expired, within the 30 s skew
      return (await send(p.url, callBody('whoami'), { token: await p.token({ sub: 'bob' }), session, version: '2025-11-25' })).status;
    },
    compliant: 404,
    flawed: 200,
  },
  'jwks-fetched-once': {
    env: { JWKS_COOLDOWN_SECONDS: '0' },
    observe: async (p) => {
      await statusWith(p, p.token());
      const before = issuer.jwksFetches();
      await statusWith(p, p.token({}, { kid: 'rotated-in' }));
      return issuer.jwksFetches() - before;
    },
    compliant: 1,
    flawed: 0,
  },
  'jwks-cache-forever': {
    env: { JWKS_CACHE_SECONDS: '0' },
    observe: async (p) => {
      await statusWith(p, p.token());
      const before = issuer.jwksFetches();
      await statusWith(p, p.token());
      return issuer.jwksFetches() - before;
    },
    compliant: 1,
    flawed: 0,
  },
  'clock-skew-hours': { observe: statusFor({ exp: now() - 600 }), compliant: 401, flawed: 200 },

  // cost of authentication
  'slow-jwks': {
    observe: async (p) => {
      const before = issuer.jwksFetches();
      for (let i = 0; i < 3; i++) await statusWith(p, p.token());
      return issuer.jwksFetches() - before;
    },
    compliant: 1,
    flawed: 3,
  },
  'verify-delay-2ms': {
    // Two refusals back to back: a mis-signed token goes through signature verification, a
    // malformed one never reaches it. With the defect no verification can answer within 2 ms of
    // the fastest refusal; without it one soon does (tenths of a ms). Under load a verification
    // often waits a scheduling slice for its crypto work (WebCrypto runs off the main thread), so
    // it tries until one does: up to 1,000 pairs, which the defect always uses up, judging only
    // once 50 pairs have found the fastest refusal.
    observe: async (p) => {
      const misSigned = await issuer.mint(p.url, {}, {}, issuer.attacker);
      const timed = async (token: string) => {
        const started = performance.now();
        expect(await statusWith(p, token)).toBe(401);
        return performance.now() - started;
      };
      const fastest = { verified: Infinity, skipped: Infinity };
      for (let i = 0; i < 1000; i++) {
        fastest.verified = Math.min(fastest.verified, await timed(misSigned));
        fastest.skipped = Math.min(fastest.skipped, await timed('abc.def'));
        if (i >= 50 && fastest.verified - fastest.skipped < 1.25) return false;
      }
      return true;
    },
    compliant: false,
    flawed: true,
  },
};

async function observe(flaws: string[], flawCase: FlawCase): Promise<unknown> {
  activateFlaws(flaws);
  const env = { AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.issuer, PORT: '0', UPSTREAM_URL: upstream.url, UPSTREAM_TOKEN, ...flawCase.env };
  const reference = await listenReference(readSettings(env));
  const audience = reference.config.audience;
  const probe: Probe = {
    url: reference.url,
    claims: (overrides) => issuer.claims(audience, overrides),
    token: (claims, hdr) => (env.AUTH === 'hs256' ? Promise.resolve(hmacToken({ alg: 'HS256', typ: 'JWT' }, issuer.claims(audience, claims), HS256_SECRET)) : issuer.mint(audience, claims, hdr)),
  };
  try {
    return await flawCase.observe(probe);
  } finally {
    await reference.close();
    activateFlaws([]);
  }
}

describe('every flaw flips its behaviour', () => {
  it('has a case for every registered flaw', () => {
    expect(Object.keys(CASES).sort()).toEqual(FLAWS.map((f) => f.name).sort());
  });

  it.each(FLAWS.map((f) => f.name as FlawName))('%s', async (name) => {
    const flawCase = CASES[name];
    expect(await observe([], flawCase), 'compliant').toEqual(flawCase.compliant);
    expect(await observe([name], flawCase), 'flawed').toEqual(flawCase.flawed);
  });
});
