// Runs the catalogue against one target: per revision and family, a positive control before the
// first check that can run (a valid token must work, else refusals prove nothing), then each
// check with a time limit.
import type { Check, CheckContext, CheckResult, Identity, Revision, Schedule, Verdict } from '../check.ts';
import type { ResolvedConfig } from '../config/config.ts';
import type { CapabilityDeclaration } from '../family.ts';
import type { Issuer } from '../issuer/issuer.ts';
import { Probe, succeeded, type McpResponse, type SendOptions } from '../probe/probe.ts';
import type { Forge } from '../tokens/forge.ts';
import { withEvidence } from '../verdict.ts';
import { readPath } from './read-path.ts';
import { toolData } from '../probe/tool-result.ts';
import { missingCapabilities } from './capabilities.ts';
import { toResult } from './to-result.ts';
import { CannotForge } from '../auth/cannot-forge.ts';
import { brokenBy, guardedRun } from './broken-target.ts';
import { whenAborted } from './interrupted.ts';
import type { TargetLiveness } from './target-liveness.ts';

export interface Oracle {
  tool: string;
  arguments: Record<string, unknown>;
  /** Dotted path to the caller's subject in the tool's structured (or JSON text) result. */
  subjectPath: string;
}

export interface RunChecksOptions {
  checks: Check[];
  url: string;
  resource: string;
  revisions: Revision[];
  issuer: Issuer;
  forge: Forge;
  identity: Identity;
  identities: Identity[];
  config: ResolvedConfig;
  claimNames: CheckContext['claimNames'];
  clockSkewSeconds: number;
  capabilities: Record<string, CapabilityDeclaration>;
  oracle?: Oracle;
  /** The authenticated call that rejection checks send. Default: tools/list. */
  probeRequest?: { method: string; params: Record<string, unknown> };
  timeoutMs?: number;
  checkTimeoutMs?: number;
  /** `familyDone`: the last result of its family in its revision (progress may print that family's line now). */
  onResult?: (result: CheckResult, done: number, total: number, familyDone: boolean) => void;
  /** MCP endpoint of the baseline twin (auth off), for the overhead family. */
  baseline?: string;
  /** Redacts the run's secrets from evidence before it is clipped. */
  redact?: (text: string) => string;
  /** false: every check in turn, ignoring schedules (what the run did before families overlapped); what spends an allowance still comes last. Default true. */
  overlap?: boolean;
  /** Once the target is found down, the checks after it are errors (not run). */
  liveness?: TargetLiveness;
  /** Stops the run: no check starts after it aborts, and the one running is abandoned. */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5000;
const BESIDE_TIMEOUT_FACTOR = 3;

export async function runChecks(opts: RunChecksOptions): Promise<CheckResult[]> {
  // Families in the order their checks come; each family runs in its own context per revision.
  const families = [...new Set(opts.checks.map((c) => c.family))];
  const plan = opts.revisions.flatMap((revision) =>
    families.map((family) => ({ revision, family, checks: opts.checks.filter((c) => c.family === family && c.revisions.includes(revision)) })),
  );
  const total = plan.reduce((n, p) => n + p.checks.length, 0);
  // Results land in plan order whatever order they finish in. Progress hears of a family's
  // results (in one revision) together, once the last of them is in: a family whose checks wait,
  // measure or spend (those come late) holds back no other family's line.
  const slots = plan.map((p) => Array.from({ length: p.checks.length }, (): CheckResult | undefined => undefined));
  const reported = { units: new Set<number>(), results: 0 };
  const report = () => {
    slots.forEach((unit, i) => {
      if (reported.units.has(i) || !unit.every((r) => r !== undefined)) return;
      reported.units.add(i);
      (unit as CheckResult[]).forEach((r, k) => opts.onResult?.(r, ++reported.results, total, k === unit.length - 1));
    });
  };
  const contexts = new Map<number, Promise<FamilyContext>>();
  const contextOf = (unit: number) => {
    // A family that waits beside the others sends its requests while they send theirs: it gives
    // the target three times as long to answer (a late answer to a token sent after its deadline
    // is still an answer to that token).
    const beside = opts.overlap !== false && plan[unit].checks.some((c) => c.schedule === 'waits');
    const timeoutMs = beside ? BESIDE_TIMEOUT_FACTOR * (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) : opts.timeoutMs;
    if (!contexts.has(unit)) contexts.set(unit, familyContext({ ...opts, timeoutMs }, plan[unit].revision));
    return contexts.get(unit)!;
  };
  const missingOf = (check: Check) => missingCapabilities(check, opts.capabilities, opts.config);
  /** Runs these checks of one plan unit, one after another, in that unit's own context (made once a check needs it). */
  const run = async (unit: number, checks: Check[]) => {
    for (const check of checks) {
      if (opts.signal?.aborted) return;
      const started = performance.now();
      const key = `${check.id}@${plan[unit].revision}`;
      // A check the run cannot offer what it needs is skipped whatever the positive control says.
      const missing = missingOf(check);
      const verdict = missing.length
        ? await guardedRun(async () => ({ status: 'skip', reason: missing.join('; ') }), { liveness: opts.liveness, key })
        : await contextOf(unit).then((ctx) => guardedRun(() => judge(check, ctx, opts), { liveness: opts.liveness, broken: ctx.control.broken, key }));
      if (opts.signal?.aborted) return;
      slots[unit][plan[unit].checks.indexOf(check)] = toResult(check, plan[unit].revision, verdict, performance.now() - started, opts.config.strict);
      report();
    }
  };
  const relied = new Set(opts.checks.flatMap((c) => c.relies ?? []));
  const phaseOf = (c: Check): Phase => {
    if (c.spends?.some((a) => relied.has(a))) return 'spends';
    return opts.overlap === false ? undefined : c.schedule;
  };
  const lane = (phase: Phase) => plan.map((p, unit) => ({ unit, checks: p.checks.filter((c) => phaseOf(c) === phase) }));
  const inTurn = async (units: { unit: number; checks: Check[] }[]) => {
    for (const u of units) await run(u.unit, u.checks);
  };
  // What waits out time windows starts at once, every check beside the others (in its unit's
  // context); the rest runs in turn, then what measures latency (with only the waiting going on),
  // then what must be alone, then what spends an allowance of the target's that a check relies on
  // (in every revision). The rest never runs beside itself, not even a check's copies in other
  // revisions: what one sends changes what another sees (a server that routes answers by request
  // id alone crosses them between revisions, and a burst of calls delays every other request).
  const waiting = lane('waits').flatMap((u) => u.checks.map((check) => run(u.unit, [check])));
  await Promise.all([Promise.all(waiting), inTurn(lane(undefined)).then(() => inTurn(lane('timing')))]);
  // Their positive controls come first: what runs alone may change what a valid token is (the key).
  for (const u of lane('spends')) if (u.checks.some((c) => !missingOf(c).length)) await contextOf(u.unit);
  await inTurn(lane('alone'));
  await inTurn(lane('spends'));
  return slots.flat().filter((r) => r !== undefined); // an interrupted run leaves holes
}

/** When a check runs: its schedule, or after everything when it spends what another relies on. */
type Phase = Schedule | 'spends' | undefined;

interface FamilyContext extends CheckContext {
  control: { ok: boolean; verdict: Verdict; broken?: string };
}

async function familyContext(opts: RunChecksOptions, revision: Revision): Promise<FamilyContext> {
  const probe = new Probe({ url: opts.url, revision, timeoutMs: opts.timeoutMs, redact: opts.redact });
  const request = opts.probeRequest ?? { method: 'tools/list', params: {} };
  const token = await opts.forge.valid(opts.identity);
  const opened = await probe.open({ token, label: 'valid token' });
  const session = opened.id;
  const ctx: CheckContext = {
    probe,
    forge: opts.forge,
    issuer: opts.issuer,
    revision,
    identity: opts.identity,
    identities: opts.identities,
    config: opts.config,
    clockSkewSeconds: opts.clockSkewSeconds,
    resource: opts.resource,
    session,
    baseline: opts.baseline,
    claimNames: opts.claimNames,
    attempt: (o: SendOptions) => {
      const withSession = { session, ...o };
      return o.method === 'GET' || o.method === 'DELETE' ? probe.send(undefined, withSession) : probe.call(request.method, request.params, withSession);
    },
    whoami: (o: SendOptions) => {
      if (!opts.oracle) throw new Error('no identity oracle configured');
      return probe.callTool(opts.oracle.tool, opts.oracle.arguments, { session, ...o });
    },
    identityOf: (r: McpResponse) => (opts.oracle ? subjectOf(r, opts.oracle.subjectPath) : undefined),
  };
  const attempts = [{ label: 'open with a valid token', response: opened.response }];
  if (succeeded(opened.response)) {
    attempts.push({ label: `${request.method} with a valid token`, response: await ctx.attempt({ token, label: 'valid token' }) });
  }
  const ok = attempts.every((a) => succeeded(a.response));
  const verdict = withEvidence(
    ok ? { status: 'pass' } : { status: 'error', reason: `positive control failed: a valid token was not accepted (HTTP ${attempts.at(-1)!.response.status}${attempts.at(-1)!.response.error ? `, ${attempts.at(-1)!.response.error}` : ''}), so refusals prove nothing` },
    attempts,
  );
  return { ...ctx, control: { ok, verdict, broken: ok ? undefined : brokenBy(attempts.at(-1)!.response) } };
}

async function judge(check: Check, ctx: FamilyContext, opts: RunChecksOptions): Promise<Verdict> {
  if (check.guarded !== false && !ctx.control.ok) return ctx.control.verdict;
  const limit = opts.checkTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.run(ctx),
      whenAborted<Verdict>(opts.signal, { status: 'error', reason: 'interrupted' }),
      new Promise<Verdict>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'error', reason: `check did not finish within ${limit} ms` }), limit);
      }),
    ]);
  } catch (e) {
    // The profile cannot make a token this check needs (re-signed claims under oauth/static).
    if (e instanceof CannotForge) return { status: 'skip', reason: e.reason };
    return { status: 'error', reason: `the check crashed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    clearTimeout(timer);
  }
}

function subjectOf(r: McpResponse, path: string): string | undefined {
  const v = readPath(toolData(r), path);
  return v === undefined ? undefined : String(v);
}
