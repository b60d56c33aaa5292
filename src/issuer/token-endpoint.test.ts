import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer } from './issuer.ts';
import type { Issuer, IssuerClient } from './issuer.ts';

const resource = 'http://127.0.0.1:9/mcp';
const alice: IssuerClient = {
  clientId: 'alice',
  clientSecret: 's3cret:+/', // characters that Basic auth must form-encode
  subject: 'u-alice',
  roles: ['reader', 'writer'],
  username: 'Alice',
};
const bob: IssuerClient = { clientId: 'bob', clientSecret: 'bobs', subject: 'u-bob', roles: ['reader'] };
let issuer: Issuer;

beforeAll(async () => {
  issuer = await startIssuer({ resource, clients: [alice] });
  issuer.registerClient(bob);
});
afterAll(() => issuer.close());

function basic(client: IssuerClient): string {
  const enc = (s: string) => encodeURIComponent(s);
  return 'Basic ' + Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret ?? '')}`).toString('base64');
}

async function post(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(issuer.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

describe('POST /token', () => {
  it('client_credentials with Basic auth issues tokens for the client identity', async () => {
    const { status, headers, body } = await post({ grant_type: 'client_credentials' }, { authorization: basic(alice) });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'reader writer' });
    const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      issuer: issuer.url,
      audience: resource,
      typ: 'JWT',
    });
    expect(payload).toMatchObject({ sub: 'u-alice', roles: ['reader', 'writer'], username: 'Alice', client_id: 'alice' });
  });

  it('client_credentials with client_secret_post works too', async () => {
    const { status, body } = await post({ grant_type: 'client_credentials', client_id: 'bob', client_secret: 'bobs' });
    expect(status).toBe(200);
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: 'u-bob', roles: ['reader'] });
  });

  it('refresh tokens are signed, typed rt+jwt, aimed at the resource, and single use', async () => {
    const first = (await post({ grant_type: 'client_credentials' }, { authorization: basic(alice) })).body;
    expect(decodeProtectedHeader(first.refresh_token)).toMatchObject({ typ: 'rt+jwt', kid: issuer.signingKey.kid });
    expect(decodeJwt(first.refresh_token)).toMatchObject({ aud: resource, iss: issuer.url, sub: 'u-alice' });

    const refresh = { grant_type: 'refresh_token', refresh_token: first.refresh_token };
    const second = await post(refresh, { authorization: basic(alice) });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);

    const reuse = await post(refresh, { authorization: basic(alice) });
    expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const rotated = { grant_type: 'refresh_token', refresh_token: second.body.refresh_token };
    const next = await post(rotated, { authorization: basic(alice) });
    expect(next.status).toBe(200);
  });

  it('concurrent redemptions of one refresh token: exactly one wins', async () => {
    const { refresh_token } = (await post({ grant_type: 'client_credentials' }, { authorization: basic(alice) })).body;
    const results = await Promise.all(
      [1, 2, 3].map(() => post({ grant_type: 'refresh_token', refresh_token }, { authorization: basic(alice) })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });

  it('refuses an access token, another client\'s refresh token, and garbage as refresh tokens', async () => {
    const { access_token, refresh_token } = (await post({ grant_type: 'client_credentials' }, { authorization: basic(alice) })).body;
    for (const token of [access_token, 'not-a-jwt']) {
      const r = await post({ grant_type: 'refresh_token', refresh_token: token }, { authorization: basic(alice) });
      expect(r).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    }
    const stolen = await post({ grant_type: 'refresh_token', refresh_token }, { authorization: basic(bob) });
    expect(stolen).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('bad client credentials → 401 invalid_client with a Basic challenge', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: basic({ ...alice, clientSecret: 'wrong' }) },
      { authorization: basic({ ...alice, clientId: 'nobody' }) },
      { authorization: 'Basic !!!' },
      {},
    ];
    for (const headers of attempts) {
      const r = await post({ grant_type: 'client_credentials' }, headers);
      expect(r).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
  });

  it('protocol errors', async () => {
    const auth = { authorization: basic(alice) };
    expect(await post({ grant_type: 'password' }, auth)).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect(await post({}, auth)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await post({ grant_type: 'refresh_token' }, auth)).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await post({ grant_type: 'client_credentials', client_secret: 'x' }, auth)).toMatchObject({
      status: 400,
      body: { error: 'invalid_request' },
    });
    const json = await fetch(issuer.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(400);
    expect((await fetch(issuer.tokenUrl)).status).toBe(405);
  });

  it('bounds the request body', async () => {
    const res = await fetch(issuer.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&pad=' + 'a'.repeat(70 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('counts every request', async () => {
    issuer.resetCounters();
    await post({ grant_type: 'client_credentials' }, { authorization: basic(alice) });
    await post({ grant_type: 'nope' });
    expect(issuer.counters.token).toBe(2);
  });
});
