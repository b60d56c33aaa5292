// The CLI as a user meets it: the main job on the embedded reference, --flaw, list, and the
// one-line answers to bad input (exit 2, never a stack trace).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-cli-'));
});

const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;

describe('mcp-auth-harness run (embedded reference)', () => {
  it('passes every check in every revision (even --strict), exits 0 and writes the three reports without tokens', async () => {
    const report = path.join(dir, 'compliant');
    const started = Date.now();
    const r = await runCli(['run', '--strict', '--report', report], { timeoutMs: 170_000 });
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const json = JSON.parse(await readFile(path.join(report, 'report.json'), 'utf8'));
    expect(json.summary.fail).toBe(0);
    expect(json.summary.error).toBe(0);
    expect(new Set(json.checks.map((c: { id: string }) => c.id)).size).toBeGreaterThanOrEqual(60);
    expect(json.target.revisions).toEqual(['2025-06-18', '2025-11-25', '2026-07-28']);
    for (const file of ['report.json', 'junit.xml', 'summary.md']) {
      expect(await readFile(path.join(report, file), 'utf8')).not.toMatch(JWT_SHAPE);
    }
    expect(r.stdout + r.stderr).not.toMatch(JWT_SHAPE);
    console.log(`embedded run: ${json.checks.length} results in ${seconds.toFixed(1)} s (${json.summary.pass} pass, ${json.summary.warn} warn, ${json.summary.skip} skip)`);
  }, 180_000);

  it('--flaw runs the reference with that defect: exit 1 and the flaw\'s own check fails', async () => {
    const report = path.join(dir, 'flawed');
    const r = await runCli(['run', '--flaw', 'accept-alg-none', '--only', 'signature', '--report', report]);
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(await readFile(path.join(report, 'report.json'), 'utf8'));
    const failed = json.checks.filter((c: { status: string }) => c.status === 'fail').map((c: { id: string }) => c.id);
    expect(failed).toContain('signature.alg-none');
    expect(json.target.flaw).toBe('accept-alg-none');
    // every result carries the requirement it tests (level, link), the impact and the fix
    const row = json.checks.find((c: { id: string; status: string }) => c.id === 'signature.alg-none' && c.status === 'fail');
    expect(row.requirement).toMatchObject({ level: 'MUST', url: expect.stringMatching(/^https:\/\//) });
    expect(row.impact).toMatch(/mint tokens/);
    expect(row.fix).toMatch(/algorithms/);
    const summary = await readFile(path.join(report, 'summary.md'), 'utf8');
    expect(summary.match(/#### `signature\.alg-none`/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/signature\.alg-none @2025-11-25: .*accepted/);
  });

  it('a baseline of known failures turns the gate green, and a stale entry turns it red', async () => {
    const baseline = path.join(dir, 'baseline.yaml');
    await writeFile(baseline, 'known:\n  - id: signature.alg-none\n  - id: signature.alg-none-case\n');
    const r = await runCli(['run', '--flaw', 'accept-alg-none', '--only', 'signature', '--report', path.join(dir, 'b1'), '--baseline', baseline]);
    expect(r.code, r.stdout).toBe(1); // alg-none-case passes under this flaw: a stale entry
    expect(r.stdout).toMatch(/no longer fail[\s\S]*signature\.alg-none-case/);
    await writeFile(baseline, 'known:\n  - id: signature.alg-none\n');
    const ok = await runCli(['run', '--flaw', 'accept-alg-none', '--only', 'signature', '--report', path.join(dir, 'b2'), '--baseline', baseline]);
    expect(ok.code, ok.stdout).toBe(0);
  });
});

describe('mcp-auth-harness list', () => {
  it('--json gives id, family, title, severity, spec, flaw, level, URL, impact and fix for every check', async () => {
    const r = await runCli(['list', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.length).toBeGreaterThanOrEqual(60);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(expect.arrayContaining(['id', 'family', 'title', 'severity', 'spec', 'flaw', 'level', 'url', 'requirement', 'impact', 'fix']));
      expect(['MUST', 'SHOULD', 'hardening'], row.id).toContain(row.level);
      expect(row.url, row.id).toMatch(/^https:\/\//);
      expect(row.requirement.url, row.id).toBe(row.url);
    }
    // a level that depends on the revision is given per revision
    const perRevision = rows.find((row: { id: string }) => row.id === 'discovery.challenge.resource-metadata');
    expect(perRevision.levels).toEqual({ '2025-06-18': 'MUST', '2025-11-25': 'hardening', '2026-07-28': 'hardening' });
    expect(rows.find((row: { id: string }) => row.id === 'claims.iat.future').level).toBe('hardening');
  });

  it('shows each check\'s level in the table', async () => {
    const r = await runCli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^claims\.iat\.future\s+hardening\s+low\s/m);
    expect(r.stdout).toMatch(/^headers\.missing\.refused\s+MUST\s+high\s/m);
    expect(r.stdout).toMatch(/^discovery\.challenge\.resource-metadata\s+hardening\*.*\[MUST in 2025-06-18\]$/m);
  });
});

describe('bad input gets one line and exit 2', () => {
  const oneLine = (s: string) => s.trim().split('\n').length === 1 && !/\n\s+at /.test(s);

  it.each([
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown flag', ['run', '--frob'], /frob/],
    ['an unknown flaw', ['run', '--flaw', 'no-such-flaw'], /unknown flaw "no-such-flaw"/],
    ['an unknown family', ['run', '--only', 'headers,bogus'], /unknown family bogus/],
    ['a missing config file', ['run', '--config', 'nope.yaml'], /nope\.yaml: cannot read: no such file/],
    ['a missing baseline file', ['run', '--baseline', 'nope.json'], /baseline file not found/],
  ])('%s', async (_, args, message) => {
    const r = await runCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
  });

  it('a TypeScript config using defineConfig from the package loads and runs', async () => {
    const file = path.join(process.cwd(), 'reports', `harness-config-${process.pid}.ts`);
    await writeFile(
      file,
      `import { defineConfig, referenceConfig } from 'mcp-auth-harness';\nexport default defineConfig({ ...referenceConfig(), rbac: undefined, identities: [{ name: 'carol', subject: 'carol', roles: ['user'] }] });\n`,
    );
    try {
      const r = await runCli(['run', '--config', file, '--only', 'headers', '--report', path.join(dir, 'ts-config')]);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(await readFile(path.join(dir, 'ts-config', 'report.json'), 'utf8'));
      expect(json.summary.pass).toBeGreaterThanOrEqual(12);
    } finally {
      await rm(file, { force: true });
    }
  });

  it('a config with a wrong value names the setting', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'target: { url: "http://127.0.0.1:1/mcp" }\nauth: { profile: oauth2 }\n');
    const r = await runCli(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/auth\.profile must be one of "jwks", "hs256", "oauth", "static" \(got "oauth2"\)/);
  });

  it('a non-loopback target needs --allow-remote, and nothing is sent without it', async () => {
    const file = path.join(dir, 'remote.yaml');
    await writeFile(file, 'target: { url: "http://203.0.113.7/mcp" }\nauth: { profile: jwks }\n');
    const r = await runCli(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a loopback address; pass --allow-remote/);
  });

  it('a target that is not running is a harness error, not a verdict', async () => {
    const file = path.join(dir, 'down.yaml');
    await writeFile(file, 'target: { url: "http://127.0.0.1:9/mcp", readyTimeoutMs: 500 }\nauth: { profile: jwks }\n');
    const r = await runCli(['run', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not answer at http:\/\/127\.0\.0\.1:9\/mcp/);
  });
});
