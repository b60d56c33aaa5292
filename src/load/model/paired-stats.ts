// Paired latency statistics: one request with auth and one to the auth-off twin, sent back to back
// in random order, so both halves of a pair see the same machine. Pure (no k6, no Node APIs):
// the k6 scripts, the Node overhead probe and the benchmark all use it.

/** One paired measurement, in milliseconds (time to first byte). */
export interface Pair {
  authed: number;
  baseline: number;
}

export type Interval = [low: number, high: number];

export interface QuantileFigure {
  /** The overhead at this quantile, ms. */
  ms: number;
  /** Bootstrap confidence interval of `ms`. */
  ci: Interval;
}

export interface OverheadSummary {
  samples: number;
  /** Overhead at the median, p95 and p99: quantile of the authed latencies minus the same quantile of the twin's. */
  p50: QuantileFigure;
  p95: QuantileFigure;
  p99: QuantileFigure;
  /** Median of the per-pair differences (authed − baseline), the most stable single shift estimate. */
  medianDifferenceMs: number;
  authed: { p50: number; p95: number; p99: number };
  baseline: { p50: number; p95: number; p99: number };
  confidence: number;
}

/** The q-quantile (0..1) of ascending `sorted`, interpolated linearly between order statistics. NaN when empty. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const at = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export function ascending(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Per-pair differences authed − baseline. */
export function differences(pairs: readonly Pair[]): number[] {
  return pairs.map((p) => p.authed - p.baseline);
}

/**
 * The overhead at quantile q: Q_q(authed) − Q_q(baseline). Pairing keeps both samples under the
 * same conditions; taking the quantiles separately keeps noise that hits both sides equally (a
 * busy CPU, a GC pause) out of the figure, where the quantile of per-pair differences would add
 * the spread of both sides to the tail.
 */
export function quantileShift(pairs: readonly Pair[], q: number): number {
  return quantile(ascending(pairs.map((p) => p.authed)), q) - quantile(ascending(pairs.map((p) => p.baseline)), q);
}

/** A small, seeded PRNG (mulberry32), so bootstrap intervals are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  resamples?: number;
  confidence?: number;
  seed?: number;
}

/**
 * Percentile-bootstrap intervals of the quantile shifts Q_q(authed) − Q_q(baseline), one per q.
 * Pairs are resampled whole, so the pairing survives into every resample. A resample is kept as
 * how often each pair was drawn; its order statistics are read by walking both sides in their
 * sorted order from the nearer end, so no resample is ever sorted (O(n) each, not O(n log n)).
 */
export function bootstrapIntervals(pairs: readonly Pair[], quantiles: readonly number[], opts: BootstrapOptions = {}): Interval[] {
  const n = pairs.length;
  if (n === 0) return quantiles.map(() => [NaN, NaN]);
  const resamples = opts.resamples ?? 1000;
  const confidence = opts.confidence ?? 0.95;
  const random = seededRandom(opts.seed ?? 1);
  const authed = sortedSide(pairs.map((p) => p.authed));
  const baseline = sortedSide(pairs.map((p) => p.baseline));
  const estimates = quantiles.map(() => new Float64Array(resamples));
  const drawn = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    drawn.fill(0);
    for (let i = 0; i < n; i++) drawn[Math.floor(random() * n)]++;
    quantiles.forEach((q, s) => (estimates[s][r] = resampledQuantile(authed, drawn, q) - resampledQuantile(baseline, drawn, q)));
  }
  const tail = (1 - confidence) / 2;
  return estimates.map((e) => {
    e.sort();
    return [quantile(e, tail), quantile(e, 1 - tail)];
  });
}

interface SortedSide {
  values: Float64Array;
  /** The pair index of each value. */
  pair: Uint32Array;
}

function sortedSide(values: readonly number[]): SortedSide {
  const pair = Uint32Array.from(values.keys()).sort((i, j) => values[i] - values[j]);
  return { values: Float64Array.from(pair, (i) => values[i]), pair };
}

/** quantile() of the resample in which pair i was drawn `drawn[i]` times (n draws in all). */
function resampledQuantile(side: SortedSide, drawn: Uint32Array, q: number): number {
  const n = side.values.length;
  const at = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(at);
  const [low, high] = at < n / 2 ? ranksFromBottom(side, drawn, lo) : ranksFromTop(side, drawn, n - 1 - lo);
  return low + (high - low) * (at - lo);
}

/** The resample's values at ranks k and k + 1, counting from the smallest (rank 0). */
function ranksFromBottom(side: SortedSide, drawn: Uint32Array, k: number): [number, number] {
  let below = 0;
  let j = 0;
  for (; below + drawn[side.pair[j]] <= k; j++) below += drawn[side.pair[j]];
  const low = side.values[j];
  if (below + drawn[side.pair[j]] > k + 1) return [low, low];
  for (j++; j < side.values.length && drawn[side.pair[j]] === 0; j++);
  return [low, j < side.values.length ? side.values[j] : low];
}

/** The resample's values at ranks n − 1 − k and n − k, counting k from the largest (rank n − 1). */
function ranksFromTop(side: SortedSide, drawn: Uint32Array, k: number): [number, number] {
  let above = 0;
  let j = side.values.length - 1;
  for (; above + drawn[side.pair[j]] <= k; j--) above += drawn[side.pair[j]];
  const low = side.values[j];
  if (k === 0 || above < k) return [low, low];
  let i = j + 1;
  for (; drawn[side.pair[i]] === 0; i++);
  return [low, side.values[i]];
}

/** p50 / p95 / p99 overhead with bootstrap confidence intervals. */
export function summarizeOverhead(pairs: readonly Pair[], opts: BootstrapOptions = {}): OverheadSummary {
  const a = ascending(pairs.map((p) => p.authed));
  const b = ascending(pairs.map((p) => p.baseline));
  const qs = [0.5, 0.95, 0.99] as const;
  const [ci50, ci95, ci99] = bootstrapIntervals(pairs, qs, opts);
  const figure = (q: number, ci: Interval): QuantileFigure => ({ ms: quantile(a, q) - quantile(b, q), ci });
  const side = (s: Float64Array) => ({ p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99) });
  return {
    samples: pairs.length,
    p50: figure(0.5, ci50),
    p95: figure(0.95, ci95),
    p99: figure(0.99, ci99),
    medianDifferenceMs: quantile(ascending(differences(pairs)), 0.5),
    authed: side(a),
    baseline: side(b),
    confidence: opts.confidence ?? 0.95,
  };
}

/** Rounds for reports: 3 decimals of a millisecond (microseconds). */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
