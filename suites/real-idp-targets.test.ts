// Profile static (tokens from the environment), a token the target refuses, bad IdP input
// through the CLI (one line, exit 2, nothing secret), and an https target behind a private CA.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { requestToken } from '../src/auth/token-request.ts';
import { redactDeep } from '../src/report/redact.ts';
import { runHarness } from '../src/runner/harness.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { freePort } from '../src/targets/template.ts';
import { catalogue } from '../scenarios/index.ts';
import { runCli } from './support/cli.ts';
import { clientCredentials, oauthReferenceConfig } from './support/idp/oauth-reference.ts';
import { startIdpProcess, type StartedIdp } from './support/idp/start-idp.ts';
import { startHttpsFront } from './support/tls/https-front.ts';
import { makeTestCa, type TestCa } from './support/tls/test-ca.ts';

const { env, setup } = clientCredentials('REAL_IDP_SUITE');
setup.accessTokenTtlSeconds = 900; // static tokens must outlive the run
let idp: StartedIdp;
let dir: string;

beforeAll(async () => {
  Object.assign(process.env, env);
  idp = await startIdpProcess(setup);
  dir = await mkdtemp(path.join(tmpdir(), 'mcp-auth-harness-real-idp-'));
}, 60_000);

afterAll(async () => {
  await idp?.stop();
  await rm(dir, { recursive: true, force: true });
  for (const k of Object.keys(env)) delete process.env[k];
});

/** What the CLI printed after its progress line ("N checks × R revision(s) against …"): the error, one line. */
const lastLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !/ checks × \d+ revision/.test(l));

const oauthConfig = (extra: { flaw?: string; env?: Record<string, string> } = {}) => oauthReferenceConfig(idp.issuer, { prefix: 'REAL_IDP_SUITE', ...extra });

describe('profile static: tokens given per identity', () => {
  it('runs on tokens from the environment and passes on the compliant reference', async () => {
    const base = oauthConfig();
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    // What a pipeline does for an IdP without a machine flow the harness speaks: get tokens first, pass them in.
    const tokens: Record<string, string> = {};
    for (const [name, secret] of [['ALICE', env.REAL_IDP_SUITE_ALICE_SECRET], ['BOB', env.REAL_IDP_SUITE_BOB_SECRET]] as const) {
      const issued = await requestToken({ identity: name, tokenEndpoint: `${idp.issuer}/token`, client: { id: name.toLowerCase(), method: name === 'BOB' ? 'client_secret_post' : 'client_secret_basic', secret }, grant: { type: 'client_credentials' }, resource, timeoutMs: 5000 });
      tokens[`STATIC_SUITE_${name}_TOKEN`] = issued.accessToken;
    }
    Object.assign(process.env, tokens);
    try {
      const { report, secrets } = await runHarness(
        {
          ...base,
          target: { ...base.target, url: resource, env: { ...base.target.env, PORT: String(port) } },
          auth: { profile: 'static', issuer: idp.issuer, jwksUrl: idp.jwksUrl },
          identities: [
            { name: 'alice', roles: ['user'], token: '${env.STATIC_SUITE_ALICE_TOKEN}' },
            { name: 'bob', roles: ['user'], token: '${env.STATIC_SUITE_BOB_TOKEN}' },
          ],
          rbac: { rules: [{ tool: 'echo', arguments: { text: 'hello' }, allow: ['*'] }, { tool: 'admin_reset', allow: [] }], inBandDenial: 'fail' },
          strict: true,
        },
        { checks: catalogue },
      );
      const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
      expect(bad).toEqual([]);
      const ran = new Set(report.checks.filter((c) => c.status !== 'skip').map((c) => c.id));
      console.log(`static: ${ran.size} of ${catalogue.length} checks run`);
      expect(ran).toContain('signature.key-confusion'); // the IdP's published key, from auth.jwksUrl
      expect(report.checks.find((c) => c.id === 'lifecycle.refresh.same-session')).toMatchObject({ status: 'skip', reason: expect.stringMatching(/given as is/) });
      expect(secrets).toEqual(expect.arrayContaining(Object.values(tokens)));
      // What reports are written from (writeReports redacts with the run's secrets).
      expect(JSON.stringify(redactDeep(report, secrets))).not.toContain(tokens.STATIC_SUITE_ALICE_TOKEN.split('.')[2]);
    } finally {
      for (const k of Object.keys(tokens)) delete process.env[k];
    }
  }, 240_000);
});

