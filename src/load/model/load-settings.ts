// What a load script is told through its environment (k6 `-e NAME=value` or the runner's env).
// One reader for all three scripts, so `mcp-auth-harness load`, a hand-written `k6 run` and a
// k6-operator TestRun all speak the same names.
import { REVISIONS, type Revision } from '../../../src/revisions.ts';

export type LoadScript = 'overhead' | 'isolation' | 'refresh';

export interface LoadSettings {
  script: LoadScript;
  /** The MCP endpoint with auth on. */
  targetUrl: string;
  /** The auth-off twin (overhead only). */
  baselineUrl?: string;
  revision: Revision;
  /**
   * The k6 secret source holding the token pool (`k6 run --secret-source=file=pool.secret`); unset:
   * k6's default source. A secret source, not open(): `k6 archive` bundles every file a script
   * opens, and a shared archive must never carry live tokens.
   */
  tokenSource?: string;
  /** The issuer's token endpoint (refresh only). */
  tokenUrl?: string;
  /** Lifetime of the issuer's access tokens, seconds (refresh only; bounds the refresh count). */
  accessTtlSeconds: number;
  /** Where handleSummary writes k6-<script>.json and .junit.xml; unset: the summary goes to stdout only. */
  reportDir?: string;
  /** Iterations per second (constant-arrival-rate). */
  rate: number;
  duration: string;
  warmup: string;
  preAllocatedVUs: number;
  maxVUs: number;
  /** Whether VUS was given; otherwise preAllocatedVUs is sized from RATE × ITERATION_MS. */
  vusGiven: boolean;
  /** What one iteration takes on this target, ms (measured by `load` before k6 starts; a guess by hand). */
  iterationMs: number;
  /** The overhead threshold on p(95) of the paired TTFB difference, ms. */
  thresholdMs: number;
  /** Highest acceptable http_req_failed rate. */
  maxFailedRate: number;
  /** The call measured: tools/list unless a tool is named. */
  tool?: string;
  toolArgs: Record<string, unknown>;
  oracleTool: string;
  oraclePath: string;
}

/** Every environment name the scripts read. */
export const LOAD_ENV = [
  'TARGET_URL',
  'BASELINE_URL',
  'REVISION',
  'TOKEN_SOURCE',
  'TOKEN_URL',
  'ACCESS_TTL_SECONDS',
  'REPORT_DIR',
  'RATE',
  'DURATION',
  'WARMUP',
  'VUS',
  'MAX_VUS',
  'ITERATION_MS',
  'THRESHOLD_MS',
  'MAX_FAILED_RATE',
  'TOOL',
  'TOOL_ARGS',
  'ORACLE_TOOL',
  'ORACLE_PATH',
] as const;

type Env = Record<string, string | undefined>;

/** k6 rejects a scenario shorter than this (exit 104: "the duration must be at least 1s"). */
export const MIN_SCENARIO_SECONDS = 1;

/**
 * Why k6 would refuse this as a scenario duration, or undefined when it takes it. One rule for the
 * scripts and the `load` command, so a bad value is a one-line usage error instead of k6's.
 */
export function durationProblem(text: string): string | undefined {
  let seconds: number;
  try {
    seconds = durationSeconds(text);
  } catch {
    return `must be a k6 duration such as 30s, 2m or 1m30s (got ${text})`;
  }
  return seconds < MIN_SCENARIO_SECONDS ? `must be at least 1s: k6 refuses shorter scenarios (got ${text})` : undefined;
}

/** Why k6 would refuse this as an integer option (rate, VUs: int64 in k6), or undefined. */
export function integerProblem(text: string, min = 1): string | undefined {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min) return `must be a whole number ≥ ${min}: k6 takes no fractions here (got ${text})`;
  return undefined;
}

/**
 * VUs to pre-allocate for `rate` iterations/s when one iteration takes `iterationMs`: what the rate
 * keeps busy, times 4, plus enough to ride out a 500 ms stall of the target without dropping an
 * iteration (k6 adds VUs beyond these only slowly, inside the measured window).
 */
export function vusFor(rate: number, iterationMs: number): number {
  const busy = (rate * iterationMs) / 1000;
  return Math.max(5, Math.ceil(4 * busy + rate * 0.5));
}

