// `load`: the k6 scripts against the target and its auth-off twin. Finds k6 first (none: one
// line, exit 2), then lets the harness start issuer, target and twin, mint the token pool and
// run each script as a check, so k6's thresholds land in the same report.json / junit.xml /
// summary.md as every other verdict.
import type { Revision } from '../check.ts';
import { REVISIONS } from '../check.ts';
import { loadConfig } from '../config/load.ts';
import { parseConfig } from '../config/parse.ts';
import { families } from '../../scenarios/index.ts';
import { exitCodeFor } from '../report/report.ts';
import { writeReports } from '../report/write.ts';
import { runHarness } from '../runner/harness.ts';
import { referenceConfig } from '../reference/harness-config.ts';
import { findK6, NO_K6 } from '../load/find-k6.ts';
import { loadChecks } from '../load/load-checks.ts';
import { durationProblem, durationSeconds, integerProblem, type LoadScript } from '../load/model/load-settings.ts';
import type { LoadOutcome } from '../load/model/k6-summary.ts';
import { interruption } from './interrupts.ts';
import { Progress } from './progress.ts';
import { printSummary } from './summary.ts';
import { UsageError } from './usage-error.ts';

export interface LoadArgs {
  config?: string;
  flaw?: string;
  script?: string;
  revision?: string;
  rate?: string;
  duration?: string;
  warmup?: string;
  vus?: string;
  'max-vus'?: string;
  'threshold-ms'?: string;
  identities?: string;
  'access-ttl'?: string;
  report: string;
  'allow-remote': boolean;
}

const SCRIPTS: LoadScript[] = ['overhead', 'isolation', 'refresh'];

export async function loadCommand(args: LoadArgs): Promise<number> {
  if (args.config && args.flaw) throw new UsageError('--flaw runs the embedded reference; it cannot be combined with --config');
  const scripts = parseScripts(args.script);
  const settings = {
    rate: integer('--rate', args.rate) ?? 50,
    duration: duration('--duration', args.duration, '30s'),
    warmup: duration('--warmup', args.warmup, '5s'),
    vus: integer('--vus', args.vus),
    maxVus: integer('--max-vus', args['max-vus']),
    thresholdMs: positive('--threshold-ms', args['threshold-ms'], 10),
    identities: integer('--identities', args.identities) ?? 4,
    accessTtlSeconds: integer('--access-ttl', args['access-ttl']) ?? 10,
    reportDir: args.report,
  };
  const config = args.config ? await loadConfig(args.config, families) : parseConfig(referenceConfig({ flaw: args.flaw }), 'the embedded reference', families);
  const revision = parseRevision(args.revision, config.target.revisions[0]);
  config.target.revisions = [revision];
  if (scripts.includes('overhead') && !config.target.baseline) {
    throw new UsageError('the overhead script needs a baseline twin: add target.baseline (the same server with auth off) to the config, or pass --script isolation,refresh');
  }
  const runner = await findK6();
  if (!runner) throw new UsageError(NO_K6);

  const progress = new Progress(process.stderr);
  const where = args.config ?? (args.flaw ? `embedded reference with FLAW=${args.flaw}` : 'embedded reference');
  const k6 = runner.kind === 'binary' ? runner.path : `docker image ${runner.image}`;
  progress.start(`mcp-auth-harness load: ${scripts.join(', ')} (${revision}, ${settings.rate} it/s for ${settings.duration} after ${settings.warmup} warm-up) with ${k6} against ${where}`);
  const { report, secrets } = await runHarness(config, {
    checks: loadChecks(scripts, { runner, ...settings }),
    allowRemote: args['allow-remote'],
    flaw: args.flaw,
    issuer: { accessTokenTtlSeconds: settings.accessTtlSeconds },
    checkTimeoutMs: (durationSeconds(settings.warmup) + durationSeconds(settings.duration) + 180) * 1000,
    onResult: (r, done, total) => progress.result(r, done, total),
    signal: interruption.signal,
  });
  progress.finish();
  const load: Record<string, LoadOutcome> = {};
  for (const r of report.checks) if (r.evidence.k6) load[r.id.replace(/^load\./, '')] = r.evidence.k6 as LoadOutcome;
  report.metrics.load = load;
  const paths = await writeReports(args.report, report, secrets);
  printSummary(process.stdout, report, paths, secrets);
  return exitCodeFor(report);
}

function parseScripts(value: string | undefined): LoadScript[] {
  if (!value) return SCRIPTS;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SCRIPTS.includes(n as LoadScript));
  if (unknown.length || !names.length) throw new UsageError(`--script: unknown script ${unknown.join(', ') || '(none)'} (scripts: ${SCRIPTS.join(', ')})`);
  return names as LoadScript[];
}

function parseRevision(value: string | undefined, fallback: Revision): Revision {
  if (value === undefined) return fallback;
  if (!REVISIONS.includes(value as Revision)) throw new UsageError(`--revision: ${value} is not one of ${REVISIONS.join(', ')}`);
  return value as Revision;
}

function positive(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number (got ${value})`);
  return n;
}

/** A whole number ≥ 1, as k6 wants rates and VU counts (a fraction fails k6's option parsing). */
function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const problem = integerProblem(value);
  if (problem) throw new UsageError(`${flag} ${problem}`);
  return Number(value);
}

/** A k6 duration of at least 1s (k6 refuses shorter scenarios with exit 104). */
function duration(flag: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const problem = durationProblem(value);
  if (problem) throw new UsageError(`${flag} ${problem}`);
  return value;
}
