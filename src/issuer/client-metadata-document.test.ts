// Client ID metadata documents: a URL client_id whose document a local server publishes runs the
// code flow; bad URLs and bad documents are refused, and nothing off loopback is ever fetched.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFromDocument, clientIdUrlProblem } from './client-metadata-document.ts';
import { authorizeHeadless, startIssuer } from './issuer.ts';
import type { Issuer } from './issuer.ts';
import { s256Challenge } from './pkce.ts';

const resource = 'http://127.0.0.1:9/mcp';
const redirectUri = 'http://127.0.0.1:43999/callback';
let issuer: Issuer;
let docs: Server;
let docsUrl: string;
/** What the document server answers, by path. */
const published = new Map<string, { status?: number; type?: string; body: string }>();
let fetches = 0;

beforeAll(async () => {
  issuer = await startIssuer({ resource, users: [{ subject: 'alice', roles: ['reader'] }] });
  docs = createServer((req, res) => {
    fetches++;
    const doc = published.get(req.url ?? '');
    res.writeHead(doc?.status ?? (doc ? 200 : 404), { 'content-type': doc?.type ?? 'application/json' });
    res.end(doc?.body ?? '');
  });
  await new Promise<void>((resolve) => docs.listen(0, '127.0.0.1', resolve));
  docsUrl = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await issuer.close();
  await new Promise((resolve) => docs.close(resolve));
});

function publish(path: string, doc: Record<string, unknown> | string, extra: { status?: number; type?: string } = {}): string {
  published.set(path, { ...extra, body: typeof doc === 'string' ? doc : JSON.stringify(doc) });
  return docsUrl + path;
}

function authorizationUrl(clientId: string, verifier: string, redirect = redirectUri): URL {
  const url = new URL(issuer.authorizationUrl);
  url.search = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: redirect, code_challenge: s256Challenge(verifier), code_challenge_method: 'S256', login_hint: 'alice' }).toString();
  return url;
}

describe('client ID metadata documents', () => {
  it('a URL client_id runs the code flow as a public client', async () => {
    const clientId = `${docsUrl}/oauth/client.json`;
    publish('/oauth/client.json', { client_id: clientId, client_name: 'Doc Client', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' });
    const verifier = randomBytes(32).toString('base64url');
    const { code } = await authorizeHeadless(authorizationUrl(clientId, verifier));
    const res = await fetch(issuer.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: code!, code_verifier: verifier, redirect_uri: redirectUri }),
    });
    expect(res.status).toBe(200);
    expect(decodeJwt(((await res.json()) as { access_token: string }).access_token)).toMatchObject({ sub: 'alice', client_id: clientId });
  });

  it('reads the document again on each authorization request', async () => {
    const clientId = publish('/changing.json', 'placeholder');
    publish('/changing.json', { client_id: clientId, redirect_uris: [redirectUri] });
    expect((await authorizeHeadless(authorizationUrl(clientId, 'v'.repeat(43)))).code).toBeDefined();
    publish('/changing.json', { client_id: clientId, redirect_uris: ['http://127.0.0.1/elsewhere'] });
    expect((await fetch(authorizationUrl(clientId, 'v'.repeat(43)), { redirect: 'manual' })).status).toBe(400);
  });

  it.each([
    ['a document naming another client_id', (id: string) => ({ client_id: id + 'x', redirect_uris: [redirectUri] }), /client_id is not the URL/],
    ['a document with a secret', (id: string) => ({ client_id: id, redirect_uris: [redirectUri], client_secret: 's' }), /secret/],
    ['a shared-secret auth method', (id: string) => ({ client_id: id, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic' }), /shared secret/],
    ['no redirect_uris', (id: string) => ({ client_id: id }), /redirect_uris/],
    ['an unregistered redirect_uri', (id: string) => ({ client_id: id, redirect_uris: ['http://127.0.0.1/other'] }), /not registered/],
  ])('refuses %s with 400, no redirect', async (_, doc, message) => {
    const clientId = `${docsUrl}/bad-${randomBytes(4).toString('hex')}.json`;
    publish(new URL(clientId).pathname, doc(clientId));
    const res = await fetch(authorizationUrl(clientId, 'v'.repeat(43)), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(message);
  });

  it('refuses documents that are missing, not JSON, or too large', async () => {
    for (const [path, body, extra, message] of [
      ['/missing.json', undefined, {}, /HTTP 404/],
      ['/html.json', '<html>', { type: 'text/html' }, /not JSON/],
      ['/big.json', JSON.stringify({ pad: 'x'.repeat(6000) }), {}, /exceeds/],
      ['/broken.json', '{', {}, /not valid JSON/],
    ] as const) {
      if (body !== undefined) publish(path, body, extra);
      const res = await fetch(authorizationUrl(docsUrl + path, 'v'.repeat(43)), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(message);
    }
  });

  it('never fetches a client_id off loopback', async () => {
    const before = fetches;
    const res = await fetch(authorizationUrl('https://client.example/oauth/client.json', 'v'.repeat(43)), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(/loopback/);
    expect(fetches).toBe(before);
  });
});

describe('clientIdUrlProblem', () => {
  it.each([
    ['http://127.0.0.1:8/client.json', undefined],
    ['https://localhost/a/b', undefined],
    ['http://[::1]:8/c', undefined],
    ['https://client.example/c', /loopback/],
    ['http://127.0.0.1:8/', /path/],
    ['http://127.0.0.1:8/a/../c', /dot segments/],
    ['http://127.0.0.1:8/a/%2e%2e/c', /dot segments/],
    ['http://u:p@127.0.0.1:8/c', /credentials/],
    ['http://127.0.0.1:8/c#f', /fragment/],
  ])('%s', (url, problem) => {
    if (problem === undefined) expect(clientIdUrlProblem(url)).toBeUndefined();
    else expect(clientIdUrlProblem(url)).toMatch(problem);
  });

  it('clientFromDocument keeps what the flow needs', () => {
    const id = 'http://127.0.0.1:8/c';
    expect(clientFromDocument(id, { client_id: id, redirect_uris: [redirectUri], client_name: 'n' })).toEqual({
      ok: true,
      client: { clientId: id, kind: 'metadata-document', redirectUris: [redirectUri], grantTypes: ['authorization_code'], clientName: 'n' },
    });
    expect(clientFromDocument(id, [])).toMatchObject({ ok: false });
  });
});