export function readLoadSettings(env: Env, script: LoadScript): LoadSettings {
  const fail = (message: string): never => {
    throw new Error(`${script}: ${message}`);
  };
  const need = (name: string): string => env[name] || fail(`set ${name} (k6 run -e ${name}=…)`);
  const given = (name: string) => env[name] !== undefined && env[name] !== '';
  const number = (name: string, fallback: number, min = 0): number => {
    if (!given(name)) return fallback;
    const n = Number(env[name]);
    return Number.isFinite(n) && n >= min ? n : fail(`${name} must be a number ≥ ${min} (got ${env[name]})`);
  };
  const integer = (name: string, fallback: number): number => {
    if (!given(name)) return fallback;
    const problem = integerProblem(String(env[name]));
    return problem ? fail(`${name} ${problem}`) : Number(env[name]);
  };
  const duration = (name: string, fallback: string): string => {
    const value = given(name) ? String(env[name]) : fallback;
    const problem = durationProblem(value);
    return problem ? fail(`${name} ${problem}`) : value;
  };
  const revision = (env.REVISION || '2025-11-25') as Revision;
  if (!REVISIONS.includes(revision)) fail(`REVISION must be one of ${REVISIONS.join(', ')}`);
  let toolArgs: Record<string, unknown> = {};
  if (env.TOOL_ARGS) {
    try {
      toolArgs = JSON.parse(env.TOOL_ARGS) as Record<string, unknown>;
    } catch {
      fail('TOOL_ARGS must be a JSON object');
    }
  }
  const rate = integer('RATE', 50);
  const iterationMs = number('ITERATION_MS', 20);
  const vusGiven = given('VUS');
  const preAllocatedVUs = vusGiven ? integer('VUS', 10) : vusFor(rate, iterationMs);
  const settings: LoadSettings = {
    script,
    targetUrl: need('TARGET_URL'),
    baselineUrl: script === 'overhead' ? need('BASELINE_URL') : env.BASELINE_URL,
    revision,
    tokenSource: env.TOKEN_SOURCE || undefined,
    tokenUrl: script === 'refresh' ? need('TOKEN_URL') : env.TOKEN_URL,
    accessTtlSeconds: number('ACCESS_TTL_SECONDS', 300, 1),
    reportDir: env.REPORT_DIR || undefined,
    rate,
    duration: duration('DURATION', '30s'),
    warmup: duration('WARMUP', '5s'),
    preAllocatedVUs,
    maxVUs: Math.max(integer('MAX_VUS', 2 * preAllocatedVUs), preAllocatedVUs),
    vusGiven,
    iterationMs,
    thresholdMs: number('THRESHOLD_MS', 10),
    maxFailedRate: number('MAX_FAILED_RATE', 0.01),
    tool: env.TOOL || undefined,
    toolArgs,
    oracleTool: env.ORACLE_TOOL || 'whoami',
    oraclePath: env.ORACLE_PATH || 'sub',
  };
  // k6 resolves open() (the script's check that the dir exists) from the script's folder but
  // handleSummary's paths from the working directory: only an absolute path means one place.
  if (settings.reportDir && !/^(\/|[A-Za-z]:[\\/])/.test(settings.reportDir)) fail(`REPORT_DIR must be an absolute path (got ${settings.reportDir}), e.g. -e REPORT_DIR=$PWD/reports`);
  if (settings.maxFailedRate >= 1) fail(`MAX_FAILED_RATE must be below 1 (got ${env.MAX_FAILED_RATE})`);
  return settings;
}

/** k6 duration strings as seconds: "30s", "2m", "1m30s", "500ms", "1h". */
export function durationSeconds(text: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const trimmed = text.trim();
  let seconds = 0;
  let consumed = 0;
  const pattern = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  for (let part = pattern.exec(trimmed); part !== null; part = pattern.exec(trimmed)) {
    if (part.index !== consumed) break;
    seconds += Number(part[1]) * units[part[2]];
    consumed += part[0].length;
  }
  if (!trimmed || consumed !== trimmed.length) throw new Error(`not a k6 duration: ${JSON.stringify(text)} (e.g. 30s, 2m, 1m30s)`);
  return seconds;
}
