// Tokens shaped like the team's own (auth.token), and a target that refuses the harness's valid
// tokens: one line naming the target's answer and the likely cause, before any check runs.
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../scenarios/index.ts';
import { referenceConfig } from '../../src/reference/harness-config.ts';
import { runHarness } from '../../src/runner/harness.ts';
import { runCli } from '../support/cli.ts';

const claims = catalogue.filter((c) => c.family === 'claims');
const headers = catalogue.filter((c) => c.family === 'headers');

function reference(opts: { flaw?: string; audience?: string } = {}) {
  const c = referenceConfig({ flaw: opts.flaw });
  c.target.revisions = ['2025-11-25'];
  if (opts.audience) c.target.env = { ...c.target.env, AUDIENCE: opts.audience };
  return c;
}

describe('auth.token', () => {
  it('leaves aud out of valid tokens when told, and the claim checks still judge the server', async () => {
    const config = { ...reference({ flaw: 'aud-optional' }), auth: { profile: 'jwks' as const, token: { claims: { aud: false } } } };
    const { report } = await runHarness(config, { checks: claims });
    const status = (id: string) => report.checks.find((c) => c.id === id)?.status;
    expect(report.summary.error, JSON.stringify(report.checks.filter((c) => c.status === 'error').map((c) => c.reason))).toBe(0);
    expect(status('claims.aud.missing')).toBe('fail'); // the MUST a server without aud breaks
    expect(status('claims.aud.foreign')).toBe('pass'); // a token WITH a foreign aud is still refused
    // with no audience of its own, the server must refuse every aud: an array naming the resource proves nothing
    expect(report.checks.find((c) => c.id === 'claims.aud.array')).toMatchObject({ status: 'skip', reason: expect.stringContaining('auth.token.claims.aud: false') });
    expect(status('claims.exp.expired')).toBe('pass');
  });

  it('refuses a lifetime out of bounds, naming the setting', async () => {
    const config = { ...reference(), auth: { profile: 'jwks' as const, token: { lifetimeSeconds: 5 } } };
    await expect(runHarness(config, { checks: headers })).rejects.toThrow('config: auth.token.lifetimeSeconds must be an integer from 10 to 86400 s (got 5)');
  });
});

describe('a target that refuses every valid token', () => {
  it('stops before the checks with the target\'s answer and the likely cause', async () => {
    const started = Date.now();
    const run = runHarness(reference({ audience: 'https://somewhere-else.example/mcp' }), { checks: headers });
    await expect(run).rejects.toThrow(/^the target refused a valid token for alice \(HTTP 401 invalid_token.*\): does it trust http:\/\/127\.0\.0\.1:\d+ .*aud "http:\/\/127\.0\.0\.1:\d+\/mcp".*see auth\.token/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(path.join(tmpdir(), 'harness-refused-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 2 with that one line from the CLI, and writes no report', async () => {
    const file = path.join(dir, 'refuses.json');
    const c = reference({ audience: 'https://somewhere-else.example/mcp' });
    await writeFile(file, JSON.stringify({ ...c, target: { ...c.target, cwd: process.cwd() } }));
    const r = await runCli(['run', '--config', file, '--only', 'headers', '--report', path.join(dir, 'out')]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^mcp-auth-harness: the target refused a valid token for alice \(HTTP 401 invalid_token/);
    expect(lines.length, r.stderr).toBeLessThanOrEqual(2); // the progress line that announced the run, then why it stopped
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expect(access(path.join(dir, 'out', 'report.json'))).rejects.toThrow();
  });
});
