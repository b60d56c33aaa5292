// One client run: the harness plays the issuer and the MCP server (started by the caller's
// `startServer`, behind a recording gate), starts the program under test with the contract's
// environment, lets it run its workload, then judges what it did with the caller's checks.
// Everything started here is stopped here, whatever happens.
import { REVISIONS, type CheckResult, type Revision } from '../check.ts';
import { toEnv, WORKLOAD, type HarnessClientEnv, type HarnessUser } from '../client/contract.ts';
import { startIssuer, type Issuer } from '../issuer/issuer.ts';
import { redactText } from '../report/redact.ts';
import { summarize, type RunReport } from '../report/report.ts';
import type { HarnessRun } from '../runner/harness.ts';
import { InterruptedError, whenAborted } from '../runner/interrupted.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { toResult } from '../runner/to-result.ts';
import { generateSecret } from '../tokens/keys.ts';
import { VERSION } from '../version.ts';
import { timeline, type ClientCheck } from './client-check.ts';
import { runClientCommand, type CommandOutcome } from './client-command.ts';
import { FaultPlan } from './fault-plan.ts';
import { startGate, type Gate } from './gate.ts';
import { Recording } from './recording.ts';
import { ClientRunError, describeExit, unusableRun } from './unusable-run.ts';

/** What the MCP server behind the gate must trust: the harness's issuer, for the gate's URL. */
export interface ServerTrust {
  jwksUrl: string;
  issuer: string;
  /** The audience of every token: the MCP URL as the client sees it (the gate's). */
  audience: string;
  /** The authorization server its protected-resource metadata names (the gate). */
  authorizationServer: string;
}

export interface RunningMcpServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts the MCP server the client talks to; the CLI passes the embedded reference. */
export type StartMcpServer = (trust: ServerTrust) => Promise<RunningMcpServer>;

export interface ClientHarnessOptions {
  /** The client checks to judge the run with (the `client` family: scenarios/client.ts). */
  checks: ClientCheck[];
  startServer: StartMcpServer;
  /** A shell command that runs the workload (any language); the contract's variables are in its environment. */
  command?: string;
  /** Or the workload in this process, given the same variables. */
  workload?: (env: Record<string, string>) => Promise<unknown>;
  cwd?: string;
  /** How long the program may run (default 60 s); it is stopped after that. */
  timeoutMs?: number;
  /**
   * Lifetime of the access tokens the issuer hands out (default 300 s). The faults revoke tokens;
   * they never wait for one to expire. Much shorter lifetimes make clients that renew ahead of
   * expiry (mcp-remote: 60 s ahead) renew before every request.
   */
  tokenTtlSeconds?: number;
  /** The users the workload serves at once (default alice, bob); the first is the one the faults target. */
  users?: string[];
  /** SHOULD and hardening violations fail instead of warning. */
  strict?: boolean;
  onResult?: (result: CheckResult, done: number, total: number) => void;
  /** Stops the run (Ctrl-C): the program is stopped, nothing is judged, and the run rejects with InterruptedError after its teardown. */
  signal?: AbortSignal;
}

const DEFAULTS = { timeoutMs: 60_000, tokenTtlSeconds: 300, users: ['alice', 'bob'] };

