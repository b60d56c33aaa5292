// Starts a program that must not outlive the harness, even when the harness is killed with -9:
// under a watchdog (watchdog.ts) holding the read end of a pipe whose write end only this process
// holds. Stop it with stopWatched (SIGTERM to the watchdog's pid): the watchdog stops the
// program's whole process group (SIGKILL after a grace period) and then exits the way the program did.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Beside this file, with this file's extension (.ts from source, .js once built).
const WATCHDOG = fileURLToPath(new URL(`./watchdog${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export interface WatchedSpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run `file` as a shell command line (args must then be empty). */
  shell?: boolean;
}

/** The watchdog's process; its stdout and stderr are the program's. */
export function spawnWatched(file: string, args: string[], opts: WatchedSpawnOptions = {}): ChildProcess {
  const spec = JSON.stringify({ file, args, shell: opts.shell ?? false });
  const options: SpawnOptions = {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true, // its own process group: a Ctrl-C meant for the harness does not reach it
  };
  const child = spawn(process.execPath, ['--no-warnings', WATCHDOG, spec], options);
  child.stdin!.on('error', () => {}); // the watchdog is gone: nothing to tell it
  return child;
}

/** The watchdog's own grace period is 2.5 s; it should never take this long. */
const WATCHDOG_LIMIT_MS = 10_000;

/** Stops the program and everything in its group; resolves once its watchdog has exited. */
export async function stopWatched(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), WATCHDOG_LIMIT_MS).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL'); // the watchdog itself is stuck: its pipe closes, and that is all that is left to try
    await exited;
  }
}
