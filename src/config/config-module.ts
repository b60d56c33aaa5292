// A TS/JS config file is code: it is imported in a worker thread with a time and memory limit,
// so a top-level await that never settles, an endless loop, a memory bomb or a process.exit()
// in it ends with one line (exit 2) instead of a hang, a silent exit or a crash.
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConfigError } from './config-error.ts';

export const CONFIG_LOAD_TIMEOUT_MS = 10_000;
const MEMORY_LIMIT_MB = 512;
// Beside this file, with this file's extension (.ts from source, .js once built).
const WORKER = fileURLToPath(new URL(`./config-module-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));

export function importConfigModule(file: string, timeoutMs = CONFIG_LOAD_TIMEOUT_MS): Promise<unknown> {
  const href = pathToFileURL(path.resolve(file)).href;
  // Its stderr is held back: shown when the config loads, replaced by one line when it does not
  // (Node's own "unsettled top-level await" warning included).
  const worker = new Worker(WORKER, { workerData: { href }, resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB }, stderr: true });
  let stderr = '';
  worker.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-64 * 1024)));
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const fail = (why: string) => settle(() => reject(new ConfigError(`${file}: ${why}`)));
    const loaded = (config: unknown) =>
      settle(() => {
        if (stderr) process.stderr.write(stderr);
        resolve(config);
      });
    const timer = setTimeout(
      () => fail(`did not finish loading within ${timeoutMs / 1000} s (an endless loop, or a top-level await that never settles?)`),
      timeoutMs,
    );
    worker.once('message', (m: { config?: unknown; error?: string }) => (m.error ? fail(m.error) : loaded(m.config)));
    worker.once('error', (e) =>
      fail((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? `used more than ${MEMORY_LIMIT_MB} MB while loading` : `cannot load: ${e.message.split('\n')[0]}`),
    );
    worker.once('exit', (code) =>
      fail(code === 13 || code === 0 ? 'stopped before exporting a config (a top-level await that never settles, or process.exit?)' : `ended with process.exit(${code}) while loading`),
    );
  });
}
