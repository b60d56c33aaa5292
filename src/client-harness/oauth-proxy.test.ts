// The code flow through the gate, against the real harness issuer: the client sees the gate as its
// authorization server (metadata, RFC 9207 iss), and the recording ties registration, sign-in and
// tokens to the workload user — with codes and registered secrets kept as secrets of the run. Both
// ways a client names itself are accepted: dynamic registration and a client ID metadata document.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from '../client/sign-in.ts';
import { s256Challenge } from '../issuer/pkce.ts';
import { startIssuer, type Issuer } from '../issuer/issuer.ts';
import { FaultPlan } from './fault-plan.ts';
import { startGate, type Gate } from './gate.ts';
import { Recording } from './recording.ts';

let gate: Gate | undefined;
let issuer: Issuer | undefined;
afterEach(async () => {
  await Promise.allSettled([gate?.close(), issuer?.close()]);
});

async function setup() {
  gate = await startGate();
  const users = [
    { name: 'alice', clientId: 'harness-alice', clientSecret: 'alice-secret-1234' },
    { name: 'bob', clientId: 'harness-bob', clientSecret: 'bob-secret-12345' },
  ];
  issuer = await startIssuer({ resource: gate.mcpUrl, clients: users.map((u) => ({ ...u, subject: u.name, roles: ['user'] })) });
  const recording = new Recording(users);
  const metadata = (await (await fetch(issuer.metadataUrl)).json()) as Record<string, unknown>;
  // No MCP server is needed for the OAuth half; the MCP URL is never called here.
  gate.attach({ mcp: 'http://127.0.0.1:9/mcp', issuer: { url: issuer.url, metadata } }, recording, new FaultPlan('alice', recording));
  return { gate, recording };
}

describe('the code flow through the gate', () => {
  it('registers, signs alice in and exchanges the code, all through the gate, attributed to alice', async () => {
    const { gate, recording } = await setup();
    const as = (await (await fetch(`${gate.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, string>;
    expect(as).toMatchObject({ issuer: gate.url, authorization_endpoint: `${gate.url}/authorize`, token_endpoint: `${gate.url}/token`, registration_endpoint: `${gate.url}/register` });

    const redirectUri = 'http://127.0.0.1:45678/callback';
    const registered = (await (
      await fetch(as.registration_endpoint!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic' }) })
    ).json()) as { client_id: string; client_secret: string };

    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(as.authorization_endpoint!);
    for (const [k, v] of Object.entries({ response_type: 'code', client_id: registered.client_id, redirect_uri: redirectUri, code_challenge: s256Challenge(verifier), code_challenge_method: 'S256', state: 's1', resource: gate.mcpUrl })) {
      authorize.searchParams.set(k, v);
    }
    const { redirect } = await signIn(authorize, 'alice', { deliver: false });
    expect(redirect.searchParams.get('iss')).toBe(gate.url);
    expect(redirect.searchParams.get('state')).toBe('s1');
    const code = redirect.searchParams.get('code')!;

    const basic = Buffer.from(`${registered.client_id}:${registered.client_secret}`).toString('base64');
    const token = await fetch(as.token_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, resource: gate.mcpUrl }),
    });
    expect(token.status).toBe(200);

    expect(recording.registrations).toMatchObject([{ status: 201, clientId: registered.client_id, authMethod: 'client_secret_basic' }]);
    expect(recording.authorizations).toMatchObject([{ status: 302, user: 'alice', clientId: registered.client_id, codeChallengeMethod: 'S256', resource: gate.mcpUrl }]);
    expect(recording.tokens).toMatchObject([{ grantType: 'authorization_code', user: 'alice', status: 200 }]);
    expect(recording.userOfClient(registered.client_id)).toBe('alice');
    expect([...recording.secrets]).toEqual(expect.arrayContaining([registered.client_secret, code]));
    expect(recording.metadata.map((m) => m.kind)).toEqual(['authorization-server']);
  });

  it('a client named by its metadata document (a URL client_id) signs bob in and its token is bob\'s', async () => {
    const { gate, recording } = await setup();
    const redirectUri = 'http://127.0.0.1:45679/callback';
    const doc = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: clientId, client_name: 'doc client', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none' }));
    });
    await new Promise<void>((ready) => doc.listen(0, '127.0.0.1', ready));
    const clientId = `http://127.0.0.1:${(doc.address() as AddressInfo).port}/client.json`;
    try {
      const verifier = randomBytes(32).toString('base64url');
      const authorize = new URL(`${gate.url}/authorize`);
      for (const [k, v] of Object.entries({ response_type: 'code', client_id: clientId, redirect_uri: redirectUri, code_challenge: s256Challenge(verifier), code_challenge_method: 'S256' })) {
        authorize.searchParams.set(k, v);
      }
      const { redirect } = await signIn(authorize, 'bob', { deliver: false });
      const token = await fetch(`${gate.url}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code: redirect.searchParams.get('code')!, redirect_uri: redirectUri, code_verifier: verifier, client_id: clientId }),
      });
      expect(token.status).toBe(200);
      expect(recording.registrations).toEqual([]);
      expect(recording.authorizations).toMatchObject([{ status: 302, user: 'bob', clientId }]);
      expect(recording.tokens).toMatchObject([{ grantType: 'authorization_code', user: 'bob', clientId, status: 200 }]);
    } finally {
      await new Promise((done) => doc.close(done));
    }
  });

  it('a sign-in without a user to approve as is refused by the issuer, and recorded so', async () => {
    const { gate, recording } = await setup();
    const authorize = new URL(`${gate.url}/authorize`);
    authorize.searchParams.set('client_id', 'harness-alice');
    const answer = await fetch(authorize, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(recording.authorizations).toMatchObject([{ status: 400, clientId: 'harness-alice', error: 'invalid_request' }]);
  });
});
