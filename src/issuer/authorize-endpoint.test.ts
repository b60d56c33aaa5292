// The code flow end to end over HTTP: the headless authorization endpoint, PKCE S256, exact
// redirect URIs, single-use codes, RFC 8707 resource, and refresh-token rotation after it.
import { randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s256Challenge } from './pkce.ts';
import { authorizeHeadless, startIssuer } from './issuer.ts';
import type { Issuer } from './issuer.ts';

const resource = 'http://127.0.0.1:9/mcp';
const callback = 'http://127.0.0.1:7777/callback';
const app = { clientId: 'app', clientSecret: 'app-secret', subject: 'app-itself', roles: ['service'], redirectUris: [callback] };
const desktop = { clientId: 'desktop', subject: 'desk', roles: [], redirectUris: ['http://127.0.0.1/cb', 'http://localhost:8000/cb'] };
let issuer: Issuer;

beforeAll(async () => {
  issuer = await startIssuer({
    resource,
    clients: [app, desktop],
    users: [
      { subject: 'alice', roles: ['reader', 'writer'], username: 'Alice' },
      { subject: 'bob', roles: ['reader'] },
    ],
  });
});
afterAll(() => issuer.close());

interface FlowOptions {
  clientId?: string;
  redirectUri?: string;
  verifier?: string;
  method?: string | null;
  challenge?: string | null;
  loginHint?: string;
  state?: string;
  resource?: string;
  extra?: Record<string, string>;
}

function authorizationUrl(o: FlowOptions = {}): URL {
  const verifier = o.verifier ?? 'v'.repeat(43);
  const url = new URL(issuer.authorizationUrl);
  const params: Record<string, string | null | undefined> = {
    response_type: 'code',
    client_id: o.clientId ?? 'app',
    redirect_uri: o.redirectUri ?? callback,
    code_challenge: o.challenge === undefined ? s256Challenge(verifier) : o.challenge,
    code_challenge_method: o.method === undefined ? 'S256' : o.method,
    state: o.state,
    resource: o.resource,
    login_hint: o.loginHint,
    ...o.extra,
  };
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null) url.searchParams.set(name, value);
  return url;
}

function basic(id: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');
}

async function token(params: Record<string, string>, authorization?: string) {
  const res = await fetch(issuer.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(params),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

/** Authorizes as `loginHint` and exchanges the code; the verifier is fresh each time. */
async function codeFor(o: FlowOptions = {}) {
  const verifier = o.verifier ?? randomBytes(32).toString('base64url');
  const outcome = await authorizeHeadless(authorizationUrl({ ...o, verifier }), { loginHint: o.loginHint ?? 'alice' });
  expect(outcome.error).toBeUndefined();
  return { code: outcome.code!, verifier };
}

const redeem = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: callback, ...extra }, basic('app', 'app-secret'));

