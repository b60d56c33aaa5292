// The real CLI as a running child process, for tests that act while it runs (signals, timing).
import { spawn } from 'node:child_process';
import { BIN } from './cli.ts';

export interface CliProcess {
  pid: number;
  output(): string;
  /** Resolves once the combined output matches (rejects after timeoutMs or when the CLI exits first). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<void>;
  signal(name: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

export function startCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; prefix?: string[]; nodeArgs?: string[] } = {}): CliProcess {
  // prefix: a wrapper command (e.g. unshare) that then runs this Node with the CLI.
  // nodeArgs: options for that Node itself (e.g. --import of a module that simulates a crash).
  const [file, ...pre] = [...(opts.prefix ?? []), process.execPath];
  const child = spawn(file!, [...pre, ...(opts.nodeArgs ?? []), BIN, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    pid: child.pid!,
    output: () => output,
    async waitForOutput(pattern, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (done) throw new Error(`the CLI exited before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    signal: (name) => void child.kill(name),
    exited,
  };
}
