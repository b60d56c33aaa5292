// The package as a team gets it: `npm pack`, the tarball installed into an empty project, then
// the CLI, a plain import, a strict TypeScript consumer and the team's own vitest file.
// One install serves every case (dependencies come from npm's local cache where it has them).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../scenarios/index.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NODE_BIN = path.dirname(process.execPath);

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child with this Node first on PATH and none of the parent npm run's npm_* settings. */
function run(file: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<Ran> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  env.PATH = `${NODE_BIN}${path.delimiter}${process.env.PATH ?? ''}`;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function installedVersion(name: string): Promise<string> {
  return (JSON.parse(await readFile(path.join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

let temp: string;
let project: string;
let packed: string[];
const cli = (args: string[], timeoutMs?: number) => run(process.execPath, [path.join(project, 'node_modules', '.bin', 'mcp-auth-harness'), ...args], project, timeoutMs);

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'package-consumer-'));
  const pack = await run('npm', ['pack', '--json', '--pack-destination', temp], REPO, 240_000);
  expect(pack.code, pack.stderr).toBe(0);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  packed = info!.files.map((f) => f.path);
  project = path.join(temp, 'project');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // The same versions the repo uses, so npm's cache answers; the tarball's own dependencies come from the registry.
  const tools = await Promise.all(['typescript', '@types/node', 'vitest'].map(async (name) => `${name}@${await installedVersion(name)}`));
  const install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(temp, info!.filename), ...tools], project, 400_000);
  expect(install.code, install.stderr).toBe(0);
}, 700_000);

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe('the packed tarball', () => {
  it('ships the built JS with types and maps, the bin and the k6 scripts — no suites, CI, fixtures or tests', () => {
    for (const file of ['bin/mcp-auth-harness.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/index.js.map', 'dist/src/client/index.js', 'dist/src/client-harness/index.d.ts', 'dist/src/reference/server.js', 'scenarios/load/overhead.js']) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((f) => /^(suites|fixtures|\.ci|bench|deploy|scripts)\//.test(f) || /\.test\.|(^|\/)test-/.test(f))).toEqual([]);
    expect(packed.filter((f) => f.startsWith('src/') && !f.startsWith('src/load/model/'))).toEqual(['src/probe/messages.ts', 'src/revisions.ts', 'src/runner/read-path.ts']);
  });

  it('ships everything the k6 scripts import', async () => {
    const root = path.join(project, 'node_modules', 'mcp-auth-harness');
    const scripts = (await readdir(path.join(root, 'scenarios', 'load'))).filter((f) => f.endsWith('.js')).map((f) => path.join(root, 'scenarios', 'load', f));
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    const seen = new Set<string>();
    const missing: string[] = [];
    const queue = [...scripts];
    while (queue.length) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const [, spec] of (await readFile(file, 'utf8')).matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), spec!);
        if (existsSync(target)) queue.push(target);
        else missing.push(`${path.relative(root, file)} → ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('installed into an empty project', () => {
  it('npx mcp-auth-harness answers', async () => {
    const r = await run('npx', ['--no-install', 'mcp-auth-harness', '--version'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')).version);
  });

  it('runs the embedded reference: exit 0 and all five reports', async () => {
    const r = await cli(['run', '--only', 'headers', '--report', 'reports']);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(path.join(project, 'reports'))).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.sarif', 'summary.md']);
    const report = JSON.parse(await readFile(path.join(project, 'reports', 'report.json'), 'utf8'));
    expect(report.summary.pass).toBeGreaterThanOrEqual(12);
    expect(report.summary.fail + report.summary.error).toBe(0);
  });

  it('runs the reference with a flaw from the installed package: exit 1', async () => {
    const r = await cli(['run', '--only', 'headers', '--flaw', 'no-www-authenticate', '--report', 'flawed']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/headers\.challenge\.present @2025-11-25: 401 for no Authorization header has no WWW-Authenticate/);
  });

  it('loads a TypeScript config that imports defineConfig from the package', async () => {
    await writeFile(
      path.join(project, 'harness.config.ts'),
      "import { defineConfig, referenceConfig } from 'mcp-auth-harness';\nexport default defineConfig({ ...referenceConfig(), rbac: undefined, identities: [{ name: 'carol', subject: 'carol', roles: ['user'] }] });\n",
    );
    const r = await cli(['run', '--config', 'harness.config.ts', '--only', 'headers', '--report', 'ts-config']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(path.join(project, 'ts-config', 'report.json'), 'utf8')).summary.pass).toBeGreaterThanOrEqual(12);
  });

  it('says in one line what a container target needs when testcontainers is not installed', async () => {
    await writeFile(path.join(project, 'container.yaml'), 'target: { url: "http://127.0.0.1:${target.port}/mcp", container: { image: "some/image:1" } }\nauth: { profile: jwks }\n');
    const r = await cli(['run', '--config', 'container.yaml', '--report', 'container']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe('mcp-auth-harness: container targets need testcontainers: npm i -D testcontainers');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('on an older Node, the bin names the version it needs', async (ctx) => {
    const old = '/usr/bin/node';
    const version = existsSync(old) ? (await run(old, ['--version'], project)).stdout.trim() : '';
    if (!/^v(1\d|2[01])\./.test(version)) ctx.skip(`no Node older than 22 at ${old} (found ${version || 'none'})`);
    const r = await run(old, [path.join(project, 'node_modules', '.bin', 'mcp-auth-harness'), '--version'], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mcp-auth-harness needs Node >= 22 (this is ${version})\n`);
  });

  it('imports from plain JavaScript', async () => {
    await writeFile(
      path.join(project, 'plain.mjs'),
      [
        "import { catalogue, createHarness, defineConfig, referenceConfig, runHarness, writeReports } from 'mcp-auth-harness';",
        "import { createAuthenticatedClient, TokenManager } from 'mcp-auth-harness/client';",
        "import { runClientHarness, ClientRunError } from 'mcp-auth-harness/client-harness';",
        'console.log(JSON.stringify({ checks: catalogue.length, fns: [createHarness, defineConfig, referenceConfig, runHarness, writeReports, createAuthenticatedClient, TokenManager, runClientHarness, ClientRunError].map((f) => typeof f) }));',
      ].join('\n'),
    );
    const r = await run(process.execPath, ['plain.mjs'], project);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.checks).toBeGreaterThanOrEqual(60);
    expect(new Set(out.fns)).toEqual(new Set(['function']));
  });

  it('type-checks a strict NodeNext TypeScript consumer (library types checked too)', async () => {
    await writeFile(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, include: ['consumer.ts'] }),
    );
    await writeFile(
      path.join(project, 'consumer.ts'),
      [
        "import { catalogue, createHarness, defineConfig, referenceConfig, type CheckResult, type Harness, type HarnessConfig, type RunReport } from 'mcp-auth-harness';",
        "import { createAuthenticatedClient, TokenManager } from 'mcp-auth-harness/client';",
        "import { runClientHarness } from 'mcp-auth-harness/client-harness';",
        "const config: HarnessConfig = defineConfig({ ...referenceConfig(), rbac: undefined, identities: [{ name: 'carol', subject: 'carol', roles: ['user'] }] });",
        'const ids: string[] = catalogue.map((c) => c.id);',
        'const start: (c: HarnessConfig) => Promise<Harness> = createHarness;',
        "const failing = (results: CheckResult[]): boolean => results.some((r) => r.status === 'fail');",
        'const summary = (report: RunReport): number => report.summary.fail;',
        'export { config, ids, start, failing, summary, createAuthenticatedClient, TokenManager, runClientHarness };',
      ].join('\n'),
    );
    const ok = await run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    expect(ok.stdout + ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // The check is live: a wrong type is an error.
    await writeFile(path.join(project, 'consumer.ts'), "import { catalogue } from 'mcp-auth-harness';\nexport const n: number = catalogue;\n");
    const bad = await run(process.execPath, [path.join(project, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/Type 'Check\[\]' is not assignable to type 'number'/);
  });

  it("runs checks as the team's own vitest tests through createHarness", async () => {
    await writeFile(
      path.join(project, 'auth.test.ts'),
      [
        "import { afterAll, beforeAll, describe, expect, it } from 'vitest';",
        "import { catalogue, createHarness, referenceConfig, type Harness } from 'mcp-auth-harness';",
        '',
        "const headers = catalogue.filter((c) => c.family === 'headers');",
        '',
        "describe('our MCP server', () => {",
        '  let harness: Harness;',
        '  beforeAll(async () => { harness = await createHarness(referenceConfig(), { checks: headers }); });',
        '  afterAll(async () => { await harness?.close(); });',
        "  it.each(headers)('$id', async (check) => { await harness.run(check); });",
        '});',
        '',
        "describe('a server with a defect', () => {",
        '  let harness: Harness;',
        "  beforeAll(async () => { harness = await createHarness(referenceConfig({ flaw: 'no-www-authenticate' }), { checks: headers }); });",
        '  afterAll(async () => { await harness?.close(); });',
        "  it('fails the check, with the evidence in the message', async () => {",
        "    await expect(harness.run('headers.challenge.present')).rejects.toThrow(/no WWW-Authenticate: Bearer challenge[\\s\\S]*evidence:/);",
        '  });',
        '});',
      ].join('\n'),
    );
    const r = await run(process.execPath, [path.join(project, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], project, 180_000);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(out).toMatch(/✓ auth\.test\.ts > our MCP server > headers\.challenge\.present/);
    // One test per headers check, plus the defect test.
    expect(out).toMatch(new RegExp(`Tests\\s+${catalogue.filter((c) => c.family === 'headers').length + 1} passed`));
  });
});
