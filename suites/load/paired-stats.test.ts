import { describe, expect, it } from 'vitest';
import { ascending, bootstrapIntervals, differences, quantile, quantileShift, seededRandom, summarizeOverhead, type Pair } from '../../src/load/model/paired-stats.ts';

/** Baseline latencies with a heavy right tail; the authed side is the same plus a fixed cost. */
function pairs(n: number, cost: number, seed = 7): Pair[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const noise = 1 + random() + (random() < 0.05 ? 10 * random() : 0);
    return { authed: noise + cost + (random() - 0.5) * 0.2, baseline: noise + (random() - 0.5) * 0.2 };
  });
}

describe('quantile', () => {
  it('interpolates between order statistics', () => {
    const s = ascending([4, 1, 3, 2]);
    expect(quantile(s, 0)).toBe(1);
    expect(quantile(s, 1)).toBe(4);
    expect(quantile(s, 0.5)).toBe(2.5);
    expect(quantile(s, 0.95)).toBeCloseTo(3.85);
    expect(quantile(ascending([]), 0.5)).toBeNaN();
  });
});

describe('paired overhead', () => {
  it('recovers a fixed cost at every quantile, whatever the shared noise', () => {
    const sample = pairs(2000, 2);
    for (const q of [0.5, 0.95, 0.99]) expect(quantileShift(sample, q)).toBeCloseTo(2, 0);
    expect(Math.abs(quantile(ascending(differences(sample)), 0.5) - 2)).toBeLessThan(0.05);
  });

  it('gives confidence intervals that hold the true cost, and the same ones for the same seed', () => {
    const sample = pairs(400, 0.3);
    const summary = summarizeOverhead(sample, { resamples: 500, seed: 3 });
    expect(summary.samples).toBe(400);
    expect(summary.p50.ci[0]).toBeLessThan(0.3);
    expect(summary.p50.ci[1]).toBeGreaterThan(0.3);
    expect(summary.p95.ci[0]).toBeLessThanOrEqual(summary.p95.ms);
    expect(summary.p95.ci[1]).toBeGreaterThanOrEqual(summary.p95.ms);
    expect(summarizeOverhead(sample, { resamples: 500, seed: 3 })).toEqual(summary);
  });

  it('resamples pairs whole', () => {
    // authed − baseline is exactly 1 in every pair, so every resample's median shift is 1
    const sample = [1, 5, 9, 2, 7].map((b) => ({ authed: b + 1, baseline: b }));
    const [ci] = bootstrapIntervals(sample, [0.5], { resamples: 200 });
    expect(ci).toEqual([1, 1]);
  });

  it('reads each resample without sorting it, to the same intervals as resampling and sorting', () => {
    // The textbook bootstrap, for comparison: draw n pairs, sort each side, take the shifts.
    const sorted = (sample: Pair[], qs: number[], resamples: number, seed: number) => {
      const random = seededRandom(seed);
      const estimates = qs.map(() => [] as number[]);
      for (let r = 0; r < resamples; r++) {
        const drawn = sample.map(() => sample[Math.floor(random() * sample.length)]);
        const a = ascending(drawn.map((p) => p.authed));
        const b = ascending(drawn.map((p) => p.baseline));
        qs.forEach((q, i) => estimates[i].push(quantile(a, q) - quantile(b, q)));
      }
      return estimates.map((e) => [quantile(ascending(e), 0.025), quantile(ascending(e), 0.975)]);
    };
    const qs = [0, 0.01, 0.25, 0.5, 0.95, 0.99, 1];
    const random = seededRandom(11);
    for (const n of [1, 2, 3, 7, 100, 401]) {
      for (const ties of [false, true]) {
        const value = () => (ties ? Math.floor(random() * 4) : random() * 10);
        const sample = Array.from({ length: n }, () => ({ authed: value(), baseline: value() }));
        const fast = bootstrapIntervals(sample, qs, { resamples: 100, seed: 5 });
        sorted(sample, qs, 100, 5).forEach(([low, high], i) => {
          expect(fast[i][0], `n=${n} q=${qs[i]}`).toBeCloseTo(low, 12);
          expect(fast[i][1], `n=${n} q=${qs[i]}`).toBeCloseTo(high, 12);
        });
      }
    }
  });

  it('is NaN, not a crash, without samples', () => {
    expect(summarizeOverhead([]).p95.ms).toBeNaN();
  });
});
