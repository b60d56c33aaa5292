// Nothing the harness starts outlives it, and an interrupt stops it cleanly (issue 15 item 6):
// kill -9 of the harness takes the reference server and its twin with it, and k6 (`load`) and the
// program under test (`client --command`) too; Ctrl-C during a process target's start stops that
// target; Ctrl-C mid-run stops the checks at once, without error lines about the target being
// stopped, in `run`, `load` and `client` alike; a second Ctrl-C does not cut the teardown short.
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type CliProcess } from './support/cli-process.ts';
import { HOSTILE_SERVER, hostileTarget, recorded } from './support/hostile/hostile-config.ts';
import { alive, descendants, survivors } from './support/process-tree.ts';

let dir: string;
const started: CliProcess[] = [];
/** Everything a test saw started: killed after each test, whatever it asserted. */
const seen = new Set<number>();
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-hostile-processes-'));
});
afterEach(async () => {
  for (const cli of started.splice(0)) {
    for (const p of descendants(cli.pid)) seen.add(p.pid);
    cli.signal('SIGKILL');
  }
  for (const pid of seen) if (alive(pid)) process.kill(pid, 'SIGKILL');
  seen.clear();
});

function snapshot(c: CliProcess): number[] {
  const pids = descendants(c.pid).map((p) => p.pid);
  for (const pid of pids) seen.add(pid);
  return pids;
}

function cli(args: string[], env?: Record<string, string>): CliProcess {
  const c = startCli(args, env ? { env: { ...process.env, ...env } } : {});
  started.push(c);
  return c;
}

/**
 * Waits until the CLI has started `count` Node processes running `script`, and a little more: a
 * process still writing its startup line when the harness dies would die of the closed pipe by
 * itself, while one that is up and quiet lives on unless something stops it.
 */
