// The command line that runs one load script: the k6 binary, or the grafana/k6 image with host
// networking (targets are on loopback) and the repo, pool dir and report dir mounted at the same
// paths. Only paths and settings are on it — the tokens stay in the pool file.
import { newRunId, runLabels } from '../targets/container-labels.ts';
import type { K6Runner } from './find-k6.ts';

export interface K6Invocation {
  command: string;
  args: string[];
}

export interface InvocationOptions {
  script: string;
  env: Record<string, string>;
  /** The token pool: a k6 secret file, read at run time (never bundled by `k6 archive`). */
  secretFile?: string;
  /** Directories the script reads (repo root, pool dir) and writes (report dir). */
  readDirs: string[];
  writeDir: string;
  uid?: number;
  gid?: number;
}

export function k6Invocation(runner: K6Runner, opts: InvocationOptions): K6Invocation {
  // No usage report to Grafana and no progress bar: a run sends traffic to loopback only.
  const secrets = opts.secretFile ? [`--secret-source=file=${opts.secretFile}`] : [];
  const run = ['run', '--no-usage-report', '--quiet', ...secrets, ...Object.entries(opts.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), opts.script];
  if (runner.kind === 'binary') return { command: runner.path, args: run };
  const mounts = [...new Set(opts.readDirs)].flatMap((d) => ['-v', `${d}:${d}:ro`]);
  const user = opts.uid !== undefined ? ['--user', `${opts.uid}:${opts.gid ?? opts.uid}`] : [];
  // Labelled like every container the harness starts: a run killed outright leaves a k6 container
  // running until its script ends, and the labels say whose it is.
  const labels = Object.entries(runLabels(newRunId())).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  return {
    command: 'docker',
    args: ['run', '--rm', ...labels, '--network', 'host', ...user, ...mounts, '-v', `${opts.writeDir}:${opts.writeDir}`, runner.image, ...run],
  };
}