describe('GET /authorize', () => {
  it('approves the user login_hint names: 302 to the redirect_uri with code, state and iss', async () => {
    const res = await fetch(authorizationUrl({ state: 's t&ate', loginHint: 'alice', resource }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(callback);
    expect([...location.searchParams.keys()].sort()).toEqual(['code', 'iss', 'state']);
    expect(location.searchParams.get('state')).toBe('s t&ate');
    expect(location.searchParams.get('iss')).toBe(issuer.url);
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the code buys tokens for the approving user, issued to the client, refreshable with rotation', async () => {
    const { code, verifier } = await codeFor({ loginHint: 'Alice' });
    const first = await redeem(code, verifier, { resource });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'reader writer' });
    const { payload } = await jwtVerify(first.body.access_token, createRemoteJWKSet(new URL(issuer.jwksUrl)), { issuer: issuer.url, audience: resource });
    expect(payload).toMatchObject({ sub: 'alice', roles: ['reader', 'writer'], username: 'Alice', client_id: 'app' });

    const refresh = { grant_type: 'refresh_token', refresh_token: first.body.refresh_token };
    const second = await token(refresh, basic('app', 'app-secret'));
    expect(second.status).toBe(200);
    expect(decodeJwt(second.body.access_token)).toMatchObject({ sub: 'alice', client_id: 'app' });
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(await token(refresh, basic('app', 'app-secret'))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('without login_hint, a configured client is approved as its own identity', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const { code } = await authorizeHeadless(authorizationUrl({ verifier }));
    const r = await redeem(code!, verifier);
    expect(decodeJwt(r.body.access_token)).toMatchObject({ sub: 'app-itself', roles: ['service'] });
  });

  it('refuses PKCE plain, a missing method, a missing challenge and a malformed one, by redirect', async () => {
    for (const [o, message] of [
      [{ method: 'plain', challenge: 'v'.repeat(43) }, /S256/],
      [{ method: null }, /S256/],
      [{ challenge: null }, /code_challenge is required/],
      [{ challenge: 'short' }, /SHA-256/],
    ] as const) {
      const outcome = await authorizeHeadless(authorizationUrl({ ...o, state: 'x' }), { loginHint: 'alice' });
      expect(outcome).toMatchObject({ error: 'invalid_request', state: 'x', iss: issuer.url });
      expect(outcome.code).toBeUndefined();
      expect(outcome.errorDescription).toMatch(message);
    }
  });

  it('refuses an unregistered redirect_uri or unknown client with 400, never a redirect', async () => {
    const attempts: FlowOptions[] = [
      { redirectUri: 'http://127.0.0.1:7777/other' },
      { redirectUri: 'http://127.0.0.2:7777/callback' },
      { redirectUri: 'http://localhost:7777/callback' },
      { redirectUri: callback + '?x=1' },
      { redirectUri: 'https://attacker.example/callback' },
      { redirectUri: '' },
      { clientId: 'nobody' },
      { clientId: 'desktop', redirectUri: 'http://localhost:8001/cb' }, // localhost is no IP literal: exact
    ];
    for (const attempt of attempts) {
      const res = await fetch(authorizationUrl({ ...attempt, loginHint: 'alice' }), { redirect: 'manual' });
      expect(res.status, JSON.stringify(attempt)).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect((await res.json()).error).toMatch(/^invalid_(request|client)$/);
    }
  });

  it('a loopback IP literal redirect URI matches on any port (RFC 8252 §7.3), whatever port it was registered with', async () => {
    const other = await authorizeHeadless(authorizationUrl({ redirectUri: 'http://127.0.0.1:7778/callback' }), { loginHint: 'alice' });
    expect(other.code).toBeDefined();
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = 'http://127.0.0.1:54321/cb';
    const { code, location } = await authorizeHeadless(authorizationUrl({ clientId: 'desktop', redirectUri, verifier }), { loginHint: 'bob' });
    expect(location.startsWith(redirectUri + '?')).toBe(true);
    // A public client: client_id in the body, no secret.
    const r = await token({ grant_type: 'authorization_code', client_id: 'desktop', code: code!, code_verifier: verifier, redirect_uri: redirectUri });
    expect(r.status).toBe(200);
    expect(decodeJwt(r.body.access_token)).toMatchObject({ sub: 'bob', client_id: 'desktop' });
  });

  it('refuses other response types, foreign resources, unknown users, repeated parameters', async () => {
    expect(await authorizeHeadless(authorizationUrl({ extra: { response_type: 'token' } }))).toMatchObject({ error: 'unsupported_response_type' });
    expect(await authorizeHeadless(authorizationUrl({ resource: 'http://127.0.0.1:10/mcp' }))).toMatchObject({ error: 'invalid_target' });
    const unknown = await authorizeHeadless(authorizationUrl({ loginHint: 'mallory' }));
    expect(unknown).toMatchObject({ error: 'access_denied' });
    expect(unknown.errorDescription).toContain('alice');
    const twice = authorizationUrl();
    twice.searchParams.append('state', 'b');
    twice.searchParams.append('state', 'c');
    expect((await fetch(twice, { redirect: 'manual' })).status).toBe(400);
    expect((await fetch(issuer.authorizationUrl, { method: 'POST' })).status).toBe(405);
  });
});

describe('authorization_code grant', () => {
  it('refuses a wrong code_verifier, and the code is spent by the attempt', async () => {
    const { code, verifier } = await codeFor();
    const wrong = await redeem(code, randomBytes(32).toString('base64url'));
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(wrong.body.error_description).toMatch(/code_verifier/);
    expect(await redeem(code, verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a missing code_verifier', async () => {
    const { code } = await codeFor();
    const r = await token({ grant_type: 'authorization_code', code, redirect_uri: callback }, basic('app', 'app-secret'));
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses a redirect_uri that differs from the authorization request, or none', async () => {
    const { code, verifier } = await codeFor();
    const r = await redeem(code, verifier, { redirect_uri: 'http://127.0.0.1:7777/other' });
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(r.body.error_description).toMatch(/redirect_uri/);
    const again = await codeFor();
    const none = await token({ grant_type: 'authorization_code', code: again.code, code_verifier: again.verifier }, basic('app', 'app-secret'));
    expect(none).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('refuses a reused code and revokes the refresh token its first use gave', async () => {
    const { code, verifier } = await codeFor();
    const first = await redeem(code, verifier);
    expect(first.status).toBe(200);
    const reuse = await redeem(code, verifier);
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(reuse.body.error_description).toMatch(/already used/);
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token }, basic('app', 'app-secret'));
    expect(refresh).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('concurrent redemptions of one code: exactly one wins', async () => {
    const { code, verifier } = await codeFor();
    const results = await Promise.all([1, 2, 3].map(() => redeem(code, verifier)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });

  it('refuses a code issued to another client, and a confidential client without its secret', async () => {
    const { code, verifier } = await codeFor();
    const stolen = await token({ grant_type: 'authorization_code', client_id: 'desktop', code, code_verifier: verifier, redirect_uri: callback });
    expect(stolen).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const again = await codeFor();
    const unauthenticated = await token({ grant_type: 'authorization_code', client_id: 'app', code: again.code, code_verifier: again.verifier, redirect_uri: callback });
    expect(unauthenticated).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses a resource other than the one the issuer serves (RFC 8707 invalid_target)', async () => {
    const { code, verifier } = await codeFor({ resource });
    const r = await redeem(code, verifier, { resource: 'http://127.0.0.1:10/mcp' });
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
    const cc = await token({ grant_type: 'client_credentials', resource: 'http://127.0.0.1:10/mcp' }, basic('app', 'app-secret'));
    expect(cc).toMatchObject({ status: 400, body: { error: 'invalid_target' } });
  });

  it('a garbage or unknown code is invalid_grant', async () => {
    expect(await redeem('nope', 'v'.repeat(43))).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
