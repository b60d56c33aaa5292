// k6 options (scenarios and thresholds) for each load script, from its settings. Plain objects,
// so Node tests can read them; the k6 scripts' type check holds them to k6's Options type.
import { durationSeconds, type LoadSettings } from './load-settings.ts';

/** Trend statistics kept in the summary (k6's default lacks p(99) and count). */
export const TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

function arrivalRate(s: LoadSettings, exec: string, duration: string, startTime?: string) {
  return {
    executor: 'constant-arrival-rate' as const,
    exec,
    rate: s.rate,
    timeUnit: '1s',
    duration,
    preAllocatedVUs: s.preAllocatedVUs,
    maxVUs: s.maxVUs,
    gracefulStop: '10s',
    ...(startTime ? { startTime } : {}),
  };
}

/**
 * overhead: a warm-up scenario (its numbers are not judged), then the measured one. The Trend
 * auth_overhead_ms only receives samples from the measured scenario.
 */
export function overheadOptions(s: LoadSettings) {
  return {
    scenarios: {
      warmup: arrivalRate(s, 'warmup', s.warmup),
      overhead: arrivalRate(s, 'measure', s.duration, s.warmup),
    },
    thresholds: {
      auth_overhead_ms: [`p(95)<${s.thresholdMs}`],
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
      'checks{scenario:isolation}': [`rate>${1 - s.maxFailedRate}`],
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
      'checks{scenario:refresh}': [`rate>${1 - s.maxFailedRate}`],
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
