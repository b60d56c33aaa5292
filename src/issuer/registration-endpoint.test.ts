// Dynamic client registration (RFC 7591): a registered client runs the code flow as a user the
// harness names; what it may not register is refused with the RFC's error codes.
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeHeadless, startIssuer } from './issuer.ts';
import type { Issuer } from './issuer.ts';
import { s256Challenge } from './pkce.ts';

const resource = 'http://127.0.0.1:9/mcp';
let issuer: Issuer;

beforeAll(async () => {
  issuer = await startIssuer({ resource, users: [{ subject: 'alice', roles: ['reader'] }, { subject: 'bob', roles: ['admin'] }], defaultUser: 'bob' });
});
afterAll(() => issuer.close());

async function register(metadata: unknown, contentType = 'application/json') {
  const res = await fetch(issuer.registrationUrl, { method: 'POST', headers: { 'content-type': contentType }, body: JSON.stringify(metadata) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

async function codeFlow(clientId: string, redirectUri: string, loginHint?: string) {
  const verifier = randomBytes(32).toString('base64url');
  const url = new URL(issuer.authorizationUrl);
  url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: s256Challenge(verifier), code_challenge_method: 'S256', state: 'st' }).toString();
  const outcome = await authorizeHeadless(url, loginHint === undefined ? {} : { loginHint });
  return { ...outcome, verifier };
}

async function token(params: Record<string, string>, authorization?: string) {
  const res = await fetch(issuer.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('POST /register', () => {
  it('registers a public client that then gets tokens for the login_hint user', async () => {
    const redirectUri = 'http://127.0.0.1:43210/callback';
    const reg = await register({
      client_name: 'Some Agent',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    });
    expect(reg.status).toBe(201);
    expect(reg.headers.get('cache-control')).toBe('no-store');
    expect(reg.body).toMatchObject({
      client_id: expect.stringMatching(/^dcr-/),
      client_name: 'Some Agent',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
      client_id_issued_at: expect.any(Number),
    });
    expect(reg.body.client_secret).toBeUndefined();
    expect(issuer.counters.register).toBeGreaterThan(0);

    const { code, verifier, state } = await codeFlow(reg.body.client_id, redirectUri, 'alice');
    expect(state).toBe('st');
    const tokens = await token({ grant_type: 'authorization_code', client_id: reg.body.client_id, code: code!, code_verifier: verifier, redirect_uri: redirectUri, resource });
    expect(tokens.status).toBe(200);
    expect(decodeJwt(tokens.body.access_token)).toMatchObject({ sub: 'alice', roles: ['reader'], client_id: reg.body.client_id, aud: resource });
    const refreshed = await token({ grant_type: 'refresh_token', client_id: reg.body.client_id, refresh_token: tokens.body.refresh_token });
    expect(refreshed.status).toBe(200);
  });

  it('a confidential registration (the RFC 7591 default) gets a secret and must use it', async () => {
    const redirectUri = 'https://app.example/cb';
    const reg = await register({ redirect_uris: [redirectUri] });
    expect(reg.status).toBe(201);
    expect(reg.body).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret: expect.any(String), client_secret_expires_at: 0 });
    // No login_hint: the default user approves.
    const flow = await codeFlow(reg.body.client_id, redirectUri);
    const params = { grant_type: 'authorization_code', code: flow.code!, code_verifier: flow.verifier, redirect_uri: redirectUri };
    expect(await token({ ...params, client_id: reg.body.client_id })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const flow2 = await codeFlow(reg.body.client_id, redirectUri);
    const basic = 'Basic ' + Buffer.from(`${reg.body.client_id}:${reg.body.client_secret}`).toString('base64');
    const ok = await token({ ...params, code: flow2.code!, code_verifier: flow2.verifier }, basic);
    expect(ok.status).toBe(200);
    expect(decodeJwt(ok.body.access_token)).toMatchObject({ sub: 'bob' });
    expect(await token({ grant_type: 'client_credentials' }, basic)).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
  });

  it('a registered client is held to its redirect URIs', async () => {
    const reg = await register({ redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'none' });
    const res = await fetch(`${issuer.authorizationUrl}?response_type=code&client_id=${reg.body.client_id}&redirect_uri=${encodeURIComponent('https://app.example/other')}`, { redirect: 'manual' });
    expect(res.status).toBe(400);
  });

  it.each([
    [{}, 'invalid_redirect_uri'],
    [{ redirect_uris: [] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['http://app.example/cb'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://app.example/cb#x'] }, 'invalid_redirect_uri'],
    [{ redirect_uris: ['https://app.example/cb'], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    [{ redirect_uris: ['https://app.example/cb'], grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
    [{ redirect_uris: ['https://app.example/cb'], grant_types: ['implicit'] }, 'invalid_client_metadata'],
    [{ redirect_uris: ['https://app.example/cb'], response_types: ['token'] }, 'invalid_client_metadata'],
    [[], 'invalid_client_metadata'],
  ])('refuses %j with %s', async (metadata, error) => {
    expect(await register(metadata)).toMatchObject({ status: 400, body: { error } });
  });

  it('wants POST with a JSON body', async () => {
    expect((await register({ redirect_uris: ['https://a.example/cb'] }, 'application/x-www-form-urlencoded')).status).toBe(400);
    const bad = await fetch(issuer.registrationUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    expect((await fetch(issuer.registrationUrl)).status).toBe(405);
  });
});
