// The token pool on disk, for k6's SharedArray: a private temp dir (0700), a 0600 file, removed
// when the run ends whatever happened. It never goes near the report dir.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenPool } from './model/token-pool.ts';

export interface PoolFile {
  dir: string;
  file: string;
  remove(): Promise<void>;
}

export async function writePoolFile(pool: TokenPool): Promise<PoolFile> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-auth-harness-pool-'));
  const file = join(dir, 'pool.json');
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(file, JSON.stringify(pool), { mode: 0o600, flag: 'wx' });
  } catch (e) {
    await remove();
    throw e;
  }
  return { dir, file, remove };
}
