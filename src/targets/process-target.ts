// A target started by a shell command: env templated from the issuer, ready when its URL
// answers HTTP, its output kept (redacted, last lines only) for the report when it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { sendRaw } from '../probe/http.ts';
import type { RunningTarget } from './target.ts';

export interface ProcessTargetOptions {
  command: string;
  env: Record<string, string>;
  cwd?: string;
  url: string;
  readyTimeoutMs: number;
  redact: (line: string) => string;
}

const KEPT_LINES = 200;

export async function startProcessTarget(opts: ProcessTargetOptions): Promise<RunningTarget> {
  const child = spawn(opts.command, {
    shell: true,
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so teardown reaches the shell's children too
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(opts.redact(line));
    if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
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

  const target: RunningTarget = {
    url: opts.url,
    logs: () => [...lines],
    exitStatus: () => exit,
    stop: () => stopChild(child, exited),
  };
  try {
    await waitUntilAnswering(opts.url, opts.readyTimeoutMs, () => exit);
  } catch (e) {
    await target.stop();
    const tail = lines.slice(-5).join(' | ');
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

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 3000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
}
