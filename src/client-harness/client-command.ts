// The program under test, started by a shell command with the contract's environment. Its output
// is kept (bounded) because the output check reads it; it is stopped at the deadline with its
// whole process group, and on Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { registerTeardown } from '../runner/teardown.ts';

export interface CommandOutcome {
  /** Exit code, or undefined when killed by a signal. */
  code?: number;
  signal?: string;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const MAX_OUTPUT = 1024 * 1024;

export function runClientCommand(command: string, env: Record<string, string>, opts: { cwd?: string; timeoutMs: number }): Promise<CommandOutcome> {
  const started = Date.now();
  // `node` in the command is the Node running the harness, whatever else is on PATH.
  const path = [dirname(process.execPath), process.env.PATH ?? ''].join(':');
  const child = spawn(command, { shell: true, cwd: opts.cwd, env: { ...process.env, ...env, PATH: path }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = { stdout: '', stderr: '' };
  const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    if (out[stream].length < MAX_OUTPUT) out[stream] += chunk.toString('utf8').slice(0, MAX_OUTPUT - out[stream].length);
  };
  child.stdout!.on('data', keep('stdout'));
  child.stderr!.on('data', keep('stderr'));
  let timedOut = false;
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const unregister = registerTeardown(async () => kill('SIGKILL'));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 2000).unref();
    }, opts.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      unregister();
      kill('SIGKILL'); // whatever the command left running in its group
      resolve({ ...(code !== null ? { code } : {}), ...(signal ? { signal } : {}), timedOut, ...out, durationMs: Date.now() - started });
    };
    child.on('close', finish);
    child.on('error', (e) => {
      out.stderr += `could not start: ${e.message}\n`;
      finish(127, null);
    });
  });
}
