// The `load` command's checks: each runs one k6 script against the run's target (and twin) with a
// freshly minted token pool, and turns k6's thresholds into a verdict. They are Check objects so
// the harness starts and stops everything, redacts every token and writes the usual reports.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Capability, Check, CheckContext, Identity, Verdict } from '../check.ts';
import { ALL_REVISIONS } from '../define.ts';
import { signIn } from '../principal.ts';
import { redactText } from '../report/redact.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { describe as describeThreshold, type LoadOutcome } from './model/k6-summary.ts';
import { durationSeconds, type LoadScript } from './model/load-settings.ts';
import type { K6Runner } from './find-k6.ts';
import { k6Invocation } from './k6-invocation.ts';
import { loadIdentities, mintPool } from './mint-pool.ts';
import { observeIteration } from './observe-iteration.ts';
import { runK6, THRESHOLDS_CROSSED } from './run-k6.ts';
import { writePoolFile } from './token-pool-file.ts';

// The k6 scripts and the pure modules they import ship as sources (k6 runs TypeScript itself).
export const REPO_ROOT = PACKAGE_ROOT;
export const SCRIPTS_DIR = join(REPO_ROOT, 'scenarios', 'load');

export interface LoadSettingsCli {
  runner: K6Runner;
  reportDir: string;
  rate: number;
  duration: string;
  warmup: string;
  /** Undefined: sized from the rate and the latency observed before k6 starts. */
  vus?: number;
  maxVus?: number;
  thresholdMs: number;
  identities: number;
  accessTtlSeconds: number;
}

interface ScriptInfo {
  family: string;
  title: string;
  spec: string[];
  flaw: string;
  needs: Capability[];
}

const SCRIPTS: Record<LoadScript, ScriptInfo> = {
  overhead: {
    family: 'overhead',
    title: 'Under load, p(95) of the paired TTFB difference (authed − auth-off twin) stays under the threshold',
    spec: ['MCP 2025-11-25 authorization §Token Handling', 'OpenID Connect Core 1.0 §10.1.1 (JWK Set caching)'],
    flaw: 'slow-jwks',
    needs: ['mint'],
  },
  isolation: {
    family: 'sessions',
    title: 'Under load, every answer of the identity oracle names the caller whose token was sent (no token mixing)',
    spec: ['MCP 2025-11-25 security best practices §Session Hijacking', 'MCP 2025-11-25 authorization §Token Handling'],
    flaw: 'shared-identity-slot',
    needs: ['mint', 'oracle'],
  },
  refresh: {
    family: 'lifecycle',
    title: 'Under load, short-lived tokens refreshed through the issuer keep working: no refused call, no failed refresh, no storm',
    spec: ['RFC 6749 §6 (refreshing an access token)', 'MCP 2025-11-25 authorization §Token Handling'],
    flaw: 'session-bound-to-token',
    needs: ['mint', 'oracle'],
  },
};

export function loadChecks(scripts: readonly LoadScript[], cli: LoadSettingsCli): Check[] {
  return scripts.map((script) => ({
    id: `load.${script}`,
    severity: script === 'overhead' ? 'medium' : 'high',
    revisions: ALL_REVISIONS,
    guarded: true,
    ...SCRIPTS[script],
    ...(script === 'overhead' ? { starts: ['baseline' as const] } : {}),
    run: (ctx) => runScript(script, ctx, cli),
  }));
}

