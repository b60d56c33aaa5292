// A harness config for one hostile target (fixtures/hostile), written to a file the CLI reads, and
// what the target recorded: its pid, its secret, every Authorization header it was sent.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOSTILE_SERVER = fileURLToPath(new URL('../../../fixtures/hostile/server.ts', import.meta.url));

export interface HostileTarget {
  config: string;
  record: string;
}

export async function hostileTarget(dir: string, behaviour: string, env: Record<string, string> = {}, extra: Record<string, unknown> = {}): Promise<HostileTarget> {
  const record = path.join(dir, `${behaviour}.record`);
  const config = {
    target: {
      command: `"${process.execPath}" "${HOSTILE_SERVER}"`,
      url: 'http://127.0.0.1:${target.port}/mcp',
      env: { PORT: '${target.port}', HOSTILE: behaviour, JWT_SECRET: '${issuer.secret}', RESOURCE: '${target.resource}', ISSUER: '${issuer.url}', RECORD: record, ...env },
      revisions: ['2025-11-25'],
      readyTimeoutMs: 5000,
    },
    auth: { profile: 'hs256' },
    probe: { method: 'tools/list', timeoutMs: 1000 },
    identities: [
      { name: 'alice', subject: 'alice', roles: ['user'] },
      { name: 'root', subject: 'root', roles: ['admin'] },
    ],
    oracle: { tool: 'whoami', subjectPath: 'sub' },
    sessions: { concurrency: { identities: 3, callsPerIdentity: 3 } },
    ...extra,
  };
  const file = path.join(dir, `${behaviour}.config.json`);
  await writeFile(file, JSON.stringify(config, null, 2));
  return { config: file, record };
}

export interface Recorded {
  pids: number[];
  secrets: string[];
  authorizations: string[];
}

export async function recorded(target: HostileTarget): Promise<Recorded> {
  const text = await readFile(target.record, 'utf8').catch(() => '');
  const entries = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid?: number; secret?: string; authorization?: string });
  return {
    pids: entries.flatMap((e) => (e.pid ? [e.pid] : [])),
    secrets: entries.flatMap((e) => (e.secret ? [e.secret] : [])),
    authorizations: entries.flatMap((e) => (e.authorization ? [e.authorization] : [])),
  };
}
