// The k6 scripts themselves. Always: they read the token pool only through k6/secrets (a secret
// source is read at run time; `k6 archive` bundles every file a script open()s). With a real k6
// (K6_BIN=/path/to/k6; none is in any registry this project's CI reaches, so CI skips this part):
// an archive carries no token, a run that measured nothing exits 99 and says why, a missing
// REPORT_DIR stops the run before it starts.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type Issuer } from '../../src/issuer/issuer.ts';
import { loadIdentities, mintPool } from '../../src/load/mint-pool.ts';
import { SCRIPTS_DIR } from '../../src/load/load-checks.ts';
import { poolSecretFile } from '../../src/load/model/token-pool.ts';
import { readSettings } from '../../src/reference/config.ts';
import { listenReference, type ListeningReference } from '../../src/reference/listen.ts';
import { Forge } from '../../src/tokens/forge.ts';

const run = promisify(execFile);
const SCRIPTS = ['overhead.js', 'isolation.js', 'refresh.js', 'k6-mcp.js'];

describe('the k6 scripts', () => {
  it('open() no file but the report dir (the existence check), and read the pool from k6/secrets', async () => {
    for (const name of SCRIPTS) {
      const source = await readFile(path.join(SCRIPTS_DIR, name), 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*/g, ''); // comments may mention open()
      const opens = [...code.matchAll(/(?<![\w.])open\(([^)]*)\)/g)].map((m) => m[1]);
      expect(opens, name).toEqual(name === 'k6-mcp.js' ? ['settings.reportDir'] : []);
      expect(source, name).not.toMatch(/SharedArray|k6\/experimental\/fs|TOKEN_FILE/);
    }
    expect(await readFile(path.join(SCRIPTS_DIR, 'k6-mcp.js'), 'utf8')).toMatch(/from 'k6\/secrets'/);
  });
});

const K6 = process.env.K6_BIN;

describe.skipIf(!K6)('the k6 scripts under a real k6 (K6_BIN)', () => {
  let issuer: Issuer;
  let target: ListeningReference;
  let twin: ListeningReference;
  let dir: string;
  let secretFile: string;
  let someToken: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'harness-k6-'));
    issuer = await startIssuer({ resource: 'http://127.0.0.1/k6-test' });
    target = await listenReference(readSettings({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.url, AUDIENCE: 'http://127.0.0.1/k6-test', PORT: '0' }));
    twin = await listenReference(readSettings({ AUTH: 'off', PORT: '0' }));
    const pool = await mintPool(new Forge(issuer, 'jwks'), issuer, { identities: loadIdentities([], 2), tokensPerIdentity: 50, ttlSeconds: 600, clients: false });
    someToken = pool.tokens[17].token;
    secretFile = path.join(dir, 'pool.secret');
    await writeFile(secretFile, poolSecretFile(pool), { mode: 0o600 });
  });
  afterAll(async () => {
    await target?.close();
    await twin?.close();
    await issuer?.close();
  });

  const k6 = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(String(K6), args, { cwd: dir, timeout: 60_000 });
      return { code: 0, output: stdout + stderr };
    } catch (e) {
      const failed = e as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  };
  const env = (extra: Record<string, string>) =>
    Object.entries({ TARGET_URL: target.url, BASELINE_URL: twin.url, DURATION: '2s', WARMUP: '1s', RATE: '20', ...extra }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);

  it('k6 archive carries no token, even with the secret source given', async () => {
    const archive = path.join(dir, 'overhead.tar');
    const r = await k6(['archive', `--secret-source=file=${secretFile}`, ...env({}), '-O', archive, path.join(SCRIPTS_DIR, 'overhead.js')]);
    expect(r.code, r.output).toBe(0);
    const bytes = await readFile(archive, 'latin1');
    expect(bytes).toContain('overhead.js');
    expect(bytes).not.toContain(someToken.split('.')[2]);
  });

  it('fails a run that measured nothing with exit 99, and says so', async () => {
    const reports = await mkdtemp(path.join(dir, 'reports-'));
    const r = await k6(['run', '--no-usage-report', '--quiet', `--secret-source=file=${secretFile}`, ...env({ TOOL: 'no_such_tool', REPORT_DIR: reports }), path.join(SCRIPTS_DIR, 'overhead.js')]);
    expect(r.code, r.output).toBe(99);
    expect(r.output).toContain('auth_overhead_ms has no samples');
    const outcome = JSON.parse(await readFile(path.join(reports, 'k6-overhead.json'), 'utf8'));
    expect(outcome.passed).toBe(false);
    expect(outcome.problems[1]).toMatch(/^\d+ of \d+ checks failed \(100 %/);
  });

  it('refuses to start when REPORT_DIR does not exist, instead of exiting 0 without its files', async () => {
    const missing = path.join(dir, 'no-such-dir');
    const r = await k6(['run', '--no-usage-report', '--quiet', `--secret-source=file=${secretFile}`, ...env({ REPORT_DIR: missing }), path.join(SCRIPTS_DIR, 'overhead.js')]);
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toContain(`REPORT_DIR ${missing} does not exist`);
    expect(await readdir(dir)).not.toContain('no-such-dir');
  });
});
