// The harness tears down its own containers, so Ryuk (unpullable offline) is off unless asked for.
import { expect, it } from 'vitest';
import { preferOwnTeardown } from './docker-engine.ts';

it('turns testcontainers\' Ryuk off by default, and leaves an explicit choice alone', () => {
  const unset: NodeJS.ProcessEnv = {};
  preferOwnTeardown(unset);
  expect(unset.TESTCONTAINERS_RYUK_DISABLED).toBe('true');
  const chosen: NodeJS.ProcessEnv = { TESTCONTAINERS_RYUK_DISABLED: 'false' };
  preferOwnTeardown(chosen);
  expect(chosen.TESTCONTAINERS_RYUK_DISABLED).toBe('false');
});
