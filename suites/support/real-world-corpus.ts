// The real-world corpus (fixtures/real-world/<name>): the whole catalogue runs against each server
// through the CLI, as a user would, and the result must be exactly its expected.yaml: the exit code
// and every fail, warn and error. The runs wait on the network far more than they compute, so a few
// of them run at once (vitest gives this 2-core machine a single worker for files).
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
// fastmcp alone takes about 190 s with every core busy: each of its sessions polls 100 ms at a time
// for the client's capabilities, and the sessions and rbac families open many. The bound is for a hung run.
const RUN_TIMEOUT_MS = 420_000;

export interface CorpusServer {
  name: string;
  /** What the server needs beyond node_modules; undefined when it is there, else why not. */
  missing?: () => string | undefined;
}

export function installedVersion(pkg: string): string | undefined {
  try {
    if (pkg.startsWith('debian:')) return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg.slice(7)], { encoding: 'utf8' });
    return JSON.parse(readFileSync(path.join(REPO, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** At most `n` of the wrapped calls run at once; the rest wait their turn, in order. */
function slots(n: number): <T>(job: () => Promise<T>) => Promise<T> {
  let free = n;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    else free--;
    try {
      return await job();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

export function corpusSuite(servers: CorpusServer[], { concurrency = 3 } = {}): void {
  const slot = slots(concurrency);
  describe.concurrent('real-world corpus', () => {
    for (const server of servers) {
      const dir = path.join(CORPUS, server.name);
      const { expected, revisions } = readExpected(dir);
      const missing = server.missing?.();
      if (missing && process.env.CI === 'true') {
        it(`${server.name}: has what it needs`, () => {
          throw new Error(`${missing}; CI=true requires it (.ci/run installs it)`);
        });
        continue;
      }
      if (missing) {
        process.stderr.write(`\n!!! SKIPPED real-world corpus "${server.name}": ${missing}\n\n`);
        it.skip(`${server.name}: ${missing}`, () => {});
        continue;
      }

      it(`${server.name}: runs the ${expected.package} version its expectations were verified against`, () => {
        expect(installedVersion(expected.package), `${expected.package}: re-verify fixtures/real-world/${server.name}/expected.yaml by hand, then update its version`).toBe(expected.version);
      });

      it(`${server.name}: gets exactly the verdicts its expected.yaml lists`, async () => {
        const report = await mkdtemp(path.join(tmpdir(), `harness-corpus-${server.name}-`));
        try {
          const r = await slot(() => runCli(['run', '--config', path.join(dir, 'harness.config.yaml'), '--report', report], { timeoutMs: RUN_TIMEOUT_MS }));
          const said = `${r.stdout}\n${r.stderr}`;
          if (expected.exit === 2) {
            expect(r.code, said).toBe(2);
            expect(said).toContain(expected.runError ?? '');
            return;
          }
          const text = await readFile(path.join(report, 'report.json'), 'utf8').catch(() => '');
          expect(text, `no report.json (exit ${r.code}):\n${said.slice(-2000)}`).not.toBe('');
          expect(text).not.toMatch(JWT_SHAPE);
          const checks = JSON.parse(text).checks as ReportedCheck[];
          if (expected.pending) {
            // Not testable yet: the suite holds that state, so it fails (and says so) once it changes.
            const blocked = checks.filter((c) => c.status === 'error' && (c.reason ?? '').includes(expected.pending!.reason));
            expect(blocked.length, `pending (${expected.pending.why}), but no check errs with "${expected.pending.reason}" any more: fill in expected.yaml`).toBeGreaterThan(0);
            process.stderr.write(`\n!!! real-world corpus "${server.name}" is pending: ${expected.pending.why}\n\n`);
            return;
          }
          expect(differences(expected, revisions, checks), `fixtures/real-world/${server.name}/expected.yaml`).toEqual([]);
          // A known harness issue reported as a fail makes the run exit 1 where a correct harness exits 0.
          const falseFail = expected.harnessIssues.some((i) => i.reported === 'fail' && checks.some((c) => c.id === i.check && c.status === 'fail'));
          expect(r.code, said.slice(-2000)).toBe(falseFail ? Math.max(expected.exit, 1) : expected.exit);
          for (const issue of expected.harnessIssues) process.stderr.write(`real-world corpus "${server.name}": known harness ${issue.kind} on ${issue.check}: ${issue.why}\n`);
        } finally {
          await rm(report, { recursive: true, force: true });
        }
      }, RUN_TIMEOUT_MS * servers.length);
    }
  });
}
