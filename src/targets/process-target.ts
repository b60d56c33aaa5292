// A target started by a shell command: env templated from the issuer, ready when its URL
// answers HTTP, its output kept (redacted, whole lines, last lines only) for the report. It runs
// under a watchdog (watched-spawn.ts), so it dies with the harness even on kill -9, and it is
// registered for teardown from the moment it is spawned: Ctrl-C during its start stops it too.
import type { ChildProcess } from 'node:child_process';
import { sendRaw } from '../probe/http.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { OutputLines } from './output-lines.ts';
import type { RunningTarget } from './target.ts';
import { spawnWatched } from './watched-spawn.ts';

export interface ProcessTargetOptions {
  command: string;
  env: Record<string, string>;
  cwd?: string;
  url: string;
  readyTimeoutMs: number;
  redact: (line: string) => string;
}

/** The watchdog's own grace period is 2.5 s; it should never take this long. */
const WATCHDOG_LIMIT_MS = 10_000;

export async function startProcessTarget(opts: ProcessTargetOptions): Promise<RunningTarget> {
  const child = spawnWatched(opts.command, [], { shell: true, cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  const output = new OutputLines(opts.redact);
  const stdout = output.source();
  const stderr = output.source();
  child.stdout!.on('data', (d: Buffer) => stdout.push(d)).on('end', () => stdout.end());
  child.stderr!.on('data', (d: Buffer) => stderr.push(d)).on('end', () => stderr.end());
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.on('error', (e) => {
      exit = `could not start: ${e.message}`;
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  const unregister = registerTeardown(() => (stopping ??= stopChild(child, exited)));
  const target: RunningTarget = {
    url: opts.url,
    logs: () => output.lines(),
    exitStatus: () => exit,
    stop: async () => {
      await (stopping ??= stopChild(child, exited));
      unregister();
    },
  };
  try {
    await waitUntilAnswering(opts.url, opts.readyTimeoutMs, () => exit);
  } catch (e) {
    await target.stop();
    const tail = output.lines().slice(-5).join(' | ');
    throw new Error(`${(e as Error).message}${tail ? `; last output: ${tail}` : ''}`);
  }
  return target;
}

/** Polls until any HTTP answer comes from the URL. */
export async function waitUntilAnswering(url: string, timeoutMs: number, died: () => string | undefined = () => undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = died();
    if (why) throw new Error(`target ${why} before it answered at ${url}`);
    const r = await sendRaw({ method: 'GET', url, timeoutMs: 1000, maxBodyBytes: 4096, headersOnly: true });
    if (r.status > 0) return;
    if (Date.now() > deadline) throw new Error(`target did not answer at ${url} within ${timeoutMs} ms (${r.error})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM to the watchdog, which stops the target's whole process group (SIGKILL after its grace period). */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), WATCHDOG_LIMIT_MS).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL'); // the watchdog itself is stuck: its pipe closes, and that is all that is left to try
    await exited;
  }
}
