// Nothing the harness starts outlives it, and an interrupt stops it cleanly (issue 15 item 6):
// kill -9 of the harness takes the reference server and its twin with it; Ctrl-C during a process
// target's start stops that target; Ctrl-C mid-run stops the checks at once, without error lines
// about the target being stopped; a second Ctrl-C does not cut the teardown short.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

function cli(args: string[]): CliProcess {
  const c = startCli(args);
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
    expect(await survivors([pid!, ...pids], 5000), 'the starting target outlived the harness').toEqual([]);
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
