// The scripted workload of the `client` contract (contract.ts), for programs written in
// TypeScript/JavaScript: give it a way to connect one user, it does the rest. Programs in other
// languages implement the same four steps themselves.
import { burstMarker, stepMarker, WORKLOAD, type HarnessClientEnv, type HarnessUser } from './contract.ts';

/** One user's connection, whatever the client library. */
export interface WorkloadSession {
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

export type ConnectUser = (user: HarnessUser) => Promise<WorkloadSession>;

export interface UserOutcome {
  user: string;
  connected: boolean;
  ok: number;
  failed: number;
}

/** Runs every user's workload at the same time; resolves when all are done. Never throws for a failed call. */
export async function runWorkload(env: HarnessClientEnv, connect: ConnectUser, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<UserOutcome[]> {
  return Promise.all(env.users.map((user) => runUser(env, user, connect, log)));
}

async function runUser(env: HarnessClientEnv, user: HarnessUser, connect: ConnectUser, log: (line: string) => void): Promise<UserOutcome> {
  const outcome: UserOutcome = { user: user.name, connected: false, ok: 0, failed: 0 };
  let session: WorkloadSession;
  try {
    session = await connect(user);
    outcome.connected = true;
  } catch (error) {
    log(`${user.name}: could not connect: ${oneLine(error)}`);
    return outcome;
  }
  const call = async (text: string) => {
    try {
      const result = (await session.callTool(WORKLOAD.tool, { text })) as { isError?: boolean } | undefined;
      if (result?.isError) throw new Error('tool error');
      outcome.ok++;
    } catch {
      outcome.failed++;
    }
  };
  for (let i = 1; i <= env.steps; i++) await call(stepMarker(user.name, i));
  await Promise.all(Array.from({ length: env.burst }, (_, j) => call(burstMarker(user.name, j + 1))));
  await session.close().catch(() => undefined);
  log(`${user.name}: ${outcome.ok} calls succeeded, ${outcome.failed} failed`);
  return outcome;
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}
