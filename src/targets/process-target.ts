// A target started by a shell command: env templated from the issuer, ready when its URL
// answers HTTP, its output kept (redacted, whole lines, last lines only) for the report. It runs
// under a watchdog (watched-spawn.ts), so it dies with the harness even on kill -9, and it is
// registered for teardown from the moment it is spawned: Ctrl-C during its start stops it too.
import { sendRaw } from '../probe/http.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { OutputLines } from './output-lines.ts';
import type { RunningTarget } from './target.ts';
import { spawnWatched, stopWatched } from './watched-spawn.ts';

export interface ProcessTargetOptions {
  command: string;
  env: Record<string, string>;
  cwd?: string;
  url: string;
  readyTimeoutMs: number;
  redact: (line: string) => string;
}

export async function startProcessTarget(opts: ProcessTargetOptions): Promise<RunningTarget> {
  const child = spawnWatched(opts.command, [], { shell: true, cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  const output = new OutputLines(opts.redact);
  const stdout = output.source();
  const stderr = output.source();
  child.stdout!.on('data', (d: Buffer) => stdout.push(d)).on('end', () => stdout.end());
  child.stderr!.on('data', (d: Buffer) => stderr.push(d)).on('end', () => stderr.end());
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = signal ? `killed by ${signal}` : `exited with code ${code}`));
  child.on('error', (e) => (exit = `could not start: ${e.message}`));

  let stopping: Promise<void> | undefined;
  const unregister = registerTeardown(() => (stopping ??= stopWatched(child)));
  const target: RunningTarget = {
    url: opts.url,
    logs: () => output.lines(),
    exitStatus: () => exit,
    stop: async () => {
      await (stopping ??= stopWatched(child));
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
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
}

/** A refused connection costs microseconds: polling often lets the run start as soon as the target can answer. */
const READY_POLL_MS = 25;
