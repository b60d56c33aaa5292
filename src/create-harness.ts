// The vitest face: issuer and target start once, and each check runs when a test asks for it, so
// `describe.each(catalogue)` gives one real test per check with the verdict's evidence in the
// failure message. No test runner is imported here; index.ts passes the catalogue as default checks.
import type { Check, CheckResult } from './check.ts';
import type { ConfigInput } from './config/config.ts';
import { evidenceText } from './report/evidence-text.ts';
import { fixOf, impactOf } from './report/finding.ts';
import type { RunReport } from './report/report.ts';
import { runHarness } from './runner/harness.ts';

export interface CreateHarnessOptions {
  /** The checks the harness may be asked to run (from the package: default the whole catalogue). */
  checks: Check[];
  /** Allow a target that is not on a loopback address. */
  allowRemote?: boolean;
  /** Time limit per check (default 60 s). */
  checkTimeoutMs?: number;
}

export interface Harness {
  /** The checks `run` accepts, by object or id. */
  readonly checks: readonly Check[];
  /** Runs one check in every revision the target speaks; resolves to its results, whatever they say. */
  evaluate(check: Check | string): Promise<CheckResult[]>;
  /**
   * Runs one check; rejects with a CheckFailure (reason and evidence in its message) when it failed
   * or could not be judged. Warnings and skips resolve: read the results to act on them.
   */
  run(check: Check | string): Promise<CheckResult[]>;
  /** Stops target and issuer; resolves to the report of every check run so far (redacted). */
  close(): Promise<RunReport>;
}

export class CheckFailure extends Error {
  readonly results: CheckResult[];
  constructor(results: CheckResult[]) {
    super(failureMessage(results));
    this.name = 'CheckFailure';
    this.results = results;
  }
}

export async function createHarness(config: ConfigInput, opts: CreateHarnessOptions): Promise<Harness> {
  const checks = opts.checks;
  let runBatch: ((checks: Check[]) => Promise<CheckResult[]>) | undefined;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const running = runHarness(config, {
    checks,
    allowRemote: opts.allowRemote,
    checkTimeoutMs: opts.checkTimeoutMs,
    drive: async (batch) => {
      runBatch = batch;
      started();
      await released;
    },
  });
  // A target that does not start rejects `running` before `drive` is ever called.
  const stoppedEarly = running.then(() => Promise.reject(new Error('the harness stopped before it started')));
  stoppedEarly.catch(() => {}); // matters only while waiting for `ready`
  await Promise.race([ready, stoppedEarly]);

  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  const byId = (check: Check | string): Check => {
    if (typeof check !== 'string') return check;
    const found = checks.find((c) => c.id === check);
    if (!found) throw new Error(`unknown check "${check}"`);
    return found;
  };
  const evaluate = async (check: Check | string): Promise<CheckResult[]> => {
    if (closed) throw new Error('the harness is closed');
    const chosen = byId(check);
    // One at a time, even under it.concurrent: checks share the target and the issuer's key ring.
    const next = queue.then(() => runBatch!([chosen]));
    queue = next.catch(() => {});
    return next;
  };
  return {
    checks,
    evaluate,
    async run(check) {
      const results = await evaluate(check);
      if (results.some((r) => r.status === 'fail' || r.status === 'error')) throw new CheckFailure(results);
      return results;
    },
    async close() {
      closed = true;
      await queue;
      release();
      return (await running).report;
    },
  };
}

function failureMessage(results: CheckResult[]): string {
  const bad = results.filter((r) => r.status === 'fail' || r.status === 'error');
  const first = bad[0] ?? results[0];
  if (!first) return 'no result';
  const lines = [`${first.id}: ${first.title}`];
  for (const r of bad) lines.push(`  ${r.status} in ${r.revision}: ${r.reason ?? 'no reason given'}`);
  const impact = impactOf(first);
  const fix = fixOf(first);
  if (impact) lines.push(`  impact: ${impact}`);
  if (fix) lines.push(`  fix: ${fix}`);
  const evidence = evidenceText(first.evidence, { exchanges: 3, bodyChars: 400, headerChars: 200, totalChars: 2000 });
  if (evidence) lines.push('  evidence:', ...evidence.split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}
