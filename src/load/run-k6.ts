// Runs one k6 process to its end, bounded by a time limit, stoppable by Ctrl-C (teardown), its
// output kept (redacted, last lines) for the report when it fails.
import { spawn } from 'node:child_process';
import { registerTeardown } from '../runner/teardown.ts';
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
    const child = spawn(invocation.command, invocation.args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let problem: string | undefined;
    const kill = (why: string) => {
      problem ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => kill(`k6 did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`), timeoutMs);
    const unregister = registerTeardown(async () => kill('interrupted'));
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
