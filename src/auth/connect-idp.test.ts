// The real-IdP profiles' token sources against a real OpenID provider (oidc-provider, in process):
// discovery, client_credentials with each client authentication method, RFC 8707 resource,
// refresh of a stored login, token commands, tokens given as is — and the one-line errors.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedLogin } from '../../fixtures/idp/login.ts';
import { startIdp, type RunningIdp } from '../../fixtures/idp/provider.ts';
import { connectIdp } from './connect-idp.ts';
import { viewJwt } from './jwt-view.ts';
import type { CredentialedIdentity, RealIdpAuthSettings } from './settings.ts';

const RESOURCE = 'http://127.0.0.1:7/mcp';
const secret = () => randomBytes(18).toString('base64url');
const rootKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const env: Record<string, string> = { ALICE_SECRET: secret(), BOB_SECRET: secret(), ROOT_KEY: rootKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };

let idp: RunningIdp;
let dir: string;

beforeAll(async () => {
  idp = await startIdp({
    resource: RESOURCE,
    clients: [
      { id: 'alice', secret: env.ALICE_SECRET, roles: ['user'] },
      { id: 'bob', secret: env.BOB_SECRET, auth: 'client_secret_post', roles: ['user'] },
      { id: 'root', jwk: { ...rootKey.publicKey.export({ format: 'jwk' }), kid: 'root-1', alg: 'ES256', use: 'sig' }, roles: ['user', 'admin'] },
      { id: 'cli' },
    ],
    accounts: { carol: ['user'] },
  });
  dir = await mkdtemp(path.join(tmpdir(), 'mcp-auth-harness-idp-'));
});

afterAll(async () => {
  await idp?.close();
  await rm(dir, { recursive: true, force: true });
});

const oauth = (extra: Partial<RealIdpAuthSettings> = {}): RealIdpAuthSettings => ({ profile: 'oauth', issuer: idp.issuer, ...extra }) as RealIdpAuthSettings;
const connect = (auth: RealIdpAuthSettings, identities: CredentialedIdentity[], secrets = new Set<string>(), extraEnv: Record<string, string> = {}) =>
  connectIdp(auth, identities, { resource: RESOURCE, secrets, env: { ...env, ...extraEnv }, baseDir: dir });

describe('oauth: client_credentials from a discovered IdP', () => {
  it('gets a JWT for the resource with each client authentication method, secrets from ${env.NAME}', async () => {
    const secrets = new Set<string>();
    const connected = await connect(oauth(), [
      { name: 'alice', client: { id: 'alice', secret: '${env.ALICE_SECRET}' } },
      { name: 'bob', client: { id: 'bob', auth: 'client_secret_post', secret: '${env.BOB_SECRET}' } },
      { name: 'root', client: { id: 'root', privateKey: '${env.ROOT_KEY}', keyId: 'root-1' } },
    ], secrets);
    expect(connected.metadata?.source).toBe(`${idp.issuer}/.well-known/oauth-authorization-server`);
    expect(connected.jwksUrl).toBe(idp.jwksUrl);
    const methods = [...connected.sources.values()].map((s) => s.how);
    expect(methods).toEqual(['client_credentials, client_secret_basic', 'client_credentials, client_secret_post', 'client_credentials, private_key_jwt']);
    for (const [name, source] of connected.sources) {
      const token = await source.token();
      const jwt = viewJwt(token)!;
      expect(jwt.header.typ).toBe('at+jwt');
      expect(jwt.payload).toMatchObject({ sub: name, aud: RESOURCE, iss: idp.issuer });
      expect(secrets.has(token)).toBe(true);
      expect(await source.token()).toBe(token); // reused while it lives
      expect((await source.fresh()).accessToken).not.toBe(token);
    }
    expect(secrets.has(env.ALICE_SECRET) && secrets.has(env.BOB_SECRET) && secrets.has(env.ROOT_KEY.trim())).toBe(true);
    expect(idp.counters.client_credentials).toBeGreaterThanOrEqual(6);
    connected.close();
  });

  it('sends no resource with auth.resource: false, and then the IdP hands out an opaque token', async () => {
    const connected = await connect(oauth({ resource: false }), [{ name: 'alice', client: { id: 'alice', secret: '${env.ALICE_SECRET}' } }]);
    const token = await connected.sources.get('alice')!.token();
    expect(viewJwt(token)).toBeUndefined();
  });

  it('uses auth.tokenUrl as is, without discovery', async () => {
    const connected = await connect(oauth({ issuer: 'http://127.0.0.1:9/nowhere', tokenUrl: idp.tokenUrl }), [{ name: 'alice', client: { id: 'alice', secret: '${env.ALICE_SECRET}' } }]);
    expect(connected.metadata).toBeUndefined();
    expect(viewJwt(await connected.sources.get('alice')!.token())?.payload.sub).toBe('alice');
  });
});

