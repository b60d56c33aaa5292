// What a user sees when a container or compose target cannot start: one line, exit 2, nothing
// left behind — no engine, no compose tool, a Dockerfile that does not build, an image that
// does not exist. And the suites' own gate: skip loudly locally, fail under CI.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './support/cli-process.ts';
import { describeWithDocker, gateFor } from './support/docker-gate.ts';
import { NOTHING, leftBy } from './support/docker-inventory.ts';
import { BASE_IMAGE, ROOT } from './support/images.ts';

const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-container-config-'));
});

async function config(name: string, target: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify({ target: { url: 'http://127.0.0.1:${target.port}/mcp', env: { PORT: '${target.port}' }, ...target }, auth: { profile: 'jwks' } }));
  return file;
}

async function oneLineExit2(args: string[], opts: Parameters<typeof startCli>[1] = {}): Promise<{ line: string; pid: number }> {
  const cli = startCli(['run', '--report', path.join(dir, 'reports'), ...args], opts);
  const code = await cli.exited;
  const out = cli.output().trim().split('\n');
  expect(code, cli.output()).toBe(2);
  return { line: out.at(-1)!, pid: cli.pid };
}

describe('the container suites\' gate', () => {
  it('runs with an engine, skips loudly without one, and fails without one under CI=true', () => {
    expect(gateFor(undefined, { CI: 'true' })).toEqual({ run: true });
    expect(gateFor('no Docker engine answers (x)', {})).toEqual({ run: false, skip: 'no Docker engine answers (x); start dockerd to run them' });
    expect(gateFor('no Docker engine answers (x)', { CI: 'true' })).toMatchObject({ run: false, fail: expect.stringMatching(/^no Docker engine answers \(x\); CI=true requires one/) });
  });
});

describe('a compose target without a compose tool', () => {
  it('says so in one line, exit 2', async () => {
    const file = await config('compose.json', { compose: { file: path.join(ROOT, 'docker-compose.test.yml'), service: 'reference' } });
    const bin = path.join(dir, 'empty-bin');
    await mkdir(bin, { recursive: true });
    const { line } = await oneLineExit2(['--config', file], { env: { ...process.env, PATH: bin } });
    expect(line).toMatch(/^mcp-auth-harness: (.*target\.compose needs `docker compose` \(v2\) or `docker-compose` on PATH; neither answers|target\.compose: no Docker engine answers.*)$/);
  });
});

describeWithDocker('container targets that cannot start', () => {
  it('a Dockerfile that fails to build: the failing step, one line, exit 2, no build container left', async () => {
    const context = path.join(dir, 'broken');
    const marker = `marker-${Date.now()}`;
    await mkdir(context, { recursive: true });
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${BASE_IMAGE}\nRUN ["node", "-e", "process.exit(7)", "${marker}"]\n`);
    const { line, pid } = await oneLineExit2(['--config', await config('broken.json', { container: { build: { context } } })]);
    expect(line).toMatch(/^mcp-auth-harness: building .*broken\/Dockerfile failed: .*returned a non-zero code: 7/);
    expect(await leftBy(pid)).toEqual(NOTHING);
    const { stdout } = await run('docker', ['ps', '-a', '--no-trunc', '--format', '{{.Command}}']);
    expect(stdout).not.toContain(marker);
  });

  it('an image that does not exist (and cannot be pulled): one line, exit 2', async () => {
    const { line, pid } = await oneLineExit2(['--config', await config('missing.json', { container: { image: 'mcp-auth-harness/no-such-image:0' } })]);
    expect(line).toMatch(/^mcp-auth-harness: container mcp-auth-harness\/no-such-image:0 did not start: /);
    expect(await leftBy(pid)).toEqual(NOTHING);
  });

  it('no engine answering (socket masked in a private mount namespace): one line, exit 2', async (ctx) => {
    const masked = ['unshare', '--mount', 'sh', '-c', 'mount --bind /dev/null /var/run/docker.sock && exec "$0" "$@"'];
    const usable = await run(masked[0]!, [...masked.slice(1), 'true']).then(() => true, () => false);
    if (!usable) return ctx.skip('needs root and unshare to hide the Docker socket');
    const file = await config('no-engine.json', { container: { image: 'anything' } });
    const { DOCKER_HOST: _, ...env } = process.env;
    const { line } = await oneLineExit2(['--config', file], { env, prefix: masked });
    expect(line).toMatch(/^mcp-auth-harness: target\.container: no Docker engine answers/);
  });
});
