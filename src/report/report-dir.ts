// A report directory is checked before the run, so a typo costs a second, not a whole run.
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Creates `dir` if needed and proves a file can be written there; returns why not, or undefined. */
export async function reportDirProblem(dir: string): Promise<string | undefined> {
  try {
    await makeDirectory(dir);
  } catch (e) {
    return `cannot create the directory (${describe(e)})`;
  }
  const probe = join(dir, `.mcp-auth-harness-write-test-${process.pid}`);
  try {
    await writeFile(probe, '');
  } catch (e) {
    return `cannot write there (${describe(e)})`;
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
  return undefined;
}

/**
 * mkdir -p, one level at a time: Node's own `recursive: true` never returns when the kernel
 * answers ENOENT for a child of an existing directory (e.g. anything under /proc).
 */
export async function makeDirectory(dir: string): Promise<void> {
  dir = resolve(dir);
  const found = await stat(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (found) {
    if (!found.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'EEXIST' });
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) await makeDirectory(parent);
  await mkdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e; // created meanwhile by someone else
  });
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a file of that name exists',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or directory',
  };
  return err.code && why[err.code] ? `${err.code}: ${why[err.code]}` : (err.message ?? String(e)).split('\n')[0]!;
}