describe('oauth: stored logins and token commands', () => {
  it('refreshes a stored login (refresh_token grant) and follows refresh token rotation', async () => {
    const login = await scriptedLogin({ issuer: idp.issuer, clientId: 'cli', login: 'carol', resource: RESOURCE });
    const secrets = new Set<string>();
    const connected = await connect(oauth(), [{ name: 'carol', client: { id: 'cli' }, refreshToken: '${env.CAROL_REFRESH}' }], secrets, { CAROL_REFRESH: login.refresh_token! });
    const source = connected.sources.get('carol')!;
    expect(source.how).toBe('refresh_token, none');
    const first = await source.fresh();
    const second = await source.fresh(); // the first refresh rotated the refresh token: the new one must be used
    expect(viewJwt(first.accessToken)?.payload).toMatchObject({ sub: 'carol', roles: ['user'], aud: RESOURCE });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(secrets.has(login.refresh_token!) && secrets.has(first.refreshToken!)).toBe(true);
  });

  it('runs a tokenCommand (here: a scripted code-flow login printing JSON) and registers what it prints', async () => {
    const login = path.resolve('fixtures/idp/login.ts');
    const secrets = new Set<string>();
    const connected = await connect(oauth(), [{ name: 'carol', tokenCommand: `"${process.execPath}" "${login}" ${idp.issuer} cli carol ${RESOURCE}` }], secrets);
    const issued = await connected.sources.get('carol')!.fresh();
    expect(viewJwt(issued.accessToken)?.payload.sub).toBe('carol');
    expect(issued.expiresAt).toBeGreaterThan(Date.now());
    expect(secrets.has(issued.accessToken)).toBe(true);
  });
});

describe('static: tokens given per identity', () => {
  it('takes a token from the environment or from a file', async () => {
    const file = path.join(dir, 'bob.token');
    await writeFile(file, 'opaque-token-for-bob-0123456789\n');
    const secrets = new Set<string>();
    const connected = await connect({ profile: 'static' }, [{ name: 'alice', token: '${env.ALICE_TOKEN}' }, { name: 'bob', tokenFile: 'bob.token' }], secrets, { ALICE_TOKEN: 'Bearer opaque-token-for-alice-0123' });
    expect(await connected.sources.get('alice')!.token()).toBe('opaque-token-for-alice-0123');
    expect(await connected.sources.get('bob')!.token()).toBe('opaque-token-for-bob-0123456789');
    expect(connected.sources.get('bob')!.canRenew).toBe(false);
    expect(secrets.has('opaque-token-for-bob-0123456789')).toBe(true);
  });

  it('says so when a given JWT has expired', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const stale = `${b64({ alg: 'RS256' })}.${b64({ sub: 'alice', exp: 1_700_000_000 })}.c2ln`;
    const connected = await connect({ profile: 'static' }, [{ name: 'alice', token: '${env.STALE}' }], new Set(), { STALE: stale });
    await expect(connected.sources.get('alice')!.token()).rejects.toThrow('the token given for alice expired at 2023-11-14T22:13:20.000Z; give a fresh one (profile static cannot renew it)');
  });
});

