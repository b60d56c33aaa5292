// The program under test, started by a shell command with the contract's environment. Its output
// is kept (bounded) because the output check reads it. It runs under a watchdog
// (targets/watched-spawn.ts): it dies with the harness even on kill -9, and stopping it at the
// deadline, on Ctrl-C or on `signal` stops its whole process group.
import { dirname } from 'node:path';
import { registerTeardown } from '../runner/teardown.ts';
import { spawnWatched, stopWatched } from '../targets/watched-spawn.ts';

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

export function runClientCommand(command: string, env: Record<string, string>, opts: { cwd?: string; timeoutMs: number; signal?: AbortSignal }): Promise<CommandOutcome> {
  const started = Date.now();
  // `node` in the command is the Node running the harness, whatever else is on PATH.
  const path = [dirname(process.execPath), process.env.PATH ?? ''].join(':');
  const child = spawnWatched(command, [], { shell: true, cwd: opts.cwd, env: { ...process.env, ...env, PATH: path } });
  const out = { stdout: '', stderr: '' };
  const keep = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    if (out[stream].length < MAX_OUTPUT) out[stream] += chunk.toString('utf8').slice(0, MAX_OUTPUT - out[stream].length);
  };
  child.stdout!.on('data', keep('stdout'));
  child.stderr!.on('data', keep('stderr'));
  let timedOut = false;
  const stop = () => stopWatched(child);
  const unregister = registerTeardown(stop);
  const onAbort = () => void stop();
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timedOut = true;
      void stop();
    }, opts.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      unregister();
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ ...(code !== null ? { code } : {}), ...(signal ? { signal } : {}), timedOut, ...out, durationMs: Date.now() - started });
    };
    child.on('close', finish);
    child.on('error', (e) => {
      out.stderr += `could not start: ${e.message}\n`;
      finish(127, null);
    });
  });
}
