// Where k6 comes from: K6_BIN, else `k6` on PATH, else the grafana/k6 image through Docker
// (present locally, or pullable). Nothing found is the caller's one-line error, exit 2.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type K6Runner = { kind: 'binary'; path: string } | { kind: 'docker'; image: string };

export const DEFAULT_K6_IMAGE = 'grafana/k6';

export const NO_K6 =
  'no k6 found: install k6 ≥ 1.0 (https://grafana.com/docs/k6/latest/set-up/install-k6/) and put it on PATH, set K6_BIN=/path/to/k6, or make the grafana/k6 image available to Docker';

type Env = Record<string, string | undefined>;

export async function findK6(env: Env = process.env): Promise<K6Runner | undefined> {
  if (env.K6_BIN) {
    if (!isExecutable(env.K6_BIN)) throw new Error(`K6_BIN=${env.K6_BIN} is not an executable file`);
    return { kind: 'binary', path: env.K6_BIN };
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'k6');
    if (isExecutable(candidate)) return { kind: 'binary', path: candidate };
  }
  const image = env.K6_IMAGE ?? DEFAULT_K6_IMAGE;
  if (image === '' || image === 'none') return undefined;
  if (!(await succeeds('docker', ['info', '--format', '{{.ServerVersion}}'], 10_000))) return undefined;
  if (await succeeds('docker', ['image', 'inspect', image], 10_000)) return { kind: 'docker', image };
  if (await succeeds('docker', ['pull', '--quiet', image], 120_000)) return { kind: 'docker', image };
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command to completion (bounded), true when it exits 0. A missing command is false. */
function succeeds(command: string, args: string[], timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore', timeout: timeoutMs, killSignal: 'SIGKILL' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
