// A Node program the harness starts and waits for: it announces it is ready with one JSON line on
// stdout ({ "url": … }). Only `env` (plus PATH) reaches it. It runs under a watchdog
// (watched-spawn.ts), so it dies with the harness even on kill -9; stop() is SIGTERM, then SIGKILL.
import type { ChildProcess } from 'node:child_process';
import { spawnWatched, stopWatched } from './watched-spawn.ts';

export interface ReadyProgram<T> {
  /** The ready line, parsed. */
  ready: T;
  child: ChildProcess;
  /** What the program wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

export function startJsonReadyProgram<T>(name: string, entry: string, env: Record<string, string>, timeoutMs: number): Promise<ReadyProgram<T>> {
  const child = spawnWatched(process.execPath, [entry], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const stop = () => stopWatched(child);

  return new Promise((ready, fail) => {
    const timer = setTimeout(() => {
      void stop();
      fail(new Error(`${name} not ready after ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited with ${code}: ${stderr.trim()}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      ready({ ready: JSON.parse(line) as T, child, stderr: () => stderr, stop });
    });
  });
}
