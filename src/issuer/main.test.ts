// The issuer entrypoint the issuer image runs: a ready line without secrets, a working
// client_credentials client, one-line refusals of bad settings, loopback only.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { readIssuerSettings } from './main.ts';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function start(env: Record<string, string>): { child: ChildProcess; output: Promise<{ line: string; stderr: string; code: number | null }> } {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const output = new Promise<{ line: string; stderr: string; code: number | null }>((resolve) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      if (stdout.includes('\n')) resolve({ line: stdout.split('\n')[0]!, stderr, code: null });
    });
    child.on('exit', (code) => resolve({ line: stdout, stderr, code }));
  });
  return { child, output };
}

describe('src/issuer/main.ts', () => {
  it('serves a JWKS and issues client_credentials tokens for RESOURCE; the ready line holds no secret', async () => {
    const secret = 'a-client-secret-that-must-not-be-printed';
    const { child, output } = start({ PORT: '0', RESOURCE: 'http://127.0.0.1:8080/mcp', CLIENT_ID: 'demo', CLIENT_SECRET: secret, CLIENT_ROLES: 'user,admin' });
    const { line } = await output;
    expect(line).not.toContain(secret);
    const ready = JSON.parse(line) as { ready: boolean; url: string; jwksUrl: string; tokenUrl: string };
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(ready.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`demo:${secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(r.status).toBe(200);
    const { access_token } = (await r.json()) as { access_token: string };
    const { payload } = await jwtVerify(access_token, createRemoteJWKSet(new URL(ready.jwksUrl)), { issuer: ready.url, audience: 'http://127.0.0.1:8080/mcp' });
    expect(payload).toMatchObject({ sub: 'demo', roles: ['user', 'admin'] });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it.each([
    ['a non-loopback HOST', { HOST: '0.0.0.0', RESOURCE: 'http://x/mcp' }, /refuses to listen on non-loopback host "0\.0\.0\.0"/],
    ['no RESOURCE', {}, /RESOURCE must be/],
    ['half a client', { RESOURCE: 'http://x/mcp', CLIENT_ID: 'demo' }, /CLIENT_ID and CLIENT_SECRET go together/],
    ['redirect URIs without a client', { RESOURCE: 'http://x/mcp', CLIENT_REDIRECT_URIS: 'http://127.0.0.1/cb' }, /CLIENT_REDIRECT_URIS needs CLIENT_ID/],
    ['a plain-http redirect URI off loopback', { RESOURCE: 'http://x/mcp', CLIENT_ID: 'd', CLIENT_SECRET: 's', CLIENT_REDIRECT_URIS: 'http://app.example/cb' }, /client d: plain http redirect URIs are for loopback hosts only/],
  ])('refuses %s with one line and exit 2', async (_, env, message) => {
    const { output } = start({ PORT: '0', ...env });
    const { stderr, code } = await output;
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reads the client\'s redirect URIs as a comma list', () => {
    const settings = readIssuerSettings({ RESOURCE: 'http://x/mcp', CLIENT_ID: 'd', CLIENT_SECRET: 's', CLIENT_REDIRECT_URIS: 'http://127.0.0.1/cb, https://app.example/cb' });
    expect(settings.client).toEqual({ clientId: 'd', clientSecret: 's', subject: 'd', roles: ['user'], redirectUris: ['http://127.0.0.1/cb', 'https://app.example/cb'] });
  });

  it('reads defaults: port 9400, ES256, loopback, no client', () => {
    expect(readIssuerSettings({ RESOURCE: 'http://127.0.0.1:8080/mcp' })).toEqual({ host: '127.0.0.1', port: 9400, resource: 'http://127.0.0.1:8080/mcp', alg: 'ES256' });
    expect(() => readIssuerSettings({ RESOURCE: 'http://x/mcp', ALG: 'HS256' })).toThrow(/ALG must be one of/);
  });
});
