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
  /** Path of the token pool file (SharedArray); or `tokensJson`, the pool itself (k6-operator: from a Secret). */
  tokenFile?: string;
  tokensJson?: string;
  /** The issuer's token endpoint (refresh only). */
  tokenUrl?: string;
  /** Lifetime of the issuer's access tokens, seconds (refresh only; bounds the refresh count). */
  accessTtlSeconds: number;
  reportDir: string;
  /** Iterations per second (constant-arrival-rate). */
  rate: number;
  duration: string;
  warmup: string;
  preAllocatedVUs: number;
  maxVUs: number;
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
  'TOKEN_FILE',
  'TOKENS',
  'TOKEN_URL',
  'ACCESS_TTL_SECONDS',
  'REPORT_DIR',
  'RATE',
  'DURATION',
  'WARMUP',
  'VUS',
  'MAX_VUS',
  'THRESHOLD_MS',
  'MAX_FAILED_RATE',
  'TOOL',
  'TOOL_ARGS',
  'ORACLE_TOOL',
  'ORACLE_PATH',
] as const;

type Env = Record<string, string | undefined>;

export function readLoadSettings(env: Env, script: LoadScript): LoadSettings {
  const need = (name: string): string => {
    const v = env[name];
    if (!v) throw new Error(`${script}: set ${name} (k6 run -e ${name}=…)`);
    return v;
  };
  const number = (name: string, fallback: number, min = 0): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`${script}: ${name} must be a number ≥ ${min} (got ${raw})`);
    return n;
  };
  const revision = (env.REVISION || '2025-11-25') as Revision;
  if (!REVISIONS.includes(revision)) throw new Error(`${script}: REVISION must be one of ${REVISIONS.join(', ')}`);
  const duration = env.DURATION || '30s';
  const warmup = env.WARMUP || '5s';
  durationSeconds(duration);
  durationSeconds(warmup);
  let toolArgs: Record<string, unknown> = {};
  if (env.TOOL_ARGS) {
    try {
      toolArgs = JSON.parse(env.TOOL_ARGS) as Record<string, unknown>;
    } catch {
      throw new Error(`${script}: TOOL_ARGS must be a JSON object`);
    }
  }
  const settings: LoadSettings = {
    script,
    targetUrl: need('TARGET_URL'),
    baselineUrl: script === 'overhead' ? need('BASELINE_URL') : env.BASELINE_URL,
    revision,
    tokenFile: env.TOKEN_FILE || undefined,
    tokensJson: env.TOKENS || undefined,
    tokenUrl: script === 'refresh' ? need('TOKEN_URL') : env.TOKEN_URL,
    accessTtlSeconds: number('ACCESS_TTL_SECONDS', 300, 1),
    reportDir: env.REPORT_DIR || 'reports',
    rate: number('RATE', 50, 1),
    duration,
    warmup,
    preAllocatedVUs: number('VUS', 10, 1),
    maxVUs: number('MAX_VUS', 50, 1),
    thresholdMs: number('THRESHOLD_MS', 10),
    maxFailedRate: number('MAX_FAILED_RATE', 0.01),
    tool: env.TOOL || undefined,
    toolArgs,
    oracleTool: env.ORACLE_TOOL || 'whoami',
    oraclePath: env.ORACLE_PATH || 'sub',
  };
  if (!settings.tokenFile && !settings.tokensJson) throw new Error(`${script}: set TOKEN_FILE (a token pool file) or TOKENS (the pool as JSON)`);
  settings.maxVUs = Math.max(settings.maxVUs, settings.preAllocatedVUs);
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
