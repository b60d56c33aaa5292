// Runs in its own process between the harness and a program it starts (a target, its twin):
// starts the program and dies with the harness. Its stdin is a pipe from the harness; when that
// closes, the harness is gone — ended, crashed or killed with -9 — and the whole process group
// (this watchdog, the shell, the program and anything it started) is stopped: SIGTERM, then
// SIGKILL. Otherwise it only waits, and ends the way the program ended.
// Plain Node, no imports from the project: it must start fast.
import { spawn } from 'node:child_process';

interface Spec {
  file: string;
  args: string[];
  shell: boolean;
}

const GRACE_MS = 2000;
const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
const child = spawn(spec.file, spec.args, { shell: spec.shell, stdio: ['ignore', 'inherit', 'inherit'] });

// The harness signals the whole group to stop the program; the watchdog waits for the program.
const ignore = () => {};
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, ignore);

child.on('error', (e) => {
  process.stderr.write(`could not start ${spec.file}: ${e.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
});

process.stdin.on('end', harnessGone).on('close', harnessGone).on('error', harnessGone).resume();

let going = false;
function harnessGone(): void {
  if (going) return;
  going = true;
  signalGroup('SIGTERM');
  setTimeout(() => signalGroup('SIGKILL'), GRACE_MS);
  child.once('exit', () => signalGroup('SIGKILL'));
}

function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-process.pid, signal);
  } catch {
    process.exit(1);
  }
}