async function whenStarted(c: CliProcess, script: RegExp, count: number): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = descendants(c.pid).filter((p) => /^\S*node /.test(p.command) && script.test(p.command));
    if (found.length >= count) {
      await new Promise((r) => setTimeout(r, 1000));
      return snapshot(c);
    }
    if (Date.now() > deadline) throw new Error(`${count} × ${script} not started:\n${c.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('processes the harness starts', () => {
  it('die with it when it is killed with -9: the reference server and its twin', async () => {
    const c = cli(['run', '--only', 'overhead', '--report', path.join(dir, 'kill9')]);
    const pids = await whenStarted(c, /src\/reference\/server\.ts/, 2);
    c.signal('SIGKILL');
    expect(await c.exited).toBeNull();
    expect(await survivors(pids, 10_000), 'processes that outlived the harness').toEqual([]);
  });

  it('die with it when it is killed with -9: a quiet process target and its twin', async () => {
    const twin = { url: 'http://127.0.0.1:${baseline.port}/mcp', command: `"${process.execPath}" "${HOSTILE_SERVER}"`, env: { PORT: '${baseline.port}', HOSTILE: 'open' } };
    const target = await hostileTarget(dir, 'open');
    const config = JSON.parse(await readFile(target.config, 'utf8'));
    config.target.baseline = twin;
    config.overhead = { budgetMs: 60_000, pairs: 100_000 }; // still measuring when it is killed
    await writeFile(target.config, JSON.stringify(config));
    const c = cli(['run', '--config', target.config, '--only', 'overhead', '--report', path.join(dir, 'kill9-quiet')]);
    const pids = await whenStarted(c, /fixtures\/hostile\/server\.ts/, 2);
    c.signal('SIGKILL');
    expect(await c.exited).toBeNull();
    expect(await survivors(pids, 10_000), 'processes that outlived the harness').toEqual([]);
  });

  it('Ctrl-C while a process target is still starting stops it: exit 130', async () => {
    const target = await hostileTarget(dir, 'never-answers', {}, {});
    const c = cli(['run', '--config', target.config, '--report', path.join(dir, 'start-sigint')]);
    const deadline = Date.now() + 30_000;
    while (!(await recorded(target)).pids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [pid] = (await recorded(target)).pids;
    expect(pid, c.output()).toBeDefined();
    seen.add(pid!);
    const pids = snapshot(c);
    c.signal('SIGINT');
    expect(await c.exited, c.output()).toBe(130);
    expect(await survivors([...new Set([pid!, ...pids])], 5000), 'the starting target outlived the harness').toEqual([]);
  });

  it('Ctrl-C mid-run stops the checks at once: nothing is printed after it, nothing is left', async () => {
    // A target slow to stop (it ignores SIGTERM): the checks used to go on against it meanwhile.
    const target = await hostileTarget(dir, 'open', { IGNORE_SIGTERM: '1' });
    const c = cli(['run', '--config', target.config, '--report', path.join(dir, 'sigint')]);
    await c.waitForOutput(/^headers \[2025-11-25\]/m);
    const pids = snapshot(c);
    c.signal('SIGINT');
    expect(await c.exited, c.output()).toBe(130);
    const after = c.output().split('interrupted: stopping the target and issuer…\n')[1];
    expect(after, c.output()).toBe('');
    expect(await survivors(pids, 5000)).toEqual([]);
  });

  it('a second Ctrl-C during the teardown waits for it: a target slow to stop is still stopped', async () => {
    const target = await hostileTarget(dir, 'open', { IGNORE_SIGTERM: '1' });
    const c = cli(['run', '--config', target.config, '--only', 'rbac,sessions,hygiene,lifecycle', '--report', path.join(dir, 'sigint2')]);
    await c.waitForOutput(/^rbac \[2025-11-25\]/m);
    const pids = snapshot(c);
    c.signal('SIGINT');
    await c.waitForOutput(/interrupted: stopping/);
    await new Promise((r) => setTimeout(r, 300));
    c.signal('SIGINT');
    expect(await c.exited, c.output()).toBe(130);
    expect(c.output()).toMatch(/still stopping/);
    expect(await survivors(pids, 2000), 'left behind after a second Ctrl-C').toEqual([]);
  });
});

const REFERENCE_CLIENT = fileURLToPath(new URL('../fixtures/clients/reference.js', import.meta.url));
const INTERRUPTED = 'interrupted: stopping the target and issuer…\n';
/** What may follow the interrupt line: the note about a second Ctrl-C, nothing else. */
const ONLY_THE_SECOND_CTRL_C_NOTE = /^(still stopping: [^\n]*\n)?$/;

/** The pids a started program wrote to `file`, one a line, once there is one. */
async function pidsIn(file: string, c: CliProcess): Promise<number[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pids = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
    if (pids.length) {
      for (const pid of pids) seen.add(pid);
      return pids;
    }
    if (Date.now() > deadline) throw new Error(`nothing wrote its pid to ${file}:\n${c.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A stand-in for k6, which this machine does not have: it writes its pid and sleeps (ignoring
 * SIGTERM with ignoreTerm: slow to stop). What is tested is the harness's hold on the process, not k6.
 */
async function standInK6(name: string, opts: { ignoreTerm?: boolean } = {}): Promise<{ bin: string; starts: string }> {
  const bin = path.join(dir, `${name}-k6`);
  const starts = path.join(dir, `${name}-k6.starts`);
  await writeFile(bin, `#!/bin/sh\n${opts.ignoreTerm ? "trap '' TERM\n" : ''}echo $$ >> "${starts}"\nexec sleep 300\n`, { mode: 0o755 });
  return { bin, starts };
}

/** Ctrl-C, and another while the first is still stopping things: exit 130, nothing printed after the interrupt but the note about the second. */
async function ctrlCTwice(c: CliProcess): Promise<void> {
  c.signal('SIGINT');
  await c.waitForOutput(/interrupted: stopping/);
  await new Promise((r) => setTimeout(r, 300));
  c.signal('SIGINT');
  expect(await c.exited, c.output()).toBe(130);
  expect(c.output().split(INTERRUPTED)[1], c.output()).toMatch(ONLY_THE_SECOND_CTRL_C_NOTE);
}

const SHORT_LOAD = ['--duration', '1s', '--warmup', '1s', '--rate', '5'];

describe('the programs `load` and `client` start', () => {
  it('k6 dies with the harness when `load` is killed with -9', async () => {
    const k6 = await standInK6('kill9');
    // Its token pool stays behind on kill -9: in a temp folder of this test's own.
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    const c = cli(['load', '--script', 'isolation', ...SHORT_LOAD, '--report', path.join(dir, 'load-kill9')], { K6_BIN: k6.bin, TMPDIR: tmp });
    const [pid] = await pidsIn(k6.starts, c);
    const pids = snapshot(c);
    c.signal('SIGKILL');
    expect(await c.exited).toBeNull();
    expect(await survivors([...new Set([pid!, ...pids])], 10_000), 'processes that outlived the harness').toEqual([]);
  });

  it('Ctrl-C during `load` stops k6 and starts no other script; a second Ctrl-C waits until k6 and the target are stopped', async () => {
    // Both slow to stop: the next script used to start (a second k6) while the target was being stopped.
    const target = await hostileTarget(dir, 'open', { IGNORE_SIGTERM: '1' });
    const k6 = await standInK6('sigint', { ignoreTerm: true });
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    const c = cli(['load', '--config', target.config, '--script', 'isolation,refresh', ...SHORT_LOAD, '--report', path.join(dir, 'load-sigint')], { K6_BIN: k6.bin, TMPDIR: tmp });
    const [pid] = await pidsIn(k6.starts, c);
    const pids = snapshot(c);
    await ctrlCTwice(c);
    expect(await readFile(k6.starts, 'utf8'), 'k6 runs started').toBe(`${pid}\n`);
    expect(await survivors([...new Set([pid!, ...pids])], 2000), 'left behind after a second Ctrl-C').toEqual([]);
    expect((await readdir(tmp)).filter((f) => f.startsWith('mcp-auth-harness-pool-')), 'token pools left on disk').toEqual([]);
  });

  it('the client program dies with the harness when `client` is killed with -9', async () => {
    const pidfile = path.join(dir, 'client-kill9.pid');
    const c = cli(['client', '--command', `echo $$ > "${pidfile}"; exec sleep 300`, '--report', path.join(dir, 'client-kill9')]);
    const [pid] = await pidsIn(pidfile, c);
    const pids = snapshot(c);
    c.signal('SIGKILL');
    expect(await c.exited).toBeNull();
    expect(await survivors([...new Set([pid!, ...pids])], 10_000), 'processes that outlived the harness').toEqual([]);
  });

  it('Ctrl-C during `client` stops the program and judges nothing; a second Ctrl-C waits until it is stopped', async () => {
    // The workload done, the program lingers, slow to stop: nothing of it may be judged or reported.
    const pidfile = path.join(dir, 'client-sigint.pid');
    const report = path.join(dir, 'client-sigint');
    const command = `node "${REFERENCE_CLIENT}" && { trap '' TERM; echo $$ > "${pidfile}"; exec sleep 300; }`;
    const c = cli(['client', '--command', command, '--report', report]);
    const [pid] = await pidsIn(pidfile, c);
    const pids = snapshot(c);
    await ctrlCTwice(c);
    expect(await readdir(report).catch(() => []), 'reports of an interrupted run').toEqual([]);
    expect(await survivors([...new Set([pid!, ...pids])], 2000), 'left behind after a second Ctrl-C').toEqual([]);
  });
});
