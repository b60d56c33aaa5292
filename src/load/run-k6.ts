// Runs one k6 process to its end, bounded by a time limit, stoppable by Ctrl-C (teardown), its
// output kept (redacted, last lines) for the report when it fails. It runs under a watchdog
// (targets/watched-spawn.ts), so it dies with the harness even on kill -9.
import { registerTeardown } from '../runner/teardown.ts';
import { spawnWatched, stopWatched } from '../targets/watched-spawn.ts';
import type { K6Invocation } from './k6-invocation.ts';

export interface K6Exit {
  /** k6's exit code; 99 means thresholds were crossed. Undefined when killed. */
  code?: number;
  /** Why it did not finish by itself: timeout, signal, could not start. */
  problem?: string;
  output: string[];
}

export const THRESHOLDS_CROSSED = 99;
const KEPT_LINES = 40;

export function runK6(invocation: K6Invocation, timeoutMs: number, redact: (line: string) => string): Promise<K6Exit> {
  return new Promise((resolve) => {
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(redact(line));
      if (output.length > KEPT_LINES) output.splice(0, output.length - KEPT_LINES);
    };
    const child = spawnWatched(invocation.command, invocation.args);
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let problem: string | undefined;
    const stop = (why: string) => {
      problem ??= why;
      return stopWatched(child);
    };
    const timer = setTimeout(() => void stop(`k6 did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`), timeoutMs);
    const unregister = registerTeardown(() => stop('interrupted'));
    child.on('error', (e) => {
      problem ??= `could not start k6: ${e.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      unregister();
      resolve({ ...(code !== null ? { code } : {}), ...(problem || signal ? { problem: problem ?? `k6 was killed by ${signal}` } : {}), output });
    });
  });
}
