// One server of the real-world corpus (fixtures/real-world/<name>): the whole catalogue runs against
// it through the CLI, as a user would, and the result must be exactly its expected.yaml: the exit
// code and every fail, warn and error. One test file per server, so vitest runs them side by side.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { differences, readExpected, type ReportedCheck } from '../../fixtures/real-world/expected.ts';
import { runCli } from './cli.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = path.join(REPO, 'fixtures/real-world');
const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;

export function installedVersion(pkg: string): string | undefined {
  try {
    if (pkg.startsWith('debian:')) return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg.slice(7)], { encoding: 'utf8' });
    return JSON.parse(readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

export function corpusSuite(name: string, opts: { timeoutMs?: number; requires?: () => string | undefined } = {}): void {
  const dir = path.join(CORPUS, name);
  const { expected, revisions } = readExpected(dir);
  const missing = opts.requires?.();
  if (missing) {
    if (process.env.CI === 'true') {
      describe(`real-world corpus: ${name}`, () => it('has what the server needs', () => {
        throw new Error(`${missing}; CI=true requires it (.ci/run installs it)`);
      }));
      return;
    }
    process.stderr.write(`\n!!! SKIPPED real-world corpus "${name}": ${missing}\n\n`);
    describe.skip(`real-world corpus: ${name}`, () => it('runs', () => {}));
    return;
  }

  describe(`real-world corpus: ${name}`, () => {
    it(`is the ${expected.package} version its expectations were verified against`, () => {
      expect(installedVersion(expected.package), `${expected.package}: re-verify fixtures/real-world/${name}/expected.yaml by hand, then update its version`).toBe(expected.version);
    });

    it('gets exactly the verdicts its expected.yaml lists', async () => {
      const report = await mkdtemp(path.join(tmpdir(), `harness-corpus-${name}-`));
      try {
        const r = await runCli(['run', '--config', path.join(dir, 'harness.config.yaml'), '--report', report], { timeoutMs: opts.timeoutMs ?? 150_000 });
        const said = `${r.stdout}\n${r.stderr}`;
        if (expected.exit === 2) {
          expect(r.code, said).toBe(2);
          expect(said).toContain(expected.runError ?? '');
          return;
        }
        const text = await readFile(path.join(report, 'report.json'), 'utf8').catch(() => '');
        expect(text, `no report.json (exit ${r.code}):\n${said.slice(-2000)}`).not.toBe('');
        const checks = JSON.parse(text).checks as ReportedCheck[];
        if (expected.pending) {
          // Not testable yet: the suite holds that state, so it fails (and says so) once it changes.
          const blocked = checks.filter((c) => c.status === 'error' && (c.reason ?? '').includes(expected.pending!.reason));
          expect(blocked.length, `pending (${expected.pending.why}), but no check errs with "${expected.pending.reason}" any more: fill in expected.yaml`).toBeGreaterThan(0);
          process.stderr.write(`\n!!! real-world corpus "${name}" is pending: ${expected.pending.why}\n\n`);
          return;
        }
        expect(differences(expected, revisions, checks), `fixtures/real-world/${name}/expected.yaml`).toEqual([]);
        for (const issue of expected.harnessIssues) process.stderr.write(`real-world corpus "${name}": known harness ${issue.kind} on ${issue.check}: ${issue.why}\n`);
        expect(r.code, said.slice(-2000)).toBe(expected.exit);
        expect(text).not.toMatch(JWT_SHAPE);
      } finally {
        await rm(report, { recursive: true, force: true });
      }
    }, (opts.timeoutMs ?? 150_000) + 10_000);
  });
}
