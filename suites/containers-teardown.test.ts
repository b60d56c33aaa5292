// Nothing of ours is left in Docker — containers, networks, volumes carrying the harness
// process's pid — after a passing run, a failing run, a crash, or Ctrl-C in the middle of a run
// (or of the start), for container and compose targets. Each case first sees its containers
// there (so the count can fail), then counts zero once the harness is gone.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { runHarness } from '../src/runner/harness.ts';
import { catalogue } from '../scenarios/index.ts';
import { startCli, type CliProcess } from './support/cli-process.ts';
import { composeReferenceConfig, containerReferenceConfig } from './support/container-reference.ts';
import { describeWithDocker } from './support/docker-gate.ts';
import { NOTHING, leftBy, removeLeftBy } from './support/docker-inventory.ts';
import { BASE_IMAGE, REFERENCE_IMAGE, ROOT, buildProjectImages } from './support/images.ts';

const FAMILY_LINE = /\d+ pass, \d+ fail, \d+ warn, \d+ skip, \d+ error/;
const REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'];
let dir: string;
const pids: number[] = [];

function cliRun(args: string[], nodeArgs: string[] = []): CliProcess {
  const cli = startCli(args, { nodeArgs });
  pids.push(cli.pid);
  return cli;
}

function containerConfig(env: Record<string, string> = {}) {
  return {
    target: {
      url: 'http://127.0.0.1:${target.port}/mcp',
      container: { image: REFERENCE_IMAGE },
      env: { PORT: '${target.port}', ISSUER: '${issuer.url}', JWKS_URL: '${issuer.jwksUrl}', AUDIENCE: '${target.resource}', ...env },
      revisions: REVISIONS,
      clockSkewSeconds: 30,
    },
    auth: { profile: 'jwks' },
  };
}

function composeConfig() {
  return {
    target: {
      url: 'http://127.0.0.1:${target.port}/mcp',
      compose: { file: path.join(ROOT, 'docker-compose.test.yml'), service: 'reference', build: false },
      env: { REFERENCE_PORT: '${target.port}', ISSUER_URL: '${issuer.url}', JWKS_URL: '${issuer.jwksUrl}', BASE_IMAGE },
      revisions: REVISIONS,
      clockSkewSeconds: 30,
    },
    auth: { profile: 'jwks' },
  };
}

async function configFile(name: string, config: object): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(config));
  return file;
}

/** Waits until the CLI's containers exist (the inventory sees them), then until its output matches. */
async function whenRunning(cli: CliProcess, output?: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exit: number | null | undefined;
  void cli.exited.then((code) => (exit = code));
  while ((await leftBy(cli.pid)).containers.length === 0) {
    // A CLI that stopped (a build that cannot start, say) will start no container: say so at once.
    if (exit !== undefined) throw new Error(`the CLI exited (${exit}) before any container of pid ${cli.pid} appeared:\n${cli.output()}`);
    if (Date.now() > deadline) throw new Error(`no container of pid ${cli.pid} appeared:\n${cli.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (output) await cli.waitForOutput(output);
}

describeWithDocker('teardown leaves nothing of ours in Docker', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'harness-teardown-'));
    await buildProjectImages();
  }, 300_000);

  afterEach(async () => {
    for (const pid of pids.splice(0)) await removeLeftBy(pid);
    await removeLeftBy(process.pid);
  });

  it('CLI, passing run: the user-Dockerfile example (fixtures/containers/reference.config.yaml) builds, passes, exits 0', async () => {
    const cli = cliRun(['run', '--config', path.join(ROOT, 'fixtures/containers/reference.config.yaml'), '--only', 'headers,signature', '--report', path.join(dir, 'pass')]);
    await whenRunning(cli);
    expect(await cli.exited, cli.output()).toBe(0);
    expect(await leftBy(cli.pid)).toEqual(NOTHING);
  });

  it('CLI, failing run: a flawed container, exit 1', async () => {
    const cli = cliRun(['run', '--config', await configFile('flawed.json', containerConfig({ FLAW: 'accept-alg-none' })), '--only', 'signature', '--report', path.join(dir, 'fail')]);
    await whenRunning(cli);
    expect(await cli.exited, cli.output()).toBe(1);
    expect(await leftBy(cli.pid)).toEqual(NOTHING);
  });

  it.each([
    ['container', containerConfig],
    ['compose', composeConfig],
  ])('CLI, Ctrl-C in the middle of the checks (%s target): exit 130', async (kind, config) => {
    const cli = cliRun(['run', '--config', await configFile(`${kind}-sigint.json`, config()), '--report', path.join(dir, `${kind}-sigint`)]);
    await whenRunning(cli, FAMILY_LINE);
    cli.signal('SIGINT');
    expect(await cli.exited, cli.output()).toBe(130);
    expect(cli.output()).toMatch(/interrupted: stopping the target/);
    expect(await leftBy(cli.pid)).toEqual(NOTHING);
  });

  it('CLI, a second Ctrl-C while the container is being removed does not cut the removal short: exit 130', async () => {
    const cli = cliRun(['run', '--config', await configFile('sigint-twice.json', containerConfig()), '--report', path.join(dir, 'sigint-twice')]);
    await whenRunning(cli, FAMILY_LINE);
    cli.signal('SIGINT');
    await cli.waitForOutput(/interrupted: stopping the target/);
    cli.signal('SIGINT');
    expect(await cli.exited, cli.output()).toBe(130);
    expect(await leftBy(cli.pid)).toEqual(NOTHING);
  });

  it('CLI, Ctrl-C while the container is still starting: exit 130', async () => {
    const cli = cliRun(['run', '--config', await configFile('start-sigint.json', containerConfig()), '--report', path.join(dir, 'start-sigint')]);
    await whenRunning(cli);
    cli.signal('SIGINT');
    expect(await cli.exited, cli.output()).toBe(130);
    expect(cli.output().split('interrupted')[0], 'the signal came before any family finished').not.toMatch(FAMILY_LINE);
    expect(await leftBy(cli.pid)).toEqual(NOTHING);
  });

  it('CLI, a crash mid-run (an uncaught exception): one line, exit 2', async () => {
    // Preloaded into the harness's own Node (a config module runs in a worker, apart from it).
    const crash = path.join(dir, 'crash-on-sigusr2.mjs');
    await writeFile(crash, `process.on('SIGUSR2', () => { throw new Error('simulated crash'); });\n`);
    const cli = cliRun(['run', '--config', await configFile('crash.json', containerConfig()), '--report', path.join(dir, 'crash')], ['--import', pathToFileURL(crash).href]);
    await whenRunning(cli, FAMILY_LINE);
    cli.signal('SIGUSR2');
    expect(await cli.exited, cli.output()).toBe(2);
    expect(cli.output()).toMatch(/mcp-auth-harness: crashed: simulated crash\n/);
    expect(await leftBy(cli.pid)).toEqual(NOTHING);
  });

  it.each([
    ['container', () => containerReferenceConfig()],
    ['compose', () => composeReferenceConfig()],
  ])('in-process, the harness throws mid-run (%s target): the error surfaces, the target is gone', async (_, config) => {
    let seen = 0;
    const error = await runHarness(config(), {
      checks: catalogue.filter((c) => c.family === 'headers'),
      onResult: () => {
        if (++seen === 2) throw new Error('harness bug');
      },
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe('harness bug');
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });
});
