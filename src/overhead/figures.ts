// The overhead figures a check reports (evidence.overhead) and a run lifts into
// report.json's metrics.overhead: milliseconds, rounded to microseconds.
import { roundMs, type Interval, type OverheadSummary } from '../load/model/paired-stats.ts';
import { halfWidth, TARGET_P95_HALF_WIDTH_MS } from './precision.ts';

export interface OverheadFigures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  samples: number;
  /** Bootstrap 95 % confidence intervals of the three figures. */
  ci95: { p50: Interval; p95: Interval; p99: Interval };
  /** Half the width of the p95 interval (ms) — the precision reached — and the one sampling aimed for. */
  p95HalfWidthMs: number;
  targetP95HalfWidthMs: number;
  thresholdMs: number;
  /** Median of the per-pair differences: the most stable single estimate of the shift. */
  medianDifferenceMs: number;
  /** Time to first byte on each side, for context. */
  authedMs: { p50: number; p95: number; p99: number };
  baselineMs: { p50: number; p95: number; p99: number };
}

export function figuresOf(s: OverheadSummary, thresholdMs: number, targetP95HalfWidthMs = TARGET_P95_HALF_WIDTH_MS): OverheadFigures {
  const interval = (i: Interval): Interval => [roundMs(i[0]), roundMs(i[1])];
  const side = (x: { p50: number; p95: number; p99: number }) => ({ p50: roundMs(x.p50), p95: roundMs(x.p95), p99: roundMs(x.p99) });
  return {
    p50Ms: roundMs(s.p50.ms),
    p95Ms: roundMs(s.p95.ms),
    p99Ms: roundMs(s.p99.ms),
    samples: s.samples,
    ci95: { p50: interval(s.p50.ci), p95: interval(s.p95.ci), p99: interval(s.p99.ci) },
    p95HalfWidthMs: roundMs(halfWidth(s.p95.ci)),
    targetP95HalfWidthMs,
    thresholdMs,
    medianDifferenceMs: roundMs(s.medianDifferenceMs),
    authedMs: side(s.authed),
    baselineMs: side(s.baseline),
  };
}
