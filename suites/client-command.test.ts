// `mcp-auth-harness client` as a user runs it: the reference client passes every client check
// (exit 0), each flawed client fails the check that names it (exit 1, named in the summary), bad
// input is one line and exit 2. And the same through the TypeScript API, in-process.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectUser } from '../src/client/connect-user.ts';
import { readHarnessEnv } from '../src/client/contract.ts';
import { runWorkload } from '../src/client/workload.ts';
import { runClientHarness } from '../src/client-harness/run-client-harness.ts';
import { clientChecks } from '../scenarios/client.ts';
import { FLAWED_CLIENTS, REFERENCE_CLIENT } from '../fixtures/clients/flawed-clients.ts';
import { runCli } from './support/cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-client-'));
});

const clientRun = (name: string) => runCli(['client', '--command', `node fixtures/clients/${name}.js`, '--report', path.join(dir, name)], { cwd: ROOT, timeoutMs: 90_000 });

interface Row {
  id: string;
  status: string;
  reason?: string;
}

describe('the client checks and the flawed clients', () => {
  it('every check names a flawed client, and every flawed client is named by a check', () => {
    expect(clientChecks.map((c) => c.flaw).sort()).toEqual(FLAWED_CLIENTS.map((f) => f.name).sort());
    for (const f of [...FLAWED_CLIENTS.map((c) => c.name), REFERENCE_CLIENT]) expect(existsSync(path.join(ROOT, 'fixtures/clients', `${f}.js`)), f).toBe(true);
    for (const c of clientChecks) expect(c.id.startsWith('client.'), c.id).toBe(true);
  });
});

describe('mcp-auth-harness client --command', () => {
  it('the reference client passes every client check: exit 0, and no token in the reports or the output', async () => {
    const r = await clientRun(REFERENCE_CLIENT);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(dir, REFERENCE_CLIENT, 'report.json'), 'utf8'));
    expect(json.checks.map((c: Row) => `${c.id}:${c.status}`)).toEqual(clientChecks.map((c) => `${c.id}:pass`));
    expect(json.target.profile).toBe('client');
    for (const file of ['report.json', 'junit.xml', 'summary.md']) expect(await readFile(path.join(dir, REFERENCE_CLIENT, file), 'utf8')).not.toMatch(JWT_SHAPE);
    expect(r.stdout + r.stderr).not.toMatch(JWT_SHAPE);
  });

  for (const flawed of FLAWED_CLIENTS) {
    const check = clientChecks.find((c) => c.flaw === flawed.name)!;
    it(`${flawed.name}: exit 1, ${check.id} fails and is named`, async () => {
      const r = await clientRun(flawed.name);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`Failed:[\\s\\S]*${check.id.replaceAll('.', '\\.')} @`));
      const json = JSON.parse(await readFile(path.join(dir, flawed.name, 'report.json'), 'utf8'));
      const row = json.checks.find((c: Row) => c.id === check.id) as Row;
      expect(row.status, row.reason).toBe('fail');
      expect(json.checks.filter((c: Row) => c.status === 'error')).toEqual([]);
      for (const file of ['report.json', 'junit.xml', 'summary.md']) expect(await readFile(path.join(dir, flawed.name, file), 'utf8')).not.toMatch(JWT_SHAPE);
      expect(r.stdout).not.toMatch(JWT_SHAPE);
    });
  }
});

describe('bad input gets one line and exit 2', () => {
  it.each([
    ['no --command', ['client'], /--command is required/],
    ['a bad --timeout', ['client', '--command', 'true', '--timeout', 'soon'], /--timeout must be a number of seconds/],
  ])('%s', async (_, args, message) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a command that never talks to the MCP endpoint is a harness error, not a verdict', async () => {
    const r = await runCli(['client', '--command', 'echo starting; exit 3'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^mcp-auth-harness: the client made no request to http:\/\/127\.0\.0\.1:\d+\/mcp \(exited with code 3\); last output: starting$/);
  });
});

describe('the TypeScript API', () => {
  it('runClientHarness with an in-process workload: the reference library passes, the output check is skipped', async () => {
    const { report } = await runClientHarness({
      workload: async (vars) => {
        const env = readHarnessEnv(vars);
        await runWorkload(env, connectUser(env), () => {});
      },
    });
    const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({ ...Object.fromEntries(clientChecks.map((c) => [c.id, 'pass'])), 'client.token.not-in-output': 'skip' });
  });
});