describe('bad input: one line naming the cause, exit 2, nothing secret', () => {
  it('a token the target refuses (the target expects another audience)', async () => {
    const run = runHarness(oauthConfig({ env: { AUDIENCE: 'https://elsewhere.example/mcp' } }), { checks: catalogue.filter((c) => c.family === 'headers') });
    await expect(run).rejects.toThrow(
      /^the target refused a valid token for alice \(HTTP 401 invalid_token: .*\): check the audience\/resource the IdP puts in tokens and the issuer the target trusts/,
    );
  });

  async function cli(config: object, extraEnv: Record<string, string> = {}) {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, YAML.stringify(config));
    return runCli(['run', '--config', file, '--only', 'headers', '--report', path.join(dir, 'reports')], { env: { ...process.env, ...extraEnv }, timeoutMs: 60_000 });
  }

  it('an IdP that refuses the client, and a secret that is not set', async () => {
    const refused = await cli(oauthConfig(), { REAL_IDP_SUITE_ALICE_SECRET: 'not-the-secret-at-all' });
    expect(refused.code).toBe(2);
    expect(lastLines(refused.stderr)).toEqual([
      expect.stringMatching(/^mcp-auth-harness: the IdP refused the client_credentials request for alice \(HTTP 401 invalid_client.*check the client id, its secret or key, and the auth method \(client_secret_basic\)$/),
    ]);
    expect(refused.stderr + refused.stdout).not.toContain('not-the-secret-at-all');

    const unset = await cli(oauthConfig(), { REAL_IDP_SUITE_BOB_SECRET: '' });
    expect(unset.code).toBe(2);
    expect(lastLines(unset.stderr)).toEqual(['mcp-auth-harness: identities[2].client.secret: the environment variable REAL_IDP_SUITE_BOB_SECRET is not set']);
  });

  it('an IdP whose token endpoint answers HTML (a login page in front of it)', async () => {
    const page = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>'));
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    const tokenUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/token`;
    const html = await cli({ ...oauthConfig(), auth: { profile: 'oauth', issuer: idp.issuer, tokenUrl } }).finally(() => page.close());
    expect(html.code).toBe(2);
    expect(lastLines(html.stderr)[0]).toMatch(/^mcp-auth-harness: the token endpoint \(client_credentials for alice\) at \S+ answered HTTP \d+ with text\/html, not JSON/);
    expect(html.stderr).not.toMatch(/\n\s+at /); // no stack
  });

  it('a config that mixes the profiles up', async () => {
    const mixed = await cli({ ...oauthConfig(), auth: { profile: 'jwks', tokenTtlSeconds: 5 } });
    expect(mixed.code).toBe(2);
    expect(lastLines(mixed.stderr)[0]).toMatch(/auth\.tokenTtlSeconds applies to profiles oauth and static only \(profile is jwks\)$/);
  });
});

describe('https targets', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await makeTestCa();
  });
  afterAll(() => ca?.remove());

  async function httpsReference() {
    const backendPort = await freePort();
    const front = await startHttpsFront({ certPem: ca.certPem, keyPem: ca.keyPem, backendPort });
    const url = `${front.url}/mcp`;
    const base = referenceConfig();
    const config = { ...base, target: { ...base.target, url, env: { ...base.target.env, PORT: String(backendPort), RESOURCE_URI: url }, baseline: undefined } };
    return { front, url, config };
  }

  it('a loopback https target with a private CA works with target.ca', async () => {
    const { front, config } = await httpsReference();
    try {
      const { report } = await runHarness({ ...config, target: { ...config.target, ca: ca.caFile } }, { checks: catalogue.filter((c) => ['headers', 'discovery', 'transport'].includes(c.family)) });
      const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
      expect(bad).toEqual([]);
      expect(report.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(40);
    } finally {
      await front.close();
    }
  }, 120_000);

  it('without the CA, the run stops in one line saying how to trust it', async () => {
    const { front, config } = await httpsReference();
    try {
      await expect(runHarness({ ...config, target: { ...config.target, readyTimeoutMs: 3000 } }, { checks: catalogue.filter((c) => c.family === 'headers') })).rejects.toThrow(
        /TLS: the server's certificate is not trusted \(\w+\); give its CA as target\.ca/,
      );
    } finally {
      await front.close();
    }
  });

  it('the CLI trusts the CA from NODE_EXTRA_CA_CERTS as well', async () => {
    const { front, config } = await httpsReference();
    try {
      const file = path.join(dir, 'https.yaml');
      await writeFile(file, YAML.stringify(config));
      const r = await runCli(['run', '--config', file, '--only', 'headers', '--report', path.join(dir, 'reports-https')], { env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.caFile }, timeoutMs: 120_000 });
      expect(r.stderr).not.toMatch(/not trusted/);
      expect(r.code, r.stderr).toBe(0);
    } finally {
      await front.close();
    }
  }, 150_000);

  it('a target that is not on loopback is refused without --allow-remote', async () => {
    const file = path.join(dir, 'remote.yaml');
    await writeFile(file, YAML.stringify({ target: { url: 'https://mcp.example.com/mcp', ca: ca.caFile }, auth: { profile: 'jwks' } }));
    const r = await runCli(['run', '--config', file, '--report', path.join(dir, 'reports')]);
    expect(r.code).toBe(2);
    expect(lastLines(r.stderr)).toEqual(['mcp-auth-harness: target.url mcp.example.com is not a loopback address; pass --allow-remote to test a remote server']);
  });
});
