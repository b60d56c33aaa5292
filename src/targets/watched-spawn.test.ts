// A program started under the watchdog dies with the process that started it, even when that
// process is killed with -9 (issue 15 item 6); while it lives, it ends the way the program ends.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnWatched, stopWatched } from './watched-spawn.ts';

const WATCHED_SPAWN = fileURLToPath(new URL('./watched-spawn.ts', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '); // a zombie is dead, waiting for init to reap it
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

describe('spawnWatched', () => {
  it('the program (and what it started) dies when its starter is killed with -9', async () => {
    // The "harness": starts a shell that starts a sleeping grandchild, prints that pid, waits.
    const starter = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { spawnWatched } from ${JSON.stringify(WATCHED_SPAWN)};
         const c = spawnWatched('sleep 300 & echo $!; wait', [], { shell: true });
         c.stdout.pipe(process.stdout);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(starter.stdout!, 'data')) as [Buffer];
    const sleeper = Number(line.toString().trim());
    expect(alive(sleeper)).toBe(true);
    starter.kill('SIGKILL');
    expect(await gone(sleeper, 10_000), `pid ${sleeper} outlived its harness`).toBe(true);
  });

  it('ends the way the program ended: exit code, or the signal that killed it', async () => {
    const exits = spawnWatched('exit 7', [], { shell: true });
    expect(await once(exits, 'exit')).toEqual([7, null]);
    const killed = spawnWatched(process.execPath, ['-e', 'process.kill(process.pid, "SIGTERM")']);
    expect(await once(killed, 'exit')).toEqual([null, 'SIGTERM']);
  });

  it('a SIGTERM to the watchdog stops the program, and the watchdog reports how', async () => {
    const child = spawnWatched(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")']);
    await once(child.stdout!, 'data');
    child.kill('SIGTERM');
    expect(await once(child, 'exit')).toEqual([null, 'SIGTERM']);
  });

  it('stopWatched: a program that ignores SIGTERM, started by a shell that does not, is all gone when it resolves', async () => {
    const child = spawnWatched(`"${process.execPath}" -e 'process.on("SIGTERM", () => {}); console.log(process.pid); setInterval(() => {}, 1000)'; true`, [], { shell: true });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const program = Number(line.toString().trim());
    const started = Date.now();
    await stopWatched(child);
    expect(alive(program), 'the program outlived its watchdog').toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    await stopWatched(child); // already stopped: nothing to wait for
  });
});
