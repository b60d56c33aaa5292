// `run`: pick the target (a config file, or the embedded reference), run, report, gate.
import { loadConfig } from '../config/load.ts';
import { parseConfig } from '../config/parse.ts';
import { loadBaseline } from '../report/baseline.ts';
import { applyBaseline } from '../report/baseline.ts';
import { exitCodeFor } from '../report/report.ts';
import { REPORT_FORMATS, writeReports, type ReportFormat } from '../report/write.ts';
import { reportDirProblem } from '../report/report-dir.ts';
import { DEFAULT_MAX_RPS, runHarness } from '../runner/harness.ts';
import { estimateRequests, remoteNotice, remoteSelection } from '../runner/remote-plan.ts';
import { isLoopbackUrl } from '../targets/target.ts';
import { referenceConfig } from '../reference/harness-config.ts';
import { catalogue, families } from '../../scenarios/index.ts';
import { FLAWS } from '../../src/reference/flaws.ts';
import { suggestion } from './did-you-mean.ts';
import { interruption } from './interrupts.ts';
import { Progress } from './progress.ts';
import { printSummary } from './summary.ts';
import { UsageError } from './usage-error.ts';

export interface RunArgs {
  config?: string;
  flaw?: string;
  only?: string;
  report: string;
  format?: string;
  baseline?: string;
  strict?: boolean;
  'allow-remote': boolean;
  'max-rps'?: string;
}

export async function runCommand(args: RunArgs): Promise<number> {
  if (args.config && args.flaw !== undefined) throw new UsageError('--flaw runs the embedded reference; it cannot be combined with --config');
  const only = parseFamilies(args.only);
  const formats = parseFormats(args.format);
  const unwritable = await reportDirProblem(args.report);
  if (unwritable) throw new UsageError(`--report ${args.report}: ${unwritable}`);
  let checks = catalogue.filter((c) => only.includes(c.family));
  const maxRps = parseMaxRps(args['max-rps']);
  const baseline = args.baseline ? await loadBaseline(args.baseline) : undefined;
  const config = args.config ? await loadConfig(args.config, families) : parseConfig(referenceConfig({ flaw: args.flaw, profile: flawProfile(args.flaw) }), 'the embedded reference', families);
  if (args.strict) config.strict = true;

  const progress = new Progress(process.stderr);
  const remoteHost = remoteTargetHost(config.target.url);
  if (remoteHost && args['allow-remote']) {
    const selection = remoteSelection(checks, args.only !== undefined);
    checks = selection.checks;
    process.stderr.write(`mcp-auth-harness: ${remoteNotice(remoteHost, estimateRequests(checks, config.target.revisions), maxRps, selection.left, checks)}\n`);
  }
  const where = args.config ?? (args.flaw ? `embedded reference with FLAW=${args.flaw}` : 'embedded reference');
  progress.start(`mcp-auth-harness: ${checks.length} checks × ${config.target.revisions.length} revision(s) against ${where}${config.strict ? ' (strict)' : ''}`);
  const { report, secrets } = await runHarness(config, {
    checks,
    allowRemote: args['allow-remote'],
    maxRps,
    flaw: args.flaw,
    onResult: (r, done, total, familyDone) => progress.result(r, done, total, familyDone),
    signal: interruption.signal,
  });
  progress.finish();
  if (baseline) report.baseline = applyBaseline(report.checks, baseline);
  const paths = await writeReports(args.report, report, secrets, formats);
  printSummary(process.stdout, report, paths, secrets);
  return exitCodeFor(report);
}

function parseFamilies(only: string | undefined): string[] {
  const known = families.map((f) => f.name);
  if (only === undefined) return known;
  const names = only.split(',').map((s) => s.trim()).filter(Boolean);
  if (!names.length) throw new UsageError(`--only needs at least one family (families: ${known.join(', ')})`);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new UsageError(`--only: unknown family ${unknown.join(', ')}${suggestion(unknown[0]!, known)} (families: ${known.join(', ')})`);
  return names;
}

function parseFormats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...REPORT_FORMATS];
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !REPORT_FORMATS.includes(n as ReportFormat));
  if (unknown.length || !names.length) throw new UsageError(`--format: unknown format ${unknown.join(', ') || '(none)'} (formats: ${REPORT_FORMATS.join(', ')})`);
  return names as ReportFormat[];
}

function parseMaxRps(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_RPS;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 10_000) throw new UsageError(`--max-rps: expected a number of requests per second from 0.1 to 10000 (got ${JSON.stringify(value)})`);
  return n;
}

/** The host of a target that is not on loopback; undefined for loopback (or a port picked at run time). */
function remoteTargetHost(url: string): string | undefined {
  if (url.includes('${') || !URL.canParse(url)) return undefined;
  return isLoopbackUrl(url) ? undefined : new URL(url).host;
}

function flawProfile(flaw: string | undefined): 'jwks' | 'hs256' {
  if (flaw === undefined) return 'jwks';
  const info = FLAWS.find((f) => f.name === flaw);
  if (!info) {
    const hint = suggestion(flaw, FLAWS.map((f) => f.name)) || ' (see `mcp-auth-harness list` for each check\'s flaw)';
    throw new UsageError(`--flaw: unknown flaw "${flaw}"${hint}`);
  }
  return info.profile ?? 'jwks';
}
