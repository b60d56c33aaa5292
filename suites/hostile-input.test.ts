// Bad input from an adversarial user gets one line and exit 2 — never a hang, a silent exit,
// a run of everything, or traffic to a host nobody allowed (issue 15 items 5, 7 and 8).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-hostile-input-'));
});

const oneLine = (s: string) => s.trim().split('\n').length === 1 && !/\n\s+at /.test(s);
const VALID = 'target: { url: "http://127.0.0.1:9/mcp", readyTimeoutMs: 500 }\nauth: { profile: jwks }\n';

async function file(name: string, text: string): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, text);
  return f;
}

describe('one line and exit 2', () => {
  it.each([
    ['--only with no family (it used to run everything)', ['run', '--only', ''], /--only needs at least one family/],
    ['--only with only commas', ['run', '--only', ' , '], /--only needs at least one family/],
    ['--only with a typo', ['run', '--only', 'heders'], /unknown family heders \(did you mean headers\?\)/],
    ['--flaw with part of a name', ['run', '--flaw', 'alg-none'], /unknown flaw "alg-none" \(did you mean accept-alg-none\?\)/],
    ['--flaw empty', ['run', '--flaw', ''], /unknown flaw ""/],
  ])('%s', async (_, args, message) => {
    const r = await runCli(args, { cwd: dir, timeoutMs: 20_000 });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
  });

  it('target.resource on another host: refused before anything is sent (the discovery checks would fetch from it)', async () => {
    const config = await file('remote-resource.yaml', `${VALID.replace('readyTimeoutMs: 500', 'readyTimeoutMs: 500, resource: "http://resource.invalid/mcp"')}`);
    const r = await runCli(['run', '--config', config], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^mcp-auth-harness: target\.resource resource\.invalid is not a loopback address; pass --allow-remote/);
  });

  it('a 20 MB config: refused at once, without reading it', async () => {
    const config = await file('huge.yaml', `${VALID}${'#'.repeat(79)}\n`.repeat(1).concat(`${'x: 1\n'.repeat(4 * 1024 * 1024)}`));
    const started = Date.now();
    const r = await runCli(['run', '--config', config], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/huge\.yaml: 20\.0 MB is too big for a config file \(at most 1 MB\)/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it.each([
    ['calls process.exit(0) (it used to exit 0 with no report)', 'process.exit(0);\n', /stopped before exporting a config/],
    ['has a top-level await that never settles (it used to exit 13)', 'await new Promise(() => {});\n', /stopped before exporting a config/],
  ])('a TS config that %s', async (_, code, message) => {
    const config = await file(`bad-${Math.random().toString(36).slice(2)}.config.ts`, `${code}export default { target: { url: 'http://127.0.0.1:9/mcp' }, auth: { profile: 'jwks' } };\n`);
    const r = await runCli(['run', '--config', config], { cwd: dir, timeoutMs: 30_000 });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
  });
});
