// docker-compose.test.yml: its reference service as a compose target (the harness brings it up
// as its own project, trusting this run's issuer), and the stack used by hand — the issuer image
// issuing tokens the reference image accepts, and the CLI pointed at a stack that is already up.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runHarness } from '../src/runner/harness.ts';
import { composeTool } from '../src/targets/docker-engine.ts';
import { composeProjectName } from '../src/targets/container-labels.ts';
import { freePort } from '../src/targets/template.ts';
import { catalogue } from '../scenarios/index.ts';
import { runCli } from './support/cli.ts';
import { composeReferenceConfig } from './support/container-reference.ts';
import { describeWithDocker } from './support/docker-gate.ts';
import { NOTHING, leftBy } from './support/docker-inventory.ts';
import { BASE_IMAGE, ROOT, buildProjectImages } from './support/images.ts';

const run = promisify(execFile);
const FILE = path.join(ROOT, 'docker-compose.test.yml');
const CORE = ['headers', 'signature', 'claims', 'discovery', 'transport'];

describeWithDocker('docker-compose.test.yml', () => {
  beforeAll(async () => {
    await buildProjectImages();
  }, 300_000);

  it('its reference service, as a compose target, passes the core families; its project is gone afterwards', async () => {
    const { report } = await runHarness(composeReferenceConfig(), { checks: catalogue.filter((c) => CORE.includes(c.family)) });
    const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
    expect(bad).toEqual([]);
    expect(report.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(100);
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });

  it('FLAW passed through the compose variables makes the service fail that flaw\'s check', async () => {
    const checks = catalogue.filter((c) => c.flaw === 'accept-alg-none');
    const { report } = await runHarness(composeReferenceConfig({ flaw: 'accept-alg-none' }), { checks });
    expect(report.checks.filter((c) => c.id === 'signature.alg-none').some((c) => c.status === 'fail')).toBe(true);
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });

  describe('used by hand', () => {
    let ports: Record<string, string>;
    let compose: (args: string[], env?: Record<string, string>) => Promise<string>;
    const project = composeProjectName('byhand');

    beforeAll(async () => {
      ports = { REFERENCE_PORT: String(await freePort()), BASELINE_PORT: String(await freePort()), ISSUER_PORT: String(await freePort()) };
      const tool = await composeTool();
      if (!tool) throw new Error('neither `docker compose` nor `docker-compose` answers');
      const [file, pre] = tool.kind === 'plugin' ? ['docker', ['compose']] : ['docker-compose', []];
      compose = async (args, env = {}) =>
        (await run(file, [...pre, '-p', project, '-f', FILE, ...args], { env: { ...process.env, BASE_IMAGE, ...ports, ...env }, timeout: 120_000 })).stdout;
    });

    afterEach(async () => {
      await compose(['--profile', 'issuer', 'down', '-v', '-t', '1']).catch(() => undefined);
      expect(await leftBy(process.pid)).toEqual(NOTHING);
    });

    it('the issuer image issues client_credentials tokens that the reference image accepts', async () => {
      const secret = `s-${Math.random().toString(36).slice(2)}`;
      const issuerUrl = `http://127.0.0.1:${ports.ISSUER_PORT}`;
      await compose(['--profile', 'issuer', 'up', '-d', '--no-build', 'issuer', 'reference'], {
        CLIENT_ID: 'demo',
        CLIENT_SECRET: secret,
        ISSUER_URL: issuerUrl,
        JWKS_URL: `${issuerUrl}/jwks.json`,
      });
      const mcp = `http://127.0.0.1:${ports.REFERENCE_PORT}/mcp`;
      await waitFor(`${issuerUrl}/jwks.json`);
      await waitFor(mcp);
      const tokenResponse = await fetch(`${issuerUrl}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`demo:${secret}`).toString('base64')}` },
        body: 'grant_type=client_credentials',
      });
      expect(tokenResponse.status).toBe(200);
      const { access_token } = (await tokenResponse.json()) as { access_token: string };
      const call = (authorization?: string) =>
        fetch(mcp, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2026-07-28',
            'mcp-method': 'tools/call',
            'mcp-name': 'whoami',
            ...(authorization ? { authorization } : {}),
          },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'whoami', arguments: {}, _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': {} } },
          }),
        });
      expect((await call()).status).toBe(401);
      const ok = await call(`Bearer ${access_token}`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('\\"sub\\":\\"demo\\"');
      expect(await compose(['--profile', 'issuer', 'logs', 'issuer'])).not.toContain(secret);
    });

    it('the CLI pointed at the stack: its issuer takes the address the stack trusts; the run passes, overhead measured against the twin', async () => {
      await compose(['up', '-d', '--no-build', 'reference', 'baseline'], {
        ISSUER_URL: `http://127.0.0.1:${ports.ISSUER_PORT}`,
        JWKS_URL: `http://127.0.0.1:${ports.ISSUER_PORT}/jwks.json`,
      });
      await waitFor(`http://127.0.0.1:${ports.REFERENCE_PORT}/mcp`);
      await waitFor(`http://127.0.0.1:${ports.BASELINE_PORT}/mcp`);
      // fixtures/containers/running-stack.config.yaml, on this test's ports.
      const dir = await mkdtemp(path.join(tmpdir(), 'harness-stack-'));
      const config = (await readFile(path.join(ROOT, 'fixtures/containers/running-stack.config.yaml'), 'utf8'))
        .replace('127.0.0.1:8080', `127.0.0.1:${ports.REFERENCE_PORT}`)
        .replace('127.0.0.1:8081', `127.0.0.1:${ports.BASELINE_PORT}`)
        .replace('port: 9400', `port: ${ports.ISSUER_PORT}`);
      await writeFile(path.join(dir, 'stack.yaml'), config);
      // overhead: the harness compares the reference with the stack's auth-off twin.
      const r = await runCli(['run', '--config', path.join(dir, 'stack.yaml'), '--only', [...CORE, 'overhead'].join(','), '--report', dir], { timeoutMs: 180_000 });
      const json = JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8'));
      const bad = json.checks.filter((c: { status: string }) => c.status === 'fail' || c.status === 'error').map((c: { id: string; reason: string }) => `${c.id}: ${c.reason}`);
      expect(bad, r.stderr).toEqual([]);
      // pass, or warn when a busy machine leaves the interval straddling the threshold (never fail)
      expect(json.checks.filter((c: { family: string; status: string }) => c.family === 'overhead' && ['pass', 'warn'].includes(c.status)).length).toBe(3);
      expect(r.code).toBe(0);
    });
  });
});

async function waitFor(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: 'GET', signal: AbortSignal.timeout(1000) }).then((r) => r.body?.cancel());
      return;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
