// Container suites run where a Docker engine answers. Without one they skip with one loud line —
// except under CI=true, where a missing engine is a failure: CI must not go green by skipping.
import { describe, it } from 'vitest';
import { dockerEngineProblem } from '../../src/targets/docker-engine.ts';

export type Gate = { run: true } | { run: false; skip: string } | { run: false; fail: string };

export function gateFor(problem: string | undefined, env: NodeJS.ProcessEnv): Gate {
  if (!problem) return { run: true };
  if (env.CI === 'true') return { run: false, fail: `${problem}; CI=true requires one (.ci/run installs and starts dockerd)` };
  return { run: false, skip: `${problem}; start dockerd to run them` };
}

const gate = gateFor(await dockerEngineProblem(), process.env);

/** `describe`, when an engine answers; else a loud skip, or under CI a failing test. */
export function describeWithDocker(name: string, body: () => void): void {
  if (gate.run) return void describe(name, body);
  if ('fail' in gate) {
    describe(name, () => it('has a Docker engine', () => {
      throw new Error(gate.fail);
    }));
    return;
  }
  process.stderr.write(`\n!!! SKIPPED container suite "${name}": ${gate.skip}\n\n`);
  describe.skip(name, body);
}
