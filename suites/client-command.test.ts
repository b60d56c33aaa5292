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
import { referenceMcpServer } from '../src/reference/client-server.ts';
import { InterruptedError } from '../src/runner/interrupted.ts';
import { runCli } from './support/cli.ts';
import { alive } from './support/process-tree.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-client-'));
});

const clientRun = (name: string, ...flags: string[]) =>
  runCli(['client', '--command', `node fixtures/clients/${name}.js`, '--report', path.join(dir, name), ...flags], { cwd: ROOT, timeoutMs: 90_000 });

interface Row {
  id: string;
  status: string;
  reason?: string;
}

/** Flawed clients that fail a check through another of its conditions than its own flaw does. */
const SECOND_FLAWS: Record<string, { check: string; reason: RegExp }> = {
  // refresh-storm trips the per-call bound; this one the bound on refused event streams
  'stream-storm': { check: 'client.refresh.bounded', reason: /event-stream requests \(GET\) refused/ },
};
const checkFailedBy = (flaw: string) => clientChecks.find((c) => c.flaw === flaw || SECOND_FLAWS[flaw]?.check === c.id)!;

describe('the client checks and the flawed clients', () => {
  it('every check names a flawed client, and every flawed client is named by a check', () => {
    expect([...clientChecks.map((c) => c.flaw), ...Object.keys(SECOND_FLAWS)].sort()).toEqual(FLAWED_CLIENTS.map((f) => f.name).sort());
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
    const check = checkFailedBy(flawed.name);
    // A SHOULD or hardening check warns by default; --strict makes the violation a failure.
    const strict = check.requirement.level === 'MUST' ? [] : ['--strict'];
    it(`${flawed.name}: exit 1, ${check.id} fails and is named${strict.length ? ' (--strict)' : ''}`, async () => {
      const r = await clientRun(flawed.name, ...strict);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`Failed:[\\s\\S]*${check.id.replaceAll('.', '\\.')} @`));
      const json = JSON.parse(await readFile(path.join(dir, flawed.name, 'report.json'), 'utf8'));
      const row = json.checks.find((c: Row) => c.id === check.id) as Row;
      expect(row.status, row.reason).toBe('fail');
      if (SECOND_FLAWS[flawed.name]) expect(row.reason).toMatch(SECOND_FLAWS[flawed.name]!.reason);
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

  const lastLine = (r: { stderr: string }) => r.stderr.trim().split('\n').at(-1);
  const MCP_URL = String.raw`http://127\.0\.0\.1:\d+/mcp`;

  it('a client that crashes at start: one line with its exit code and last output', async () => {
    const r = await runCli(['client', '--command', 'echo starting; exit 3'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r)).toMatch(new RegExp(`^mcp-auth-harness: the client crashed at start \\(it exited with code 3\\) before any request to ${MCP_URL}; last output: starting$`));
  });

  it('a client that exits 0 without connecting', async () => {
    const r = await runCli(['client', '--command', 'node -e "process.exit(0)"'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r)).toMatch(new RegExp(`^mcp-auth-harness: the client exited with code 0 without connecting to ${MCP_URL}$`));
  });

  it('a client that connects and exits 0 without doing the workload', async () => {
    const r = await runCli(['client', '--command', 'node fixtures/clients/bad-input/connects-only.js'], { cwd: ROOT, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r)).toMatch(/^mcp-auth-harness: the client exited with code 0 without doing the workload: no call of echo with a "<user>\/<i>" marker \(\d+ MCP requests: POST initialize → 200 ×2, .*; \d+ token requests\)$/);
  });

  it('a code-flow client without PKCE: its sign-ins are refused, and the line says by whom and why', async () => {
    const r = await runCli(['client', '--command', 'node fixtures/clients/bad-input/no-pkce.js'], { cwd: ROOT, timeoutMs: 90_000 });
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r)).toMatch(/the client never got to its workload \(it exited with code 1\).*; 1 sign-in\(s\) refused by the authorization server: invalid_request \(code_challenge is required \(PKCE\)\)/);
  });

  it('a client that hangs before its workload is stopped at --timeout and named', async () => {
    const r = await runCli(['client', '--command', 'node -e "setInterval(() => {}, 1000)"', '--timeout', '2'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(lastLine(r)).toMatch(new RegExp(`^mcp-auth-harness: the client hung: it was stopped at the timeout \\(2 s\\) before any workload call, without a request to ${MCP_URL}$`));
  });

  it('a client that hangs after its workload is stopped at --timeout, named, and still judged', async () => {
    const r = await runCli(['client', '--command', 'node fixtures/clients/bad-input/hangs-after-workload.js', '--timeout', '8', '--report', path.join(dir, 'hangs')], { cwd: ROOT, timeoutMs: 90_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^the client was stopped at the timeout after 8\.\d s: /m);
    expect(r.stdout).toMatch(/^the client did not exit by itself: it was stopped at --timeout; its last request was #\d+ DELETE$/m);
  });
});

describe('the verdict policy', () => {
  it('a SHOULD violation warns by default (exit 0) and fails with --strict', async () => {
    const r = await clientRun('no-delete-retry');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(dir, 'no-delete-retry', 'report.json'), 'utf8'));
    const row = json.checks.find((c: Row) => c.id === 'client.session.closed');
    expect(row).toMatchObject({ status: 'warn', requirement: { level: 'SHOULD' } });
    expect(row.reason).toMatch(/not retried after a refresh.*\(SHOULD: a warning by default; --strict fails it\)$/);
  });
});

describe('the TypeScript API', () => {
  it('runClientHarness with an in-process workload: the reference library passes, the output check is skipped', async () => {
    const { report } = await runClientHarness({
      checks: clientChecks,
      startServer: referenceMcpServer,
      workload: async (vars) => {
        const env = readHarnessEnv(vars);
        await runWorkload(env, connectUser(env), () => {});
      },
    });
    const statuses = Object.fromEntries(report.checks.map((c) => [c.id, c.status]));
    expect(statuses).toEqual({ ...Object.fromEntries(clientChecks.map((c) => [c.id, 'pass'])), 'client.token.not-in-output': 'skip' });
  });

  it('runClientHarness with a signal (Ctrl-C in the CLI): aborting stops the program at once, judges nothing and rejects with InterruptedError', async () => {
    const pidfile = path.join(dir, 'aborted.pid');
    const controller = new AbortController();
    let judged = 0;
    const run = runClientHarness({
      checks: clientChecks,
      startServer: referenceMcpServer,
      command: `echo $$ > "${pidfile}"; exec sleep 300`,
      timeoutMs: 30_000,
      signal: controller.signal,
      onResult: () => judged++,
    });
    run.catch(() => {}); // asserted below; not an unhandled rejection meanwhile
    let pid = 0;
    const deadline = Date.now() + 30_000;
    while (!pid && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      pid = Number(await readFile(pidfile, 'utf8').catch(() => '0'));
    }
    expect(pid, 'the program never started').toBeGreaterThan(0);
    const aborted = Date.now();
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(InterruptedError);
    expect(Date.now() - aborted, 'stopped at once, not at the timeout').toBeLessThan(10_000);
    expect(alive(pid), 'the program outlived the run').toBe(false);
    expect(judged).toBe(0);
  });
});
