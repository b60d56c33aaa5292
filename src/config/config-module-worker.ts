// Runs in a worker thread: imports a config module (TS/JS) and posts back its default export as
// data. In a worker, the module cannot end the harness (process.exit ends the worker only) and
// can be stopped when it never finishes loading. No top-level await here: a config whose own
// never settles then simply lets this worker end, which the harness reports.
import { parentPort, workerData } from 'node:worker_threads';
import { resolveOwnNameToSources } from '../source-condition.ts';

resolveOwnNameToSources(); // a config that imports 'mcp-auth-harness' gets these sources in a clone

const { href } = workerData as { href: string };

async function load(): Promise<void> {
  let config: unknown;
  try {
    ({ default: config } = (await import(href)) as { default?: unknown });
  } catch (e) {
    parentPort!.postMessage({ error: `cannot load: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}` });
    return;
  }
  try {
    parentPort!.postMessage({ config });
  } catch (e) {
    parentPort!.postMessage({ error: `its default export is not plain data (${(e as Error).message.split('\n')[0]})` });
  }
}

void load();
