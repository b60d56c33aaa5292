// k6 options (scenarios and thresholds) for each load script, from its settings. Plain objects,
// so Node tests can read them; the k6 scripts' type check holds them to k6's Options type.
import { durationSeconds, type LoadSettings } from './load-settings.ts';

/** Trend statistics kept in the summary (k6's default lacks p(99) and count). */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

function arrivalRate(s: LoadSettings, exec: string, duration: string, extra: { startTime?: string; gracefulStop?: string } = {}) {
  return {
    executor: 'constant-arrival-rate' as const,
    exec,
    rate: s.rate,
    timeUnit: '1s',
    duration,
    preAllocatedVUs: s.preAllocatedVUs,
    maxVUs: s.maxVUs,
    gracefulStop: extra.gracefulStop ?? '10s',
    ...(extra.startTime ? { startTime: extra.startTime } : {}),
  };
}

/** How long the warm-up's last iterations may take to finish before the measured scenario starts. */
export const WARMUP_GRACE_SECONDS = 1;

/** The share of checks that must succeed: more than 99 % by default (MAX_FAILED_RATE 0.01). */
function checksRate(s: LoadSettings): string {
  return `rate>${roundRate(1 - s.maxFailedRate)}`;
}

function roundRate(r: number): number {
  return Math.round(r * 1e6) / 1e6;
}

/**
 * overhead: a warm-up scenario (its numbers are not judged), then the measured one. The Trend
 * auth_overhead_ms only receives samples from the measured scenario. k6 judges `p(95)<X` on an
 * empty Trend as held and allows no `count` threshold on a Trend, so the Counter overhead_pairs
 * (one per measured pair) with `count>0` fails a run that measured nothing; the checks rate fails
 * one where more than 1 % of calls failed.
 *
 * The measured scenario starts when the warm-up's graceful stop ends, so k6 counts their VUs as
 * never busy at once and hands the warm-up's VUs (their connections, their JIT) on to the
 * measured one. The stop is graceful, not hard (0s): k6 2.2 loses the later iterations of a VU
 * whose async iteration was interrupted (seen here: 9–26 of 250 measured iterations vanished
 * without an error).
 */
export function overheadOptions(s: LoadSettings) {
  return {
    scenarios: {
      warmup: arrivalRate(s, 'warmup', s.warmup, { gracefulStop: `${WARMUP_GRACE_SECONDS}s` }),
      overhead: arrivalRate(s, 'measure', s.duration, { startTime: `${durationSeconds(s.warmup) + WARMUP_GRACE_SECONDS}s` }),
    },
    thresholds: {
      auth_overhead_ms: [`p(95)<${s.thresholdMs}`],
      overhead_pairs: ['count>0'],
      'checks{scenario:overhead}': [checksRate(s)],
      'http_req_failed{scenario:overhead}': [`rate<${s.maxFailedRate}`],
      'dropped_iterations{scenario:overhead}': ['count==0'],
    },
    summaryTrendStats: TREND_STATS,
  };
}

/** isolation: every VU holds one identity; any answer naming someone else counts as token mixing. */
export function isolationOptions(s: LoadSettings) {
  return {
    scenarios: { isolation: arrivalRate(s, 'isolation', s.duration) },
    thresholds: {
      token_mixing: ['count==0'],
      'checks{scenario:isolation}': [checksRate(s)],
      'http_req_failed{scenario:isolation}': [`rate<${s.maxFailedRate}`],
      'dropped_iterations{scenario:isolation}': ['count==0'],
    },
    summaryTrendStats: TREND_STATS,
  };
}

/**
 * refresh: short-lived tokens refreshed through the issuer while calls go on. No call may be
 * refused, no refresh may fail, and the token endpoint sees no storm: at most one refresh per VU
 * per (80 % of) token lifetime, plus the first grant and one spare.
 */
export function refreshOptions(s: LoadSettings) {
  return {
    scenarios: { refresh: arrivalRate(s, 'refresh', s.duration) },
    thresholds: {
      auth_refused: ['count==0'],
      refresh_failed: ['count==0'],
      token_mixing: ['count==0'],
      token_requests: [`count<=${tokenRequestBudget(s)}`],
      'checks{scenario:refresh}': [checksRate(s)],
      'dropped_iterations{scenario:refresh}': ['count==0'],
    },
    summaryTrendStats: TREND_STATS,
  };
}

/** The most iterations the warm-up can start; the measured scenario's tokens come after them. */
export function warmupIterations(s: LoadSettings): number {
  return Math.ceil(s.rate * durationSeconds(s.warmup));
}

export function tokenRequestBudget(s: LoadSettings): number {
  const perVu = Math.ceil(durationSeconds(s.duration) / (0.8 * s.accessTtlSeconds)) + 2;
  return s.maxVUs * perVu;
}

/** Seconds before expiry at which the refresh script renews a token. */
export function refreshMarginSeconds(s: LoadSettings): number {
  return Math.max(1, Math.floor(s.accessTtlSeconds * 0.2));
}
