// freePort never hands out a port twice in a row of runs in one process: two runs started at the
// same time (suites/flaws.test.ts runs many at once) must not get the same port for their targets.
import { expect, it } from 'vitest';
import { freePort } from './template.ts';

it('hands out distinct ports, even where the OS would repeat one', async () => {
  const ports: number[] = [];
  for (let i = 0; i < 400; i++) ports.push(await freePort());
  expect(new Set(ports).size).toBe(ports.length);
});

it('hands out ports below the ephemeral range, where outgoing connections never take them', async () => {
  for (let i = 0; i < 50; i++) {
    const port = await freePort();
    expect(port).toBeGreaterThanOrEqual(20_000);
    expect(port).toBeLessThan(32_768);
  }
});
