// The calibration delay must be what its name says: 2 ms from whatever instant it starts (a
// request arrives at any point of a millisecond), and without holding the event loop.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { fixedDelay } from './fixed-delay.ts';

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

/** Starts `wait` at a random point of a millisecond, `n` times; how long each took, ms. */
async function timed(n: number, wait: () => Promise<unknown>): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < n; i++) {
    await sleep(1);
    const until = performance.now() + Math.random();
    while (performance.now() < until) {
      // a random phase within the loop clock's millisecond
    }
    const started = performance.now();
    await wait();
    took.push(performance.now() - started);
  }
  return took;
}

describe('fixedDelay', () => {
  it('waits 2 ms from any instant: the median within 0.15 ms of it, the fastest tenth no more than 0.2 ms short (a 2 ms setTimeout waits 1-2 ms)', async () => {
    const took = await timed(200, () => fixedDelay(2));
    const shown = `p10 ${quantile(took, 0.1).toFixed(3)}, p50 ${quantile(took, 0.5).toFixed(3)} ms`;
    expect(Math.abs(quantile(took, 0.5) - 2), shown).toBeLessThanOrEqual(0.15);
    expect(quantile(took, 0.1), shown).toBeGreaterThanOrEqual(1.8);
  });

  it('lets other work run while it waits', async () => {
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    await Promise.all(Array.from({ length: 50 }, () => fixedDelay(20)));
    clearInterval(ticking);
    // 50 delays of 20 ms at once end after about 20 ms, not 1 s, and the interval kept firing
    expect(turns).toBeGreaterThan(3);
  });
});
