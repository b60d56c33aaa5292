// CI checks for containers the harness left behind even when the tests failed (issue 15 item 9:
// `.ci/run` used to skip the check under `set -e` as soon as `npm test` failed). Run with a fake
// `npm` and a fake `docker` on PATH, each recording that it ran.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../.ci/test-and-check-leftovers', import.meta.url));

async function ci(npmExit: number, leftover: string): Promise<{ code: number; stderr: string; calls: string }> {
  const bin = await mkdtemp(path.join(tmpdir(), 'harness-ci-'));
  const calls = path.join(bin, 'calls');
  await writeFile(path.join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> ${calls}\nexit ${npmExit}\n`);
  await writeFile(path.join(bin, 'docker'), `#!/bin/sh\necho "docker $*" >> ${calls}\n[ "$2" = "-aq" ] && [ -n "${leftover}" ] && echo ${leftover}\nexit 0\n`);
  await chmod(path.join(bin, 'npm'), 0o755);
  await chmod(path.join(bin, 'docker'), 0o755);
  return new Promise((resolve) => {
    execFile(SCRIPT, [], { env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` } }, async (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr, calls: await readFile(calls, 'utf8').catch(() => '') });
    });
  });
}

describe('.ci/test-and-check-leftovers', () => {
  it('failing tests: the leftover check still runs, and the tests\' exit code stands', async () => {
    const r = await ci(3, 'abc123');
    expect(r.calls).toMatch(/npm test\n[\s\S]*docker ps -aq --filter label=mcp-auth-harness\.run/);
    expect(r.stderr).toMatch(/containers left behind by the harness/);
    expect(r.code).toBe(3);
  });

  it('passing tests with a container left behind: exit 1', async () => {
    const r = await ci(0, 'abc123');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/containers left behind/);
  });

  it('passing tests and nothing left: exit 0', async () => {
    const r = await ci(0, '');
    expect(r.code).toBe(0);
    expect(r.calls).toMatch(/docker ps -aq/);
  });
});
