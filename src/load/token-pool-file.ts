// The token pool on disk, as a k6 secret file (`--secret-source=file=…`): a private temp dir
// (0700), a 0600 file, removed when the run ends whatever happened. It never goes near the
// report dir, and no script open()s it, so `k6 archive` cannot bundle it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { poolSecretFile, type TokenPool } from './model/token-pool.ts';

export interface PoolFile {
  dir: string;
  file: string;
  remove(): Promise<void>;
}

export async function writePoolFile(pool: TokenPool): Promise<PoolFile> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-auth-harness-pool-'));
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
