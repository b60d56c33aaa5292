// Adaptive sampling for the overhead probe: how wide the p95 interval is so far, and whether it
// is narrow enough to stop. The check asks every 100 pairs; a cheaper bootstrap (300 resamples,
// its own seed) answers first, and the one the report uses confirms, so a run stopped for
// precision never reports an interval wider than the one aimed for.
import { bootstrapIntervals, type Interval, type Pair } from '../load/model/paired-stats.ts';

/** The p95 overhead interval is wanted to ±this (ms) before measuring stops early. */
export const TARGET_P95_HALF_WIDTH_MS = 0.25;

export function halfWidth(ci: Interval): number {
  return (ci[1] - ci[0]) / 2;
}

/** The p95 interval's half-width from a quick bootstrap, ms. */
export function quickP95HalfWidth(pairs: readonly Pair[]): number {
  const [ci] = bootstrapIntervals(pairs, [0.95], { resamples: 300, seed: 7 });
  return halfWidth(ci);
}

/** The p95 interval's half-width as the report states it (summarizeOverhead's bootstrap), ms. */
export function reportedP95HalfWidth(pairs: readonly Pair[]): number {
  const [ci] = bootstrapIntervals(pairs, [0.95]);
  return halfWidth(ci);
}

/** Stop when the p95 interval is narrow enough. */
export function preciseEnough(targetMs = TARGET_P95_HALF_WIDTH_MS): (pairs: readonly Pair[]) => boolean {
  return (pairs) => quickP95HalfWidth(pairs) <= targetMs && reportedP95HalfWidth(pairs) <= targetMs;
}
