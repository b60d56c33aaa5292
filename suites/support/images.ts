// The project's images for the container suites: the offline base (built by the script when
// missing), then the reference and issuer images from their Dockerfiles. A build is skipped when
// the image already carries the hash of its inputs (sources, Dockerfile, lockfile): the legacy
// builder spends many seconds just checksumming node_modules even when every layer is cached.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BASE_IMAGE = 'mcp-auth-harness/node-base:24';
export const REFERENCE_IMAGE = 'mcp-auth-harness/reference:local';
export const ISSUER_IMAGE = 'mcp-auth-harness/issuer:local';
export const IDP_IMAGE = 'mcp-auth-harness/idp:local';
const INPUTS_LABEL = 'mcp-auth-harness.inputs';

const IMAGES = [
  { tag: REFERENCE_IMAGE, dockerfile: 'fixtures/images/reference.Dockerfile', sources: ['src/reference'] },
  { tag: ISSUER_IMAGE, dockerfile: 'fixtures/images/issuer.Dockerfile', sources: ['src/issuer', 'src/tokens'] },
  { tag: IDP_IMAGE, dockerfile: 'fixtures/images/idp.Dockerfile', sources: ['fixtures/idp'] },
];

export async function ensureBaseImage(): Promise<void> {
  const exists = await run('docker', ['image', 'inspect', BASE_IMAGE]).then(() => true, () => false);
  if (!exists) await run(`${ROOT}fixtures/images/build-base-image.sh`, [], { cwd: ROOT });
}

/** Builds the images whose inputs changed; the same tags docker-compose.test.yml uses. */
export async function buildProjectImages(): Promise<{ buildMs: number; built: string[] }> {
  const started = Date.now();
  const built: string[] = [];
  await withLock('mcp-auth-harness-images', async () => {
    await ensureBaseImage();
    const baseId = (await run('docker', ['image', 'inspect', '-f', '{{.Id}}', BASE_IMAGE])).stdout.trim();
    for (const image of IMAGES) {
      const inputs = await hashInputs([image.dockerfile, 'package-lock.json', '.dockerignore', ...image.sources], baseId);
      if ((await imageLabel(image.tag, INPUTS_LABEL)) === inputs) continue;
      await run('docker', ['build', '-q', '-f', image.dockerfile, '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, '--label', `${INPUTS_LABEL}=${inputs}`, '-t', image.tag, '.'], {
        cwd: ROOT,
        maxBuffer: 16 * 1024 * 1024,
      });
      built.push(image.tag);
    }
  });
  return { buildMs: Date.now() - started, built };
}

async function imageLabel(tag: string, label: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('docker', ['image', 'inspect', '-f', `{{index .Config.Labels "${label}"}}`, tag]);
    return stdout.trim();
  } catch {
    return undefined;
  }
}

async function hashInputs(relative: string[], salt: string): Promise<string> {
  const hash = createHash('sha256').update(salt);
  const files = (await Promise.all(relative.map((r) => listFiles(path.join(ROOT, r))))).flat().sort();
  for (const file of files) hash.update(path.relative(ROOT, file)).update(await readFile(file));
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(p: string): Promise<string[]> {
  if (!(await stat(p)).isDirectory()) return [p];
  const entries = await readdir(p, { withFileTypes: true });
  return (await Promise.all(entries.map((e) => listFiles(path.join(p, e.name))))).flat();
}

/** Parallel test files build once: a lock directory (stale after 5 minutes). */
async function withLock(name: string, fn: () => Promise<void>): Promise<void> {
  const lock = path.join(tmpdir(), `${name}.lock`);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 300_000) await rm(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
