// One client run: the harness plays the issuer and the MCP server (the reference, behind a
// recording gate), starts the program under test with the contract's environment, lets it run
// its workload, then judges what it did. Everything started here is stopped here, whatever happens.
import { REVISIONS, type CheckResult, type Revision } from '../check.ts';
import { toEnv, WORKLOAD, type HarnessClientEnv, type HarnessUser } from '../client/contract.ts';
import { startIssuer, type Issuer } from '../issuer/issuer.ts';
import { redactText } from '../report/redact.ts';
import { summarize, type RunReport } from '../report/report.ts';
import type { HarnessRun } from '../runner/harness.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { generateSecret } from '../tokens/keys.ts';
import { VERSION } from '../version.ts';
import { startReference, type RunningReference } from '../../src/reference/launch.ts';
import { clientChecks } from '../../scenarios/client.ts';
import type { ClientCheck } from './client-check.ts';
import { runClientCommand, type CommandOutcome } from './client-command.ts';
import { FaultPlan } from './fault-plan.ts';
import { startGate, type Gate } from './gate.ts';
import { Recording } from './recording.ts';

export interface ClientHarnessOptions {
  /** A shell command that runs the workload (any language); the contract's variables are in its environment. */
  command?: string;
  /** Or the workload in this process, given the same variables. */
  workload?: (env: Record<string, string>) => Promise<unknown>;
  cwd?: string;
  /** How long the program may run (default 60 s); it is stopped after that. */
  timeoutMs?: number;
  /** Lifetime of the access tokens the issuer hands out (default 30 s). */
  tokenTtlSeconds?: number;
  /** The users the workload serves at once (default alice, bob); the first is the one the faults target. */
  users?: string[];
  checks?: ClientCheck[];
  onResult?: (result: CheckResult, done: number, total: number) => void;
}

const DEFAULTS = { timeoutMs: 60_000, tokenTtlSeconds: 30, users: ['alice', 'bob'] };
/** A loaded CI machine can take a while to start a Node process that imports the SDK. */
const REFERENCE_READY_MS = 30_000;

export async function runClientHarness(opts: ClientHarnessOptions): Promise<HarnessRun> {
  if (!opts.command === !opts.workload) throw new Error('give either a command or a workload function');
  const startedAt = new Date();
  const users: HarnessUser[] = (opts.users ?? DEFAULTS.users).map((name) => ({ name, clientId: `harness-${name}`, clientSecret: generateSecret() }));
  const recording = new Recording(users);
  const plan = new FaultPlan(users[0]!.name, recording);

  let gate: Gate | undefined;
  let issuer: Issuer | undefined;
  let reference: RunningReference | undefined;
  const teardown = async () => {
    await Promise.allSettled([reference?.stop(), gate?.close(), issuer?.close()]);
  };
  const unregister = registerTeardown(teardown);
  try {
    gate = await startGate();
    issuer = await startIssuer({
      resource: gate.mcpUrl,
      accessTokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
      clients: users.map((u) => ({ ...u, subject: u.name, roles: ['user'], username: u.name })),
    });
    reference = await startReference({
      AUTH: 'jwks',
      JWKS_URL: issuer.jwksUrl,
      ISSUER: issuer.url,
      AUDIENCE: gate.mcpUrl,
      RESOURCE_URI: gate.mcpUrl,
      AUTHORIZATION_SERVERS: gate.url,
      CLOCK_SKEW_SECONDS: '0', // short-lived tokens expire when they say
    }, REFERENCE_READY_MS);
    const metadata = { ...(await (await fetch(issuer.metadataUrl)).json()), issuer: gate.url, token_endpoint: `${gate.url}/token` };
    gate.attach({ mcp: reference.url, tokenUrl: issuer.tokenUrl, metadata }, recording, plan);

    const contract: HarnessClientEnv = { mcpUrl: gate.mcpUrl, tokenUrl: `${gate.url}/token`, issuerUrl: gate.url, users, steps: WORKLOAD.steps, burst: WORKLOAD.burst };
    const env = toEnv(contract);
    const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
    const outcome = opts.command ? await runClientCommand(opts.command, env, { cwd: opts.cwd, timeoutMs }) : await runInProcess(opts.workload!, env, timeoutMs);
    const secrets = [...recording.secrets, issuer.hs256Secret];
    if (recording.mcp.length === 0) {
      const tail = redactText(`${outcome.stderr}\n${outcome.stdout}`, secrets).trim().split('\n').slice(-3).join(' | ');
      throw new Error(`the client made no request to ${gate.mcpUrl} (${describeExit(outcome)})${tail ? `; last output: ${tail}` : ''}`);
    }

    const checks = opts.checks ?? clientChecks;
    const revision = revisionOf(recording);
    const output = opts.command ? { stdout: outcome.stdout, stderr: outcome.stderr } : undefined;
    const results: CheckResult[] = [];
    for (const check of checks) {
      const started = performance.now();
      const verdict = check.judge({ recording, plan, subject: users[0]!.name, output });
      const result: CheckResult = {
        id: check.id,
        family: check.family,
        title: check.title,
        status: verdict.status,
        severity: check.severity,
        spec: check.spec,
        revision,
        ...(verdict.reason ? { reason: verdict.reason } : {}),
        evidence: verdict.evidence ?? {},
        durationMs: Math.round(performance.now() - started),
      };
      results.push(result);
      opts.onResult?.(result, results.length, checks.length);
    }
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
          runMs: outcome.durationMs,
          users: users.map((u) => u.name),
          mcpRequests: recording.mcp.length,
          tokenRequests: recording.tokens.length,
          tokenTtlSeconds: opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
        },
      },
    };
    return { report, secrets };
  } finally {
    unregister();
    await teardown();
  }
}

async function runInProcess(workload: (env: Record<string, string>) => Promise<unknown>, env: Record<string, string>, timeoutMs: number): Promise<CommandOutcome> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const result = await Promise.race([workload(env).then(() => 'done' as const), deadline]);
    return { code: 0, timedOut: result === 'timeout', stdout: '', stderr: '', durationMs: Date.now() - started };
  } catch (error) {
    return { code: 1, timedOut: false, stdout: '', stderr: error instanceof Error ? error.message : String(error), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

function describeExit(o: CommandOutcome): string {
  if (o.timedOut) return `stopped after ${Math.round(o.durationMs / 1000)} s`;
  if (o.signal) return `killed by ${o.signal}`;
  return `exited with code ${o.code}`;
}

/** The protocol revision the client asked for in initialize. */
function revisionOf(recording: Recording): Revision {
  const asked = recording.mcp.find((e) => e.protocolVersion)?.protocolVersion;
  return REVISIONS.includes(asked as Revision) ? (asked as Revision) : '2025-11-25';
}
