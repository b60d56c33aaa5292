// The token pool on disk, as a k6 secret file (`--secret-source=file=…`): a private temp dir
// (0700), a 0600 file, removed when the run ends whatever happened. It never goes near the
// report dir, and no script open()s it, so `k6 archive` cannot bundle it. A run killed outright
// (kill -9) cannot remove its pool: the dir carries the run's pid, and the next pool written on
// this machine removes those of runs no longer alive — their tokens may still be valid.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poolSecretFile, type TokenPool } from './model/token-pool.ts';

export interface PoolFile {
  dir: string;
  file: string;
  remove(): Promise<void>;
}

const PREFIX = 'mcp-auth-harness-pool-';
const POOL_OF_PID = new RegExp(`^${PREFIX}(\\d+)-`);

export async function writePoolFile(pool: TokenPool, parent = tmpdir()): Promise<PoolFile> {
  await removeOrphanedPools(parent);
  const dir = await mkdtemp(join(parent, `${PREFIX}${process.pid}-`));
  const file = join(dir, 'pool.secret');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(file, poolSecretFile(pool), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    await remove();
    throw e;
  }
  return { dir, file, remove };
}

/** Pools whose run (the pid in their name) has ended; those of live runs are left alone. */
export async function removeOrphanedPools(parent = tmpdir()): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const orphaned = names.filter((name) => {
    const pid = POOL_OF_PID.exec(name)?.[1];
    return pid !== undefined && !alive(Number(pid));
  });
  await Promise.all(orphaned.map((name) => rm(join(parent, name), { recursive: true, force: true }).catch(() => undefined)));
  return orphaned;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's live process
  }
}
