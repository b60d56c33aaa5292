import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'suites/**/*.test.ts', 'fixtures/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most of a file's time is spent waiting (on targets, token expiry, containers), not computing,
    // so two files at a time pays even on 2 cores (vitest's default there is one). Files share no
    // ports (freePort) or containers (each run labels its own), so any two can run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