export async function runClientHarness(opts: ClientHarnessOptions): Promise<HarnessRun> {
  if (!opts.command === !opts.workload) throw new Error('give either a command or a workload function');
  const startedAt = new Date();
  const users: HarnessUser[] = (opts.users ?? DEFAULTS.users).map((name) => ({ name, clientId: `harness-${name}`, clientSecret: generateSecret() }));
  const recording = new Recording(users);
  const plan = new FaultPlan(users[0]!.name, recording);

  let gate: Gate | undefined;
  let issuer: Issuer | undefined;
  let server: RunningMcpServer | undefined;
  const teardown = async () => {
    await Promise.allSettled([server?.stop(), gate?.close(), issuer?.close()]);
  };
  const unregister = registerTeardown(teardown);
  try {
    gate = await startGate();
    issuer = await startIssuer({
      resource: gate.mcpUrl,
      accessTokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
      clients: users.map((u) => ({ ...u, subject: u.name, roles: ['user'], username: u.name })),
    });
    server = await opts.startServer({ jwksUrl: issuer.jwksUrl, issuer: issuer.url, audience: gate.mcpUrl, authorizationServer: gate.url });
    const metadata = (await (await fetch(issuer.metadataUrl)).json()) as Record<string, unknown>;
    gate.attach({ mcp: server.url, issuer: { url: issuer.url, metadata } }, recording, plan);

    const contract: HarnessClientEnv = { mcpUrl: gate.mcpUrl, tokenUrl: `${gate.url}/token`, issuerUrl: gate.url, users, steps: WORKLOAD.steps, burst: WORKLOAD.burst };
    const env = toEnv(contract);
    const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
    if (opts.signal?.aborted) throw new InterruptedError();
    recording.started = Date.now();
    const outcome = opts.command
      ? await runClientCommand(opts.command, env, { cwd: opts.cwd, timeoutMs, signal: opts.signal })
      : await runInProcess(opts.workload!, env, timeoutMs, opts.signal);
    if (opts.signal?.aborted) throw new InterruptedError();
    const secrets = [...recording.secrets, issuer.hs256Secret];
    const unusable = unusableRun(recording, outcome, gate.mcpUrl, secrets);
    if (unusable) throw new ClientRunError(unusable);

    const revision = negotiatedRevision(recording);
    const stateless = !recording.mcp.some((e) => e.session || e.sessionOpened);
    const output = opts.command ? { stdout: outcome.stdout, stderr: outcome.stderr } : undefined;
    const results: CheckResult[] = [];
    for (const check of opts.checks) {
      const started = performance.now();
      const verdict = check.judge({ recording, plan, subject: users[0]!.name, resource: gate.mcpUrl, revision, stateless, output });
      results.push(toResult(check, revision, verdict, performance.now() - started, opts.strict ?? false));
      opts.onResult?.(results.at(-1)!, results.length, opts.checks.length);
    }
    const last = recording.mcp.at(-1);
    const report: RunReport = {
      tool: 'mcp-auth-harness',
      version: VERSION,
      target: { url: opts.command ? `command: ${redactText(opts.command, secrets)}` : 'in-process workload', revisions: [revision], profile: 'client' },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: summarize(results),
      checks: results,
      metrics: {
        client: {
          exit: describeExit(outcome),
          ...(outcome.timedOut && last ? { stoppedAfter: `#${last.seq} ${last.method} ${last.rpc ?? ''}`.trimEnd() } : {}),
          runMs: outcome.durationMs,
          users: users.map((u) => u.name),
          revision,
          stateless,
          mcpRequests: recording.mcp.length,
          tokenRequests: recording.tokens.length,
          metadataFetches: recording.metadata.length,
          tokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
          timeline: timeline(recording),
        },
      },
    };
    return { report, secrets };
  } finally {
    unregister();
    await teardown();
  }
}

async function runInProcess(workload: (env: Record<string, string>) => Promise<unknown>, env: Record<string, string>, timeoutMs: number, signal?: AbortSignal): Promise<CommandOutcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const result = await Promise.race([workload(env).then(() => 'done' as const), deadline, whenAborted(signal, 'interrupted' as const)]);
    return { code: 0, timedOut: result === 'timeout', stdout: '', stderr: '', durationMs: Date.now() - started };
  } catch (error) {
    return { code: 1, timedOut: false, stdout: '', stderr: error instanceof Error ? error.message : String(error), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The revision the client negotiated: the MCP-Protocol-Version header it sends on its calls
 * (2025-06-18 and later require it after initialization; 2026-07-28 on every request), else the
 * version it asked for in initialize.
 */
function negotiatedRevision(recording: Recording): Revision {
  const known = (v: string | undefined): v is Revision => REVISIONS.includes(v as Revision);
  const onCalls = recording.mcp.filter((e) => e.marker && known(e.protocolHeader)).map((e) => e.protocolHeader!);
  const anywhere = recording.mcp.filter((e) => known(e.protocolHeader)).map((e) => e.protocolHeader!);
  const asked = recording.mcp.find((e) => known(e.protocolVersion))?.protocolVersion;
  return (onCalls.at(-1) ?? anywhere.at(-1) ?? asked ?? '2025-11-25') as Revision;
}
