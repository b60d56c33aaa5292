// A second call while the teardown runs waits for it (a second Ctrl-C during container removal
// used to find nothing registered and exit at once, leaving the container behind).
import { expect, it } from 'vitest';
import { registerTeardown, runTeardowns } from './teardown.ts';

it('a second runTeardowns() during the first resolves only when the stopping is done', async () => {
  let done = false;
  registerTeardown(async () => {
    await new Promise((r) => setTimeout(r, 200));
    done = true;
  });
  const first = runTeardowns();
  await new Promise((r) => setTimeout(r, 20));
  await runTeardowns();
  expect(done).toBe(true);
  await first;
});

it('runs stoppers registered while stopping, and each only once', async () => {
  const calls: string[] = [];
  registerTeardown(async () => {
    calls.push('a');
    registerTeardown(async () => void calls.push('late'));
  });
  await runTeardowns();
  await runTeardowns();
  expect(calls).toEqual(['a', 'late']);
});
