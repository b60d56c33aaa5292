// The compliant reference server, as a raw client sees it: every revision, every challenge shape.
import { spawnSync } from 'node:child_process';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readSettings } from '../src/reference/config.ts';
import { SERVER_ENTRY, startReference, type RunningReference } from '../src/reference/launch.ts';
import { callBody, modernCallBody, modernCallHeaders, openSession, send, toolJson } from './support/reference-testing/raw-mcp.ts';
import { rawToken, signCompact, startTestIssuer, type TestIssuer } from './support/reference-testing/test-issuer.ts';
import { startUpstreamRecorder, type UpstreamRecorder } from './support/reference-testing/upstream-recorder.ts';

let issuer: TestIssuer;
let upstream: UpstreamRecorder;
let jwks: RunningReference;
let off: RunningReference;
let hs256: RunningReference;
const SECRET = 'a-long-shared-secret-for-the-hs256-profile';
const UPSTREAM_TOKEN = 'the-servers-own-upstream-credential';

beforeAll(async () => {
  [issuer, upstream] = await Promise.all([startTestIssuer(), startUpstreamRecorder()]);
  [jwks, off, hs256] = await Promise.all([
    startReference({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.issuer, UPSTREAM_URL: upstream.url, UPSTREAM_TOKEN }),
    startReference({ AUTH: 'off' }),
    startReference({
      AUTH: 'hs256',
      JWT_SECRET: SECRET,
      ISSUER: issuer.issuer,
      SUB_CLAIM: 'user_id',
      ROLE_CLAIM: 'role',
      USERNAME_CLAIM: 'username',
      UPSTREAM_URL: upstream.url,
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([jwks?.stop(), off?.stop(), hs256?.stop()]);
  await Promise.all([issuer?.close(), upstream?.close()]);
});

const origin = (url: string) => new URL(url).origin;
const prmUrl = (url: string) => `${origin(url)}/.well-known/oauth-protected-resource/mcp`;
const critToken = async () => {
  const payload = (await token()).split('.')[1] ?? '';
  const header = { alg: 'ES256', kid: 'k1', crit: ['urn:example:unknown'], 'urn:example:unknown': 1 };
  return signCompact(header, Buffer.from(payload, 'base64url').toString(), issuer.signing.privateKey);
};
const token = (claims?: Record<string, unknown>, header?: Record<string, unknown>) => issuer.mint(jwks.url, claims, header);

describe('protected resource metadata', () => {
  it('is served at the path-inserted and the bare well-known URL', async () => {
    for (const url of [prmUrl(jwks.url), `${origin(jwks.url)}/.well-known/oauth-protected-resource`]) {
      const answer = await fetch(url);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({
        resource: jwks.url,
        authorization_servers: [issuer.issuer],
        scopes_supported: ['user', 'admin', 'auditor'],
        bearer_methods_supported: ['header'],
      });
    }
  });
});

describe('401 challenges', () => {
  it('missing credentials: resource_metadata and scope, no error code', async () => {
    const answer = await send(jwks.url, callBody('whoami'));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${prmUrl(jwks.url)}", scope="user"`);
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['an empty bearer', 'Bearer '],
    ['two segments', 'Bearer abc.def'],
    ['non-base64url segments', 'Bearer a*b.c*d.e*f'],
    ['a payload that is not an object', `Bearer ${rawToken({ alg: 'ES256' }, '[1,2]', 'c2ln')}`],
    ['a five-part token', 'Bearer a.b.c.d.e'],
  ])('invalid_token for %s', async (_, authorization) => {
    const answer = await send(jwks.url, callBody('whoami'), { authorization });
    expect(answer.status).toBe(401);
    const challenge = answer.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="invalid_token", error_description="[^"]+", /);
    expect(challenge).toContain(`resource_metadata="${prmUrl(jwks.url)}"`);
    expect(challenge).toContain('scope="user"');
  });

  it('ignores a token in the query string', async () => {
    const answer = await send(jwks.url, callBody('whoami'), { query: `access_token=${await token()}` });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).not.toContain('error=');
  });

  it.each<[string, () => Promise<string>]>([
    ['expired', () => token({ exp: Math.floor(Date.now() / 1000) - 120 })],
    ['without exp', () => token({ exp: undefined })],
    ['exp as a string', () => token({ exp: String(Math.floor(Date.now() / 1000) + 300) })],
    ['nbf in the future', () => token({ nbf: Math.floor(Date.now() / 1000) + 600 })],
    ['iat in the future', () => token({ iat: Math.floor(Date.now() / 1000) + 600 })],
    ['a foreign audience', () => token({ aud: 'http://127.0.0.1:1/mcp' })],
    ['a sibling audience', async () => token({ aud: `${jwks.url}2` })],
    ['a trailing-slash audience', async () => token({ aud: `${jwks.url}/` })],
    ['a nested-array audience', async () => token({ aud: [[jwks.url]] })],
    ['without aud', () => token({ aud: undefined })],
    ['a foreign issuer', () => token({ iss: 'http://127.0.0.1:1/evil' })],
    ['without iss', () => token({ iss: undefined })],
    ['a refresh-token typ', () => token({}, { typ: 'rt+jwt' })],
    ['an unknown crit header', async () => critToken()],
    ['an unknown kid', () => token({}, { kid: 'nobody' })],
    ['alg none', async () => rawToken({ alg: 'none', typ: 'JWT' }, (await token()).split('.')[1] ?? '')],
    ['a foreign key under the trusted kid', () => issuer.mint(jwks.url, {}, {}, issuer.attacker)],
  ])('invalid_token for a token %s', async (_, make) => {
    const answer = await send(jwks.url, callBody('whoami'), { token: await make() });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('fetches the JWKS once for a flood of unknown kids', async () => {
    const before = issuer.jwksFetches();
    for (let i = 0; i < 10; i++) await send(jwks.url, callBody('whoami'), { token: await token({}, { kid: `unknown-${i}` }) });
    expect(issuer.jwksFetches() - before).toBeLessThanOrEqual(1);
  });
});

describe('2025-11-25 sessions', () => {
  it('initialize, then tools/call whoami with the caller identity', async () => {
    const alice = await token({ username: 'alice.a' });
    const session = await openSession(jwks.url, alice);
    const answer = await send(jwks.url, callBody('whoami'), { token: alice, session, version: '2025-11-25' });
    expect(answer.status).toBe(200);
    expect(toolJson(answer)).toEqual({ sub: 'alice', roles: ['user'], username: 'alice.a' });
    expect(answer.message?.result?.structuredContent).toEqual({ sub: 'alice', roles: ['user'], username: 'alice.a' });
  });

  it('accepts the scheme in any case and an aud array containing the resource', async () => {
    const t = await token({ aud: ['http://127.0.0.1:1/other', jwks.url] });
    const session = await openSession(jwks.url, t);
    const answer = await send(jwks.url, callBody('echo', { text: 'hi' }), { authorization: `bearer ${t}`, session, version: '2025-11-25' });
    expect(answer.status).toBe(200);
    expect(answer.message?.result?.content).toEqual([{ type: 'text', text: 'hi' }]);
  });

  it('accepts a token without kid when several keys are trusted', async () => {
    const session = await openSession(jwks.url, await token({}, { kid: undefined }));
    expect(session).toBeTruthy();
  });

  it('403 insufficient_scope for admin_reset without the admin role; reset with it', async () => {
    const user = await token();
    const session = await openSession(jwks.url, user);
    const denied = await send(jwks.url, callBody('admin_reset'), { token: user, session, version: '2025-11-25' });
    expect(denied.status).toBe(403);
    const challenge = denied.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer error="insufficient_scope"/);
    expect(challenge).toContain('scope="admin"');
    expect(challenge).toContain(`resource_metadata="${prmUrl(jwks.url)}"`);

    const admin = await token({ roles: 'user admin' });
    const adminSession = await openSession(jwks.url, admin);
    const allowed = await send(jwks.url, callBody('admin_reset'), { token: admin, session: adminSession, version: '2025-11-25' });
    expect(allowed.message?.result?.content).toEqual([{ type: 'text', text: 'reset' }]);
  });

  it('401 wins over 403: an expired under-scoped token is a 401', async () => {
    const session = await openSession(jwks.url, await token());
    const expired = await token({ exp: Math.floor(Date.now() / 1000) - 120 });
    const answer = await send(jwks.url, callBody('admin_reset'), { token: expired, session, version: '2025-11-25' });
    expect(answer.status).toBe(401);
  });

  it('guards the GET stream and DELETE, then terminates the session', async () => {
    const t = await token();
    const session = await openSession(jwks.url, t);
    expect((await send(jwks.url, undefined, { session, version: '2025-11-25' })).status).toBe(401);
    const stream = await send(jwks.url, undefined, { token: t, session, version: '2025-11-25' });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect((await send(jwks.url, undefined, { method: 'DELETE', session, version: '2025-11-25' })).status).toBe(401);
    expect((await send(jwks.url, undefined, { method: 'DELETE', token: t, session, version: '2025-11-25' })).status).toBe(200);
    expect((await send(jwks.url, callBody('whoami'), { token: t, session, version: '2025-11-25' })).status).toBe(404);
  });

  it('guards notifications', async () => {
    const session = await openSession(jwks.url, await token());
    const answer = await send(jwks.url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { session, version: '2025-11-25' });
    expect(answer.status).toBe(401);
  });

  it("refuses another principal's session and shows each request its own identity", async () => {
    const session = await openSession(jwks.url, await token());
    const bob = await token({ sub: 'bob' });
    expect((await send(jwks.url, callBody('whoami'), { token: bob, session, version: '2025-11-25' })).status).toBe(404);
    const aliceAgain = await token({ roles: ['user', 'auditor'] });
    expect(toolJson(await send(jwks.url, callBody('whoami'), { token: aliceAgain, session, version: '2025-11-25' }))).toEqual({
      sub: 'alice',
      roles: ['user', 'auditor'],
    });
  });

  it('admin_reset_deferred completes in one answer for the admin (2025: no rounds); 403 for a user', async () => {
    const admin = await token({ sub: 'root', roles: ['user', 'admin'] });
    const session = await openSession(jwks.url, admin);
    const answer = await send(jwks.url, callBody('admin_reset_deferred'), { token: admin, session, version: '2025-11-25' });
    expect(answer.message?.result?.content).toEqual([{ type: 'text', text: 'reset' }]);
    const user = await token();
    const denied = await send(jwks.url, callBody('admin_reset_deferred'), { token: user, session: await openSession(jwks.url, user), version: '2025-11-25' });
    expect(denied.status).toBe(403);
  });

  it('serves 2025-06-18 too', async () => {
    const t = await token();
    const session = await openSession(jwks.url, t, '2025-06-18');
    const answer = await send(jwks.url, callBody('whoami'), { token: t, session, version: '2025-06-18' });
    expect(toolJson(answer)).toMatchObject({ sub: 'alice' });
  });
});

describe('2026-07-28 stateless', () => {
  it('tools/call whoami with the per-request envelope and standard headers', async () => {
    const answer = await send(jwks.url, modernCallBody('whoami'), { token: await token(), headers: modernCallHeaders('whoami') });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('mcp-session-id')).toBeNull();
    expect(toolJson(answer)).toEqual({ sub: 'alice', roles: ['user'] });
  });

  it('401 without a token, 403 for admin_reset as a user', async () => {
    expect((await send(jwks.url, modernCallBody('whoami'), { headers: modernCallHeaders('whoami') })).status).toBe(401);
    const denied = await send(jwks.url, modernCallBody('admin_reset'), { token: await token(), headers: modernCallHeaders('admin_reset') });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('admin_reset_deferred: input_required, then the echoed state resets for the admin and for nobody else', async () => {
    const round = (t: string, requestState?: string) => {
      const body = modernCallBody('admin_reset_deferred') as { params: Record<string, unknown> };
      if (requestState) body.params.requestState = requestState;
      return send(jwks.url, body, { token: t, headers: modernCallHeaders('admin_reset_deferred') });
    };
    const admin = await token({ sub: 'root', roles: ['user', 'admin'] });
    const first = await round(admin);
    expect(first.message?.result?.resultType).toBe('input_required');
    const state = String(first.message?.result?.requestState);
    const user = await token();
    expect((await round(user)).status).toBe(403);
    expect((await round(user, state)).status).toBe(403);
    expect((await round(admin, state)).message?.result?.content).toEqual([{ type: 'text', text: 'reset' }]);
  });

  it('an admin is a user too: a token with admin alone has the base scope', async () => {
    expect((await send(jwks.url, modernCallBody('whoami'), { token: await token({ roles: ['admin'] }), headers: modernCallHeaders('whoami') })).status).toBe(200);
  });
});

const V2025 = '2025-11-25';
/** A stateless (2026-07-28) tools/call. */
const modernCall = async (url: string, name: string, args: Record<string, unknown>, t: string, headers: Record<string, string> = {}, query?: string) =>
  send(url, modernCallBody(name, args), { token: t, headers: { ...modernCallHeaders(name), ...headers }, query });
const resultOf = (answer: Awaited<ReturnType<typeof send>>) => answer.message?.result;

describe('remember / recall', () => {
  it('2026-07-28: a handle answers its owner only; no handle, no note', async () => {
    const alice = await token();
    const remembered = await modernCall(jwks.url, 'remember', { text: 'alice was here' }, alice);
    const { handle } = resultOf(remembered)?.structuredContent as { handle: string };
    expect(handle).toMatch(/^note-[0-9a-f-]{36}$/);
    expect(toolJson(remembered)).toEqual({ handle });

    expect(resultOf(await modernCall(jwks.url, 'recall', { handle }, await token()))?.structuredContent).toEqual({ text: 'alice was here' });
    for (const [t, args] of [
      [await token({ sub: 'bob' }), { handle }],
      [alice, { handle: 'note-00000000-0000-0000-0000-000000000000' }],
      [alice, {}],
    ] as const) {
      const refused = await modernCall(jwks.url, 'recall', args, t);
      expect(refused.status).toBe(200);
      expect(resultOf(refused)).toMatchObject({ isError: true, content: [{ type: 'text', text: 'no such note' }] });
    }
  });

  it("2025-11-25: recall without a handle is the session's note; handles follow the subject across sessions", async () => {
    const alice = await token();
    const session = await openSession(jwks.url, alice);
    const remembered = await send(jwks.url, callBody('remember', { text: 'in session' }), { token: alice, session, version: V2025 });
    const { handle } = resultOf(remembered)?.structuredContent as { handle: string };
    expect(resultOf(await send(jwks.url, callBody('recall'), { token: alice, session, version: V2025 }))?.structuredContent).toEqual({ text: 'in session' });

    const other = await openSession(jwks.url, alice);
    expect(resultOf(await send(jwks.url, callBody('recall'), { token: alice, session: other, version: V2025 }))?.isError).toBe(true);
    expect(resultOf(await send(jwks.url, callBody('recall', { handle }), { token: alice, session: other, version: V2025 }))?.structuredContent).toEqual({
      text: 'in session',
    });
    const bob = await token({ sub: 'bob' });
    const bobs = await openSession(jwks.url, bob);
    expect(resultOf(await send(jwks.url, callBody('recall', { handle }), { token: bob, session: bobs, version: V2025 }))?.isError).toBe(true);
    expect((await send(jwks.url, callBody('recall'), { token: bob, session, version: V2025 })).status).toBe(404);
  });
});

describe('upstream_fetch', () => {
  it("sends the server's own credential, never the client's token", async () => {
    const t = await token();
    const answer = await modernCall(jwks.url, 'upstream_fetch', {}, t);
    expect(resultOf(answer)?.structuredContent).toEqual({ status: 204 });
    expect(toolJson(answer)).toEqual({ status: 204 });
    expect(upstream.authorizations().at(-1)).toBe(`Bearer ${UPSTREAM_TOKEN}`);
    expect(upstream.authorizations().some((a) => a?.includes(t))).toBe(false);
  });

  it('sends no Authorization without UPSTREAM_TOKEN, and is a tool error without UPSTREAM_URL', async () => {
    const t = await new SignJWT({ iss: issuer.issuer, aud: hs256.url, user_id: 'u1', role: 'user' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    expect(resultOf(await modernCall(hs256.url, 'upstream_fetch', {}, t))?.structuredContent).toEqual({ status: 204 });
    expect(upstream.authorizations().at(-1)).toBeNull();

    const unconfigured = await send(off.url, modernCallBody('upstream_fetch'), { headers: modernCallHeaders('upstream_fetch') });
    expect(resultOf(unconfigured)).toMatchObject({ isError: true, content: [{ type: 'text', text: 'no upstream configured' }] });
  });

  it('refuses an UPSTREAM_URL that is not http(s)', () => {
    expect(() => readSettings({ AUTH: 'off', UPSTREAM_URL: 'file:///etc/passwd' })).toThrow(ConfigError);
  });
});

describe('identity only from the verified token', () => {
  it('ignores proxy identity headers, query identity, _meta.user and as_user', async () => {
    const t = await token();
    const root = { 'x-user-id': 'root', 'x-forwarded-user': 'root', 'x-auth-request-user': 'root', 'x-user-role': 'admin', 'x-forwarded-groups': 'admin' };
    expect(toolJson(await modernCall(jwks.url, 'whoami', { as_user: 'root' }, t, root, 'user_id=root&sub=root&role=admin'))).toEqual({ sub: 'alice', roles: ['user'] });
    expect((await modernCall(jwks.url, 'admin_reset', {}, t, root, 'role=admin')).status).toBe(403);
    const body = modernCallBody('whoami') as { params: { _meta: Record<string, unknown> } };
    body.params._meta.user = 'root';
    expect(toolJson(await send(jwks.url, body, { token: t, headers: modernCallHeaders('whoami') }))).toEqual({ sub: 'alice', roles: ['user'] });
  });

  it('counts every role of the claim, and a forged or expired token is 401 even for a denied tool', async () => {
    expect((await modernCall(jwks.url, 'admin_reset', {}, await token({ roles: ['user', 'admin'] }))).status).toBe(200);
    expect((await modernCall(jwks.url, 'admin_reset', {}, await issuer.mint(jwks.url, {}, {}, issuer.attacker))).status).toBe(401);
    expect((await modernCall(jwks.url, 'admin_reset', {}, await token({ exp: Math.floor(Date.now() / 1000) - 120 }))).status).toBe(401);
  });

  it('keeps tokens and stack traces out of error answers', async () => {
    const expired = await token({ exp: Math.floor(Date.now() / 1000) - 120 });
    const answer = await modernCall(jwks.url, 'whoami', {}, expired);
    expect(answer.status).toBe(401);
    expect(`${answer.headers.get('www-authenticate')} ${answer.text}`).not.toContain(expired.split('.')[2]);
    expect(answer.text).not.toMatch(/\.ts:\d+|stack/);
    const badVersion = await modernCall(jwks.url, 'whoami', {}, await token(), { 'mcp-protocol-version': '1999-01-01' });
    expect(badVersion.status).toBe(400);
    expect(badVersion.text).not.toMatch(/\.ts:\d+|stack/);
  });
});

describe('sessions are not credentials', () => {
  it('random ids; a session id without Authorization is 401', async () => {
    const t = await token();
    const session = await openSession(jwks.url, t);
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    expect((await send(jwks.url, callBody('whoami'), { session, version: V2025 })).status).toBe(401);
  });
});

describe('transport security and versions', () => {
  it('403 for a foreign Origin, localhost origins pass', async () => {
    const t = await token();
    const headers = modernCallHeaders('whoami');
    expect((await send(jwks.url, modernCallBody('whoami'), { token: t, headers: { ...headers, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await send(jwks.url, modernCallBody('whoami'), { token: t, headers: { ...headers, origin: 'http://localhost:5173' } })).status).toBe(200);
  });

  it('400 for an unknown MCP-Protocol-Version, after authentication', async () => {
    const t = await token();
    const session = await openSession(jwks.url, t);
    expect((await send(jwks.url, callBody('whoami'), { token: t, session, version: '1999-01-01' })).status).toBe(400);
    expect((await send(jwks.url, callBody('whoami'), { session, version: '1999-01-01' })).status).toBe(401);
  });
});

describe('AUTH=off (baseline twin)', () => {
  it('serves everyone as anonymous and has no metadata', async () => {
    const session = await openSession(off.url, undefined);
    expect(toolJson(await send(off.url, callBody('whoami'), { session, version: '2025-11-25' }))).toEqual({ sub: 'anonymous', roles: [] });
    expect(toolJson(await send(off.url, modernCallBody('whoami'), { headers: modernCallHeaders('whoami') }))).toEqual({ sub: 'anonymous', roles: [] });
    expect((await fetch(prmUrl(off.url))).status).toBe(404);
  });
});

describe('AUTH=hs256 with user_id / role claims', () => {
  const sign = (claims: Record<string, unknown>, secret = SECRET) =>
    new SignJWT({ iss: issuer.issuer, aud: hs256.url, ...claims })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(secret));

  it('maps user_id, role and username', async () => {
    const t = await sign({ user_id: 42, role: 'admin', username: 'ada' });
    const answer = await send(hs256.url, modernCallBody('whoami'), { token: t, headers: modernCallHeaders('whoami') });
    expect(toolJson(answer)).toEqual({ sub: '42', roles: ['admin'], username: 'ada' });
    const reset = await send(hs256.url, modernCallBody('admin_reset'), { token: t, headers: modernCallHeaders('admin_reset') });
    expect(reset.status).toBe(200);
  });

  it('refuses another secret and the weak secret', async () => {
    for (const secret of ['another-secret', 'secret']) {
      const answer = await send(hs256.url, modernCallBody('whoami'), { token: await sign({ user_id: 'u1' }, secret), headers: modernCallHeaders('whoami') });
      expect(answer.status).toBe(401);
    }
  });
});

describe('startup and shutdown', () => {
  it('switches flaws on from FLAW and exits 0 on SIGTERM', async () => {
    const flawed = await startReference({ JWKS_URL: issuer.jwksUrl, ISSUER: issuer.issuer, FLAW: 'accept-alg-none' });
    const none = rawToken({ alg: 'none' }, issuer.claims(flawed.url));
    const answer = await send(flawed.url, modernCallBody('whoami'), { token: none, headers: modernCallHeaders('whoami') });
    expect(answer.status).toBe(200);
    await flawed.stop();
    expect(flawed.child.exitCode).toBe(0);
  });

  it('exits 2 with one line for an unknown flaw', () => {
    const run = spawnSync(process.execPath, [SERVER_ENTRY], { env: { PATH: process.env.PATH, FLAW: 'no-such-flaw', AUTH: 'off' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('no-such-flaw');
  });
});
