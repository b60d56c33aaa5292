// Runs in its own process between the harness and a program it starts (a target, its twin). The
// program runs in a process group of its own; the watchdog makes sure that whole group — the
// shell, the program, anything it started — ends with the program or with the harness:
//  - SIGTERM (or SIGINT, SIGHUP) to the watchdog: the harness stops the program. SIGTERM to the
//    group, SIGKILL to what is left of it after a grace period.
//  - the harness's pipe (the watchdog's stdin) closes: the harness is gone, ended or killed with -9.
//    The same.
//  - the program ends by itself: whatever it left in its group is stopped the same way.
// Then the watchdog ends the way the program ended (its exit code, or its signal).
// Plain Node, no imports from the project: it must start fast.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface Spec {
  file: string;
  args: string[];
  shell: boolean;
}

const GRACE_MS = 2500;
const spec = JSON.parse(process.argv[2] ?? '{}') as Spec;
const child = spawn(spec.file, spec.args, { shell: spec.shell, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
const group = child.pid;

let stopping: NodeJS.Timeout | undefined;
function stop(): void {
  if (stopping || group === undefined) return;
  signalGroup('SIGTERM');
  stopping = setTimeout(() => signalGroup('SIGKILL'), GRACE_MS);
}

for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, stop);
process.stdin.on('end', stop).on('close', stop).on('error', stop).resume();

child.on('error', (e) => {
  process.stderr.write(`could not start ${spec.file}: ${e.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  void emptyGroup().then(() => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
});

/** Waits until nothing is left in the program's group: asks it to stop, then kills it. */
async function emptyGroup(): Promise<void> {
  if (!groupAlive()) return;
  stop();
  while (groupAlive()) await new Promise((r) => setTimeout(r, 50));
}

function groupAlive(): boolean {
  try {
    process.kill(-group!, 0);
  } catch {
    return false;
  }
  return process.platform !== 'linux' || livingInGroup();
}

/**
 * Whether a member of the group is still running. A zombie is not: it is dead and holds nothing,
 * it only waits for its reaper (init, for a grandchild orphaned by the shell), which may take a second.
 */
function livingInGroup(): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true; // cannot tell: what kill(0) said
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z') return true;
    } catch {
      // gone meanwhile
    }
  }
  return false;
}

function signalGroup(signal: NodeJS.Signals): void {
  try {
    process.kill(-group!, signal);
  } catch {
    // nothing left
  }
}