describe('bad input: one line naming the cause, nothing secret', () => {
  const expectOneLine = async (p: Promise<unknown>, pattern: RegExp) => {
    const error = await p.then(() => undefined, (e: Error) => e);
    expect(error, 'expected an error').toBeInstanceOf(Error);
    expect(error!.message).toMatch(pattern);
    expect(error!.message).not.toContain('\n');
    for (const value of Object.values(env)) expect(error!.message).not.toContain(value.trim().slice(0, 12));
    return error!.message;
  };

  it('a client the IdP refuses', async () => {
    const c = await connect(oauth(), [{ name: 'alice', client: { id: 'alice', secret: '${env.BOB_SECRET}' } }]);
    await expectOneLine(c.sources.get('alice')!.token(), /^the IdP refused the client_credentials request for alice \(HTTP 401 invalid_client.*check the client id, its secret or key, and the auth method \(client_secret_basic\)$/);
  });

  it('a resource the IdP does not issue tokens for', async () => {
    const c = await connect(oauth({ resource: 'https://elsewhere.example/mcp' }), [{ name: 'alice', client: { id: 'alice', secret: '${env.ALICE_SECRET}' } }]);
    await expectOneLine(c.sources.get('alice')!.token(), /invalid_target.*does not issue tokens for the resource https:\/\/elsewhere\.example\/mcp/);
  });

  it('a missing environment variable, a wrong issuer, a missing credential', async () => {
    await expectOneLine(connect(oauth(), [{ name: 'alice', client: { id: 'alice', secret: '${env.NOT_SET_ANYWHERE}' } }]), /^identities\[0\]\.client\.secret: the environment variable NOT_SET_ANYWHERE is not set$/);
    await expectOneLine(connect(oauth({ issuer: `${idp.issuer}/` }), [{ name: 'alice', client: { id: 'alice', secret: 'x' } }]), /^discovery at .* names issuer "http:\/\/127\.0\.0\.1:\d+", not "http:\/\/127\.0\.0\.1:\d+\/"/);
    await expectOneLine(connect(oauth(), [{ name: 'alice' }]), /^identities\[0\] \(alice\): needs client .* or tokenCommand under profile oauth$/);
    await expectOneLine(connect({ profile: 'static' }, [{ name: 'alice', tokenFile: 'missing.token' }]), /^identities\[0\]\.tokenFile: cannot read .*missing\.token: no such file$/);
  });

  it('a token endpoint that hangs, and one that answers HTML', async () => {
    const sockets = new Set<import('node:net').Socket>();
    const server = http.createServer((req, res) => {
      if (req.url === '/html/token') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      // /slow/token: never answers
    });
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const alice = { name: 'alice', client: { id: 'alice', secret: '${env.ALICE_SECRET}' } };
      const slow = await connect(oauth({ tokenUrl: `${base}/slow/token`, timeoutMs: 300 }), [alice]);
      await expectOneLine(slow.sources.get('alice')!.token(), /^the token endpoint \(client_credentials for alice\) at .*\/slow\/token did not answer within 300 ms$/);
      const html = await connect(oauth({ tokenUrl: `${base}/html/token` }), [alice]);
      await expectOneLine(html.sources.get('alice')!.token(), /answered HTTP 200 with text\/html, not JSON \(an HTML page: is the URL right/);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('a tokenCommand that fails, hangs or prints nothing', async () => {
    const cmd = (tokenCommand: string) => connect({ profile: 'static', timeoutMs: 500 }, [{ name: 'alice', tokenCommand }]).then((c) => c.sources.get('alice')!.token());
    const m = await expectOneLine(cmd('echo "secret leaked: ${env.ALICE_SECRET}" >&2; exit 3'), /^tokenCommand for alice exited with code 3: secret leaked: <redacted>$/);
    expect(m).not.toContain(env.ALICE_SECRET);
    await expectOneLine(cmd('sleep 5'), /^tokenCommand for alice did not finish within 500 ms \(stopped\)$/);
    await expectOneLine(cmd('true'), /^tokenCommand for alice printed no token/);
  });
});
