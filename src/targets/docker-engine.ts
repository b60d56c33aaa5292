// The Docker engine and compose tool, as testcontainers reaches them. testcontainers is loaded
// only when a container or compose target is used: process and URL runs never pay for it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The harness stops and removes what it starts itself (also on Ctrl-C and crashes), so it does
 * not need testcontainers' Ryuk reaper — whose image cannot be pulled on an offline machine.
 * An explicit TESTCONTAINERS_RYUK_DISABLED=false brings Ryuk back as a second line of defence.
 */
export function preferOwnTeardown(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
}

export type Testcontainers = typeof import('testcontainers');

let loaded: Promise<Testcontainers> | undefined;

/** testcontainers is an optional peer dependency: only container and compose targets need it. */
export const NO_TESTCONTAINERS = 'container targets need testcontainers: npm i -D testcontainers';

class MissingTestcontainers extends Error {}

export function testcontainers(): Promise<Testcontainers> {
  preferOwnTeardown();
  return (loaded ??= import('testcontainers').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /'testcontainers'/.test(e.message)) throw new MissingTestcontainers(NO_TESTCONTAINERS);
    throw e;
  }));
}

/** Why no engine answers, or undefined when one does. */
export async function dockerEngineProblem(timeoutMs = 10_000): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await testcontainers();
    const ping = (async () => {
      const client = await getContainerRuntimeClient();
      await client.container.list();
    })();
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref());
    await Promise.race([ping, timeout]);
    return undefined;
  } catch (e) {
    if (e instanceof MissingTestcontainers) throw e;
    return `no Docker engine answers (${(e as Error).message.split('\n')[0]})`;
  }
}

/** How compose runs here: `docker compose` (v2 plugin) or the standalone `docker-compose`. */
export type ComposeTool = { kind: 'plugin' } | { kind: 'standalone' };

let compose: Promise<ComposeTool | undefined> | undefined;

export function composeTool(): Promise<ComposeTool | undefined> {
  return (compose ??= (async () => {
    if (await answers('docker', ['compose', 'version'])) return { kind: 'plugin' } as const;
    if (await answers('docker-compose', ['version'])) return { kind: 'standalone' } as const;
    return undefined;
  })());
}

async function answers(file: string, args: string[]): Promise<boolean> {
  try {
    await run(file, args, { timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}