async function runScript(script: LoadScript, ctx: CheckContext, cli: LoadSettingsCli): Promise<Verdict> {
  if (script === 'overhead' && !ctx.baseline) return { status: 'skip', reason: 'no baseline twin is configured (target.baseline: the same server with auth off)' };
  const seconds = durationSeconds(cli.warmup) + durationSeconds(cli.duration);
  const identities = loadIdentities(await admitted(ctx), cli.identities);
  // overhead: a token of its own for every iteration (the script rotates by the test-wide iteration
  // number), so no cache keyed by the token can hide the cost of verifying, up to 20 000 tokens.
  const perIdentity = script === 'overhead' ? Math.min(Math.ceil(20_000 / identities.length), Math.ceil(cli.rate * seconds * 1.1)) : script === 'isolation' ? 64 : 1;
  const reportDir = resolve(cli.reportDir);
  const outcomeFile = join(reportDir, `k6-${script}.json`);
  await mkdir(reportDir, { recursive: true }); // handleSummary writes here and creates no directories
  await rm(outcomeFile, { force: true });
  const observed = await observeIteration(ctx, script === 'overhead');
  if ('failed' in observed) return observed.failed;
  const { iterationMs } = observed;
  const pool = await mintPool(ctx.forge, ctx.issuer, { identities, tokensPerIdentity: perIdentity, ttlSeconds: seconds + 300, clients: script === 'refresh' });
  const poolFile = await writePoolFile(pool);
  const forgetPool = registerTeardown(poolFile.remove); // Ctrl-C must not leave tokens on disk either
  const env: Record<string, string> = {
    TARGET_URL: ctx.probe.url,
    ...(ctx.baseline ? { BASELINE_URL: ctx.baseline } : {}),
    REVISION: ctx.revision,
    TOKEN_URL: ctx.issuer.tokenUrl,
    ACCESS_TTL_SECONDS: String(cli.accessTtlSeconds),
    REPORT_DIR: reportDir,
    RATE: String(cli.rate),
    DURATION: cli.duration,
    WARMUP: cli.warmup,
    ITERATION_MS: String(iterationMs),
    ...(cli.vus !== undefined ? { VUS: String(cli.vus) } : {}),
    ...(cli.maxVus !== undefined ? { MAX_VUS: String(cli.maxVus) } : {}),
    THRESHOLD_MS: String(cli.thresholdMs),
    ...(ctx.config.oracle ? { ORACLE_TOOL: ctx.config.oracle.tool, ORACLE_PATH: ctx.config.oracle.subjectPath } : {}),
  };
  const invocation = k6Invocation(cli.runner, {
    script: join(SCRIPTS_DIR, `${script}.js`),
    env,
    secretFile: poolFile.file,
    readDirs: [REPO_ROOT, poolFile.dir],
    writeDir: reportDir,
    uid: process.getuid?.(),
    gid: process.getgid?.(),
  });
  const redact = (line: string) => redactText(line, [...ctx.forge.minted]);
  const command = `${invocation.command} ${invocation.args.join(' ')}`;
  try {
    const exit = await runK6(invocation, (seconds + 120) * 1000, redact);
    const outcome = await readOutcome(outcomeFile);
    const evidence = { command, iterationMs, ...(outcome ? { k6: outcome } : {}), ...(exit.code !== 0 ? { output: exit.output } : {}) };
    if (exit.problem || !outcome) {
      const why = exit.problem ?? `k6 exited with code ${exit.code} and left no summary (${outcomeFile})`;
      return { status: 'error', reason: `${why}${exit.output.length ? `: ${exit.output.slice(-3).join(' | ')}` : ''}`, evidence };
    }
    if (outcome.passed && exit.code === 0) return { status: 'pass', reason: `${outcome.thresholds.length} thresholds held`, evidence };
    const problems = outcome.problems ?? [];
    const crossed = outcome.thresholds.filter((t) => !t.ok).map(describeThreshold);
    if (exit.code !== THRESHOLDS_CROSSED && exit.code !== 0 && !crossed.length && !problems.length) return { status: 'error', reason: `k6 exited with code ${exit.code}`, evidence };
    return { status: 'fail', reason: [...problems, ...crossed].join('; ') || 'k6 reported crossed thresholds', evidence };
  } finally {
    forgetPool();
    await poolFile.remove();
  }
}

async function readOutcome(file: string): Promise<LoadOutcome | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LoadOutcome;
  } catch {
    return undefined;
  }
}

/** The configured identities the target lets in: one refused at sign-in (no base scope) would only add refusals to the load. */
async function admitted(ctx: CheckContext): Promise<Identity[]> {
  const out: Identity[] = [];
  for (const identity of ctx.identities) {
    const { response } = await signIn(ctx, identity);
    if (response.status !== 401 && response.status !== 403) out.push(identity);
  }
  return out;
}
