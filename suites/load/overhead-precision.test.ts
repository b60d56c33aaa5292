// Adaptive sampling for the overhead probe: it stops once the p95 interval is narrow enough, and
// the verdict weighs the precision reached (scenarios/overhead.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCannedTarget, type CannedTarget } from '../../src/load/canned-target.ts';
import { listTools } from '../../src/load/model/mcp-request.ts';
import { seededRandom, type Pair } from '../../src/load/model/paired-stats.ts';
import { measurePairs } from '../../src/overhead/paired-probe.ts';
import { halfWidth, preciseEnough, quickP95HalfWidth } from '../../src/overhead/precision.ts';
import { summarizeOverhead } from '../../src/load/model/paired-stats.ts';
import { keepAliveAgent } from '../../src/overhead/timed-request.ts';

/** Pairs whose authed side is 1 ms slower, with exponential noise of `spreadMs` on both sides. */
function synthetic(n: number, spreadMs: number, seed = 3): Pair[] {
  const random = seededRandom(seed);
  const noise = () => -Math.log(1 - random()) * spreadMs;
  return Array.from({ length: n }, () => ({ authed: 2 + noise(), baseline: 1 + noise() }));
}

describe('the precision of the p95 overhead', () => {
  it('narrows with more pairs and with less noise', () => {
    const wide = quickP95HalfWidth(synthetic(200, 1));
    const more = quickP95HalfWidth(synthetic(5000, 1));
    const quiet = quickP95HalfWidth(synthetic(200, 0.05));
    expect(more).toBeLessThan(wide / 2);
    expect(quiet).toBeLessThan(wide / 10);
    expect(preciseEnough(0.25)(synthetic(200, 1))).toBe(false);
    expect(preciseEnough(0.25)(synthetic(200, 0.05))).toBe(true);
  });
});

describe('stopping for precision', () => {
  it('stops only when the interval the report states is as narrow as aimed for, not just the quick one', () => {
    let disagreed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const pairs = synthetic(200, 0.3, seed);
      const aim = quickP95HalfWidth(pairs); // the quick bootstrap says "enough" right at this aim
      const reported = halfWidth(summarizeOverhead(pairs).p95.ci);
      if (reported > aim) disagreed++;
      expect(preciseEnough(aim)(pairs), `seed ${seed}: quick ±${aim}, reported ±${reported}`).toBe(reported <= aim);
    }
    expect(disagreed).toBeGreaterThan(0); // the case the confirmation is for did come up
  });
});

describe('adaptive sampling', () => {
  let target: CannedTarget;
  let twin: CannedTarget;
  beforeAll(async () => {
    [target, twin] = await Promise.all([startCannedTarget(), startCannedTarget()]);
  });
  afterAll(async () => {
    await target.close();
    await twin.close();
  });

  it('stops by precision as soon as the check says enough, asked every 100 pairs from 200 on', async () => {
    const asked: number[] = [];
    const side = (url: string) => ({ agent: keepAliveAgent(), call: (n: number) => listTools({ url, revision: '2026-07-28' }, n + 1) });
    const authed = side(target.url);
    const baseline = side(twin.url);
    try {
      const run = await measurePairs({ authed, baseline, pairs: 10_000, warmup: 5, budgetMs: 20_000, checkFrom: 200, enough: (pairs) => (asked.push(pairs.length), pairs.length >= 400) });
      expect(run.stoppedBy).toBe('precision');
      expect(run.pairs).toHaveLength(400);
      expect(asked).toEqual([200, 300, 400]);
    } finally {
      authed.agent.destroy();
      baseline.agent.destroy();
    }
  });
});
