// Family `sessions`: many identities at once never see each other's identity, and a session
// (or state handle) belongs to the principal that opened it — sessions are not authentication.
import crypto from 'node:crypto';
import type { CheckContext, Identity, Verdict } from '../src/check.ts';
import { defineFamily, settingsOf, type CheckSpec } from '../src/family.ts';
import type { ResolvedConfig } from '../src/config/config.ts';
import { int, section, text, toolCall } from '../src/config/schema-kit.ts';
import { rbacTable } from './rbac.ts';
import type { ToolCall } from '../src/config/config.ts';
import { ALL_REVISIONS, SESSION_REVISIONS } from '../src/define.ts';
import { callAs, otherIdentity, signIn, type Principal } from '../src/principal.ts';
import { Probe, succeeded, type McpResponse } from '../src/probe/probe.ts';
import { toolData } from '../src/probe/tool-result.ts';
import { readPath } from '../src/runner/read-path.ts';
import { refused, withEvidence, worst, type Attempt } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: SESSION_REVISIONS, needs: [] };

// 250 calls in flight, each request id shared by 25 callers at once: both reference flaws cross
// 60–100 % of answers at this size (and the corpus finds its two real crossings at 10 × 5), where
// 1,000 calls took three times as long for nothing more found (bench/isolation-size.ts).
export const CONCURRENCY_DEFAULTS = { identities: 25, callsPerIdentity: 10, sessionsPerIdentity: 1 };
/** A thousand calls in flight already take seconds; beyond these the run would only eat memory. */
const MAX_CALLS = 20_000;
const MAX_SESSIONS = 5_000;

const sessionsSettings = section({
  /** The concurrent-identities check: N identities × M interleaved calls over S sessions each. */
  concurrency: section({
    identities: int(1, 1000).default(CONCURRENCY_DEFAULTS.identities),
    callsPerIdentity: int(1, 1000).default(CONCURRENCY_DEFAULTS.callsPerIdentity),
    sessionsPerIdentity: int(1, 100).default(CONCURRENCY_DEFAULTS.sessionsPerIdentity),
  })
    .prefault({})
    .superRefine((c, issue) => {
      const calls = c.identities * c.callsPerIdentity;
      const sessions = c.identities * c.sessionsPerIdentity;
      if (calls > MAX_CALLS) issue.addIssue({ code: 'custom', message: `asks for identities × callsPerIdentity = ${calls} calls in flight; at most ${MAX_CALLS}` });
      else if (sessions > MAX_SESSIONS) issue.addIssue({ code: 'custom', message: `asks for identities × sessionsPerIdentity = ${sessions} sessions; at most ${MAX_SESSIONS}` });
    }),
  /**
   * Tools that keep per-caller state. `write` gets "${marker}" replaced in its arguments and
   * returns a handle at `handlePath`; `read` is called with the handle as `handleArgument`.
   */
  state: section({ write: toolCall, handlePath: text(), read: toolCall.extend({ handleArgument: text() }) }).optional(),
  /**
   * A tool answering 2026-07-28 input_required with a requestState, whose result (once the state is
   * echoed back) names the caller at `subjectPath`.
   */
  requestState: toolCall.extend({ subjectPath: text().default('sub') }).optional(),
}).prefault({});

function sessionSettings(config: ResolvedConfig) {
  return settingsOf(config, 'sessions', sessionsSettings);
}

/** How an answer proves whose it was: the oracle names the caller, or RBAC outcomes differ. */
interface Isolation {
  identities: Identity[];
  call: ToolCall;
  /** undefined: the call broke (counted as an error); otherwise whether it matched its caller and what was seen. */
  judge(p: Principal, r: McpResponse): { match: boolean; seen: string } | undefined;
}

function byOracle(ctx: CheckContext, n: number): Isolation | undefined {
  const oracle = ctx.config.oracle;
  if (!oracle) return undefined;
  return {
    identities: Array.from({ length: n }, (_, i) => ({
      name: `concurrent-${i}`,
      subject: `${ctx.identity.subject}-concurrent-${String(i).padStart(4, '0')}`,
      roles: ctx.identity.roles,
    })),
    call: { tool: oracle.tool, arguments: oracle.arguments },
    judge: (p, r) => {
      if (!succeeded(r)) return undefined;
      const seen = ctx.identityOf(r) ?? '(nobody)';
      return { match: seen === p.identity.subject, seen };
    },
  };
}

/**
 * Without an oracle: identities the RBAC table treats differently call the same tool. Identities it
 * allows nothing are left out: a server may refuse them at sign-in (no base scope).
 */
function byRbac(ctx: CheckContext, n: number): Isolation | undefined {
  const rules = rbacTable(ctx.config)?.rules ?? [];
  const allows = (rule: (typeof rules)[number], i: Identity) => rule.allow.includes('*') || rule.allow.includes(i.name);
  const members = ctx.identities.filter((i) => rules.some((r) => allows(r, i)));
  const rule = rules.find((r) => {
    const allowed = members.filter((i) => allows(r, i));
    return allowed.length > 0 && allowed.length < members.length;
  });
  if (!rule) return undefined;
  return {
    identities: Array.from({ length: n }, (_, i) => members[i % members.length]),
    call: rule,
    judge: (p, r) => {
      if ((r.error && !r.status) || r.status >= 500) return undefined;
      const seen = succeeded(r) ? 'allowed' : 'denied';
      return { match: (seen === 'allowed') === allows(rule, p.identity), seen };
    },
  };
}

const concurrent: CheckSpec = {
  ...base,
  revisions: ALL_REVISIONS,
  needs: ['mint'], // it mints its N identities
  id: 'sessions.concurrent.isolation',
  title: 'N identities × M interleaved calls, all in flight at once, every client counting its request ids from 1: every answer belongs to its own caller',
  spec: specOf(req.MCP_NO_DATA_TO_UNAUTHORIZED, refs.JSON_RPC_ID, refs.CWE_362, refs.CWE_488),
  requirement: req.MCP_NO_DATA_TO_UNAUTHORIZED,
  impact: "Under ordinary concurrent use, users receive each other's tool results, data and identity.",
  fix: 'Keep every request\'s caller and its pending answer in per-request (per-session) state: never in module-level variables or in tables keyed by the client-chosen JSON-RPC id alone.',
  severity: 'high',
  flaw: 'shared-request-id-routing',
  async run(ctx) {
    const cfg = sessionSettings(ctx.config).concurrency;
    const isolation = byOracle(ctx, cfg.identities) ?? byRbac(ctx, cfg.identities);
    if (!isolation) return { status: 'skip', reason: 'needs an identity oracle, or an rbac rule that allows some configured identities and denies others' };
    const started = performance.now();
    // One client per session (per identity where there are none), each counting JSON-RPC ids from 1
    // as real clients do, so concurrent requests collide on their ids. A thousand requests in flight
    // at once queue up: allow each one longer than a single probe.
    const client = () => new Probe({ url: ctx.probe.url, revision: ctx.revision, timeoutMs: 30_000, redact: ctx.probe.redact });
    // One after another: the check is about the calls, not about answers to initialize crossing.
    const principals: { p: Principal; probe: Probe }[] = [];
    for (const identity of isolation.identities) {
      for (let s = 0; s < cfg.sessionsPerIdentity; s++) {
        const probe = client();
        const signed = await signIn(ctx, identity, probe);
        if (!signed.principal) return withEvidence({ status: 'error', reason: `a concurrent identity could not sign in (HTTP ${signed.response.status})` }, [{ label: 'sign in', response: signed.response }]);
        principals.push({ p: signed.principal, probe });
      }
    }
    const sessionsOf = (i: number) => principals.slice(i * cfg.sessionsPerIdentity, (i + 1) * cfg.sessionsPerIdentity);

    // Interleaved: call j of every identity before call j+1 of any, all fired together.
    const calls: { p: Principal; response: Promise<McpResponse> }[] = [];
    for (let j = 0; j < cfg.callsPerIdentity; j++) {
      for (let i = 0; i < isolation.identities.length; i++) {
        const sessions = sessionsOf(i);
        const { p, probe } = sessions[j % sessions.length];
        calls.push({ p, response: callAs(ctx, p, isolation.call, {}, probe) });
      }
    }
    const answers = await Promise.all(calls.map(async (c) => ({ p: c.p, response: await c.response })));
    const judged = answers.map((a) => ({ ...a, verdict: isolation.judge(a.p, a.response) }));
    const mismatches = judged.filter((a) => a.verdict && !a.verdict.match);
    const failed = judged.filter((a) => !a.verdict);
    const evidence = {
      oracle: ctx.config.oracle ? 'whoami' : `rbac outcome of ${isolation.call.tool}`,
      identities: cfg.identities,
      sessions: principals.filter(({ p }) => p.session).length,
      calls: answers.length,
      requestIds: 'each client counts from 1: concurrent requests share ids',
      mismatches: mismatches.length,
      errors: failed.length,
      durationMs: Math.round(performance.now() - started),
      examples: mismatches.slice(0, 5).map((m) => ({ caller: m.p.identity.subject, seen: m.verdict!.seen })),
      // The first calls that broke, as exchanges: what an error verdict is about.
      exchanges: failed.slice(0, 2).map((f) => f.response.exchange),
    };
    let v: Verdict = { status: 'pass' };
    if (mismatches.length) v = { status: 'fail', reason: `${mismatches.length} of ${answers.length} answers belonged to another caller (e.g. ${evidence.examples[0].caller} saw ${evidence.examples[0].seen})` };
    else if (failed.length) v = { status: 'error', reason: `${failed.length} of ${answers.length} calls failed (first: HTTP ${failed[0].response.status}${failed[0].response.error ? `, ${failed[0].response.error}` : ''})` };
    return { ...v, evidence: { ...evidence, ...(failed.length ? { exchanges: [failed[0].response.exchange] } : {}) } };
  },
};

/** A (the default identity) with a fresh session, and B, another principal, with a valid token. */
async function twoPrincipals(ctx: CheckContext): Promise<{ a: Principal; b: Principal } | Verdict> {
  const a = await signIn(ctx, ctx.identity);
  if (!a.principal) return withEvidence({ status: 'error', reason: `${ctx.identity.name} could not sign in` }, [{ label: 'sign in', response: a.response }]);
  if (!a.principal.session) return { status: 'skip', reason: 'the target issues no session id (stateless)' };
  const other = otherIdentity(ctx);
  return { a: a.principal, b: { identity: other, token: await ctx.forge.valid(other), session: a.principal.session } };
}

const isVerdict = (v: object): v is Verdict => 'status' in v;

/** A check body that needs A's live session and B's token; skips where there are no sessions. */
function withTwoPrincipals(body: (ctx: CheckContext, a: Principal, b: Principal) => Promise<Verdict>) {
  return async (ctx: CheckContext): Promise<Verdict> => {
    const pair = await twoPrincipals(ctx);
    return isVerdict(pair) ? pair : body(ctx, pair.a, pair.b);
  };
}

function stateOf(ctx: CheckContext) {
  return sessionSettings(ctx.config).state;
}

function marker(): string {
  return `marker-${crypto.randomBytes(8).toString('hex')}`;
}

function withMarker(call: ToolCall, value: string): ToolCall {
  const args = JSON.parse(JSON.stringify(call.arguments ?? {}).replaceAll('${marker}', value)) as Record<string, unknown>;
  return { tool: call.tool, arguments: args };
}

const foreignToken: CheckSpec = {
  ...base,
  id: 'sessions.binding.foreign-token',
  title: "Another principal's valid token on A's session never sees A's identity or state",
  spec: specOf(req.MCP_VERIFY_EVERY_REQUEST, req.MCP_BIND_SESSIONS, refs.PYTHON_SDK_2100),
  requirement: req.MCP_VERIFY_EVERY_REQUEST,
  impact: 'Anyone who learns a session id acts as the user who opened it, or reads what that user stored in the session.',
  fix: "Authorize every request by its own token and bind each session to the principal that opened it (another principal's token on it gets 404).",
  severity: 'high',
  flaw: 'session-not-bound',
  run: withTwoPrincipals(async (ctx, a, b) => {
    const state = stateOf(ctx);
    const secret = marker();
    const attempts: Attempt[] = [];
    if (state) attempts.push({ label: `${a.identity.name} stores a marker in its session`, response: await callAs(ctx, a, withMarker(state.write, secret)) });
    const oracle = ctx.config.oracle;
    const verdicts: Verdict[] = [];
    if (oracle) {
      const response = await callAs(ctx, b, { tool: oracle.tool, arguments: oracle.arguments });
      attempts.push({ label: `${b.identity.name}'s token on ${a.identity.name}'s session: whoami`, response });
      const who = ctx.identityOf(response);
      if (succeeded(response) && who === a.identity.subject) verdicts.push({ status: 'fail', reason: `${b.identity.name}'s request ran as ${a.identity.name}` });
      else if (succeeded(response)) verdicts.push({ status: 'fail', reason: `the session answered another principal (${b.identity.name}); sessions should be bound to their principal`, requirement: req.MCP_BIND_SESSIONS });
    }
    if (state) {
      const response = await callAs(ctx, b, { tool: state.read.tool, arguments: state.read.arguments });
      attempts.push({ label: `${b.identity.name}'s token on ${a.identity.name}'s session: read the session's state`, response });
      if (JSON.stringify(toolData(response) ?? '').includes(secret)) verdicts.push({ status: 'fail', reason: `${b.identity.name} read ${a.identity.name}'s session state` });
    }
    if (!oracle && !state) {
      const response = await ctx.probe.call('tools/list', {}, { token: b.token, session: b.session, label: `${b.identity.name}'s token` });
      attempts.push({ label: `${b.identity.name}'s token on ${a.identity.name}'s session`, response });
      if (succeeded(response)) verdicts.push({ status: 'fail', reason: 'the session answered another principal; configure an oracle or sessions.state to check for leaks', requirement: req.MCP_BIND_SESSIONS });
    }
    return withEvidence(worst(verdicts), attempts);
  }),
};

const noToken: CheckSpec = {
  ...base,
  id: 'sessions.binding.no-token',
  title: 'A session id without a token is refused (the session is not a credential)',
  spec: specOf(req.MCP_VERIFY_EVERY_REQUEST),
  requirement: req.MCP_VERIFY_EVERY_REQUEST,
  impact: "Anyone who learns a session id uses the server as that session's user without any token.",
  fix: 'Require a valid token on every request whatever session it names; a session id is never a credential.',
  severity: 'high',
  flaw: 'session-id-as-credential',
  run: withTwoPrincipals(async (ctx, a) =>
    refused([{ label: `${a.identity.name}'s session id, no Authorization`, response: await ctx.probe.call('tools/list', {}, { session: a.session }) }]),
  ),
};

const getForeign: CheckSpec = {
  ...base,
  id: 'sessions.binding.get-foreign',
  title: "A's GET stream is refused to another principal's token",
  spec: specOf(req.MCP_BIND_SESSIONS, refs.MCP_TRANSPORTS_LISTENING),
  requirement: req.MCP_BIND_SESSIONS,
  impact: "Another user who learns a session id reads that session's server-to-client stream: notifications, sampling and elicitation requests meant for its owner.",
  fix: "Bind each session to the principal that opened it and answer another principal's token on it with 404 (as for an unknown session).",
  severity: 'high',
  flaw: 'session-not-bound',
  run: withTwoPrincipals(async (ctx, a, b) => {
    return refused([{ label: `${b.identity.name}'s token, GET ${a.identity.name}'s stream`, response: await ctx.probe.send(undefined, { method: 'GET', token: b.token, session: a.session, label: `${b.identity.name}'s token` }) }]);
  }),
};

const deleteForeign: CheckSpec = {
  ...base,
  id: 'sessions.binding.delete-foreign',
  title: "A's session cannot be deleted with another principal's token, and survives the attempt",
  spec: specOf(req.MCP_BIND_SESSIONS, refs.MCP_TRANSPORTS_SESSIONS),
  requirement: req.MCP_BIND_SESSIONS,
  impact: 'Another user who learns a session id can end that session, cutting its owner off mid-work.',
  fix: "Bind each session to the principal that opened it and refuse (404) a DELETE with another principal's token.",
  severity: 'high',
  flaw: 'session-not-bound',
  run: withTwoPrincipals(async (ctx, a, b) => {
    const del = await ctx.probe.send(undefined, { method: 'DELETE', token: b.token, session: a.session, label: `${b.identity.name}'s token` });
    const after = await ctx.probe.call('tools/list', {}, { token: a.token, session: a.session, label: `${a.identity.name}'s token` });
    const attempts = [
      { label: `${b.identity.name}'s token, DELETE ${a.identity.name}'s session`, response: del },
      { label: `${a.identity.name}'s session afterwards`, response: after },
    ];
    const alive: Verdict = succeeded(after) ? { status: 'pass' } : { status: 'fail', reason: `${a.identity.name}'s session stopped working after ${b.identity.name}'s DELETE (HTTP ${after.status})` };
    return withEvidence(worst([refused(attempts.slice(0, 1)), alive]), attempts);
  }),
};

const deleteEnds: CheckSpec = {
  ...base,
  id: 'sessions.delete.ends-session',
  title: 'After its owner deletes a session, the session id is refused',
  spec: specOf(req.MCP_ENDED_SESSION_404),
  requirement: req.MCP_ENDED_SESSION_404,
  impact: 'A session its owner ended keeps working: a leaked session id outlives logout.',
  fix: "Drop the session's state on DELETE and answer any later request naming it with 404.",
  severity: 'medium',
  flaw: 'session-survives-delete',
  run: withTwoPrincipals(async (ctx, a) => {
    const del = await ctx.probe.send(undefined, { method: 'DELETE', token: a.token, session: a.session, label: `${a.identity.name}'s token` });
    if (del.status === 405) return withEvidence({ status: 'skip', reason: 'the target does not let clients delete sessions (405)' }, [{ label: 'DELETE', response: del }]);
    const after = await ctx.probe.call('tools/list', {}, { token: a.token, session: a.session, label: `${a.identity.name}'s token` });
    const attempts = [
      { label: `${a.identity.name} deletes its session`, response: del },
      { label: 'the deleted session id, valid token', response: after },
    ];
    if (!succeeded(del)) return withEvidence({ status: 'fail', reason: `the owner's DELETE was answered HTTP ${del.status}` }, attempts);
    return withEvidence(refused(attempts.slice(1)), attempts);
  }),
};

/** A tool the rbac table allows `higher` and denies `lower` (both configured identities). */
interface PrivilegeGap {
  call: ToolCall;
  higher: Identity;
  lower: Identity;
}

/** Every rbac rule that allows one configured identity and denies another, in table order. */
function privilegeGaps(ctx: CheckContext): PrivilegeGap[] {
  return (rbacTable(ctx.config)?.rules ?? []).flatMap((rule) => {
    const allows = (i: Identity) => rule.allow.includes('*') || rule.allow.includes(i.name);
    const higher = ctx.identities.find(allows);
    const lower = ctx.identities.find((i) => !allows(i));
    return higher && lower ? [{ call: rule, higher, lower }] : [];
  });
}

function privilegeGap(ctx: CheckContext): PrivilegeGap | undefined {
  return privilegeGaps(ctx)[0];
}

const NO_GAP = 'needs an rbac rule that allows one configured identity and denies another';

/** H opens a session and proves it can run the call there; the verdict is about what `attempt` then gets. */
async function privilegedSession(ctx: CheckContext, gap: PrivilegeGap): Promise<{ session: Principal; attempts: Attempt[] } | Verdict> {
  const opened = await signIn(ctx, gap.higher);
  const attempts: Attempt[] = [{ label: `${gap.higher.name} opens a session`, response: opened.response }];
  if (!opened.principal) return withEvidence({ status: 'error', reason: `${gap.higher.name} could not sign in (HTTP ${opened.response.status})` }, attempts);
  if (!opened.principal.session) return { status: 'skip', reason: 'the target issues no session id (stateless)' };
  const own = await callAs(ctx, opened.principal, gap.call);
  attempts.push({ label: `${gap.higher.name} calls ${gap.call.tool} on its own session`, response: own });
  if (!succeeded(own)) return withEvidence({ status: 'error', reason: `${gap.higher.name} could not call ${gap.call.tool}, which the table allows it (HTTP ${own.status})` }, attempts);
  return { session: opened.principal, attempts };
}

const privilegeForeign: CheckSpec = {
  ...base,
  id: 'sessions.privilege.foreign-principal',
  title: "A lower-privileged principal's valid token on a higher-privileged principal's session cannot run what only the higher one may",
  spec: specOf(req.OAUTH_VALIDATE_SCOPE, req.MCP_TOKEN_EVERY_REQUEST, req.MCP_BIND_SESSIONS, refs.PYTHON_SDK_2100, refs.PYTHON_SDK_2208),
  requirement: req.OAUTH_VALIDATE_SCOPE,
  impact: "Any user who learns an administrator's session id runs the administrator's tools with their own ordinary token.",
  fix: "Authorize every request with its own token's identity and privileges, and bind each session to the principal that opened it.",
  severity: 'high',
  flaw: 'session-runs-as-opener',
  async run(ctx) {
    const gap = privilegeGap(ctx);
    if (!gap) return { status: 'skip', reason: NO_GAP };
    const opened = await privilegedSession(ctx, gap);
    if (isVerdict(opened)) return opened;
    const lower: Principal = { identity: gap.lower, token: await ctx.forge.valid(gap.lower), session: opened.session.session };
    const response = await callAs(ctx, lower, gap.call);
    const attempts = [...opened.attempts, { label: `${gap.lower.name}'s token on ${gap.higher.name}'s session calls ${gap.call.tool}`, response }];
    if (response.error && !response.status) return withEvidence({ status: 'error', reason: response.error }, attempts);
    const v: Verdict = succeeded(response)
      ? { status: 'fail', reason: `${gap.lower.name}'s token ran ${gap.call.tool} on ${gap.higher.name}'s session; the table denies it to ${gap.lower.name}` }
      : { status: 'pass' };
    return withEvidence(v, attempts);
  },
};

const privilegeStale: CheckSpec = {
  ...base,
  needs: ['mint'],
  id: 'sessions.privilege.stale-authorization',
  title: "A session never keeps privileges its current token lacks: the opener's later token with fewer roles cannot run the privileged call",
  spec: specOf(req.OAUTH_VALIDATE_SCOPE, req.MCP_TOKEN_EVERY_REQUEST, refs.PYTHON_SDK_2208),
  requirement: req.OAUTH_VALIDATE_SCOPE,
  impact: 'Privileges revoked at the authorization server stay usable for as long as a session opened before the revocation lives.',
  fix: "Read identity and privileges from each request's own verified token, never from what the session saw when it was opened.",
  severity: 'high',
  flaw: 'session-keeps-first-identity',
  async run(ctx) {
    const gap = privilegeGap(ctx);
    if (!gap) return { status: 'skip', reason: NO_GAP };
    // The opener's subject with the lower identity's roles: what a token minted after a revocation carries.
    const demoted: Identity = { ...gap.higher, roles: gap.lower.roles };
    const token = await ctx.forge.valid(demoted);
    const label = `${gap.higher.name}'s token with ${gap.lower.name}'s roles`;
    const alone = await signIn(ctx, demoted);
    const control = alone.principal ? await callAs(ctx, alone.principal, gap.call, { label }) : alone.response;
    const attempts: Attempt[] = [{ label: `${label}, on a session of its own, calls ${gap.call.tool}`, response: control }];
    if (control.error && !control.status) return withEvidence({ status: 'error', reason: control.error }, attempts);
    if (succeeded(control)) return withEvidence({ status: 'skip', reason: `the target does not take the right to call ${gap.call.tool} from the token's roles (${ctx.claimNames.roles})` }, attempts);
    const opened = await privilegedSession(ctx, gap);
    if (isVerdict(opened)) return opened;
    const response = await callAs(ctx, { ...opened.session, token }, gap.call, { label });
    attempts.push(...opened.attempts, { label: `${label}, on the session ${gap.higher.name} opened, calls ${gap.call.tool}`, response });
    if (response.error && !response.status) return withEvidence({ status: 'error', reason: response.error }, attempts);
    const v: Verdict = succeeded(response)
      ? { status: 'fail', reason: `the session still ran ${gap.call.tool} for a token that lacks the roles for it: it kept the authorization it was opened with` }
      : { status: 'pass' };
    return withEvidence(v, attempts);
  },
};

const SAMPLE = 12;

const entropy: CheckSpec = {
  ...base,
  id: 'sessions.id.entropy',
  title: `Session ids are unguessable: ${SAMPLE} ids, visible ASCII, unique, ≥ 64 bits of variation`,
  spec: specOf(req.MCP_SECURE_SESSION_IDS, refs.MCP_TRANSPORTS_SESSIONS, refs.OWASP_ASVS_3_2_2),
  requirement: req.MCP_SECURE_SESSION_IDS,
  impact: "Session ids can be guessed or enumerated, so other users' sessions can be found and, where sessions are not bound, taken over.",
  fix: 'Generate session ids from a cryptographically secure random source (e.g. crypto.randomUUID()), never from counters or timestamps.',
  severity: 'medium',
  flaw: 'sequential-session-ids',
  async run(ctx) {
    const ids: string[] = [];
    for (let i = 0; i < SAMPLE; i++) {
      const s = await signIn(ctx, ctx.identity);
      if (!s.principal) return withEvidence({ status: 'error', reason: 'could not open a session with a valid token' }, [{ label: 'sign in', response: s.response }]);
      if (!s.principal.session) return { status: 'skip', reason: 'the target issues no session id (stateless)' };
      ids.push(s.principal.session);
    }
    const bits = variationBits(ids);
    const evidence = { sampled: ids.length, length: ids[0].length, estimatedBits: Math.round(bits) };
    if (ids.some((id) => !/^[\x21-\x7e]+$/.test(id))) return { status: 'fail', reason: 'a session id has characters outside visible ASCII (0x21–0x7E)', evidence };
    if (new Set(ids).size !== ids.length) return { status: 'fail', reason: 'the same session id was issued twice', evidence };
    if (bits < 64) return { status: 'fail', reason: `session ids vary in about ${Math.round(bits)} bits only (guessable)`, evidence };
    return { status: 'pass', evidence };
  },
};

/** Bits in the part of the ids that varies: length of the non-common part × log2(its alphabet). */
export function variationBits(ids: string[]): number {
  let prefix = 0;
  while (ids.every((id) => id[prefix] !== undefined && id[prefix] === ids[0][prefix])) prefix++;
  const varying = ids.map((id) => id.slice(prefix));
  const alphabet = new Set(varying.join('')).size;
  const length = Math.min(...varying.map((v) => v.length));
  return alphabet > 1 ? length * Math.log2(alphabet) : 0;
}

const stateHandle: CheckSpec = {
  ...base,
  revisions: ALL_REVISIONS,
  id: 'sessions.state-handle.foreign',
  title: "A state handle issued to A gives another principal nothing of A's",
  spec: specOf(req.MCP_NO_DATA_TO_UNAUTHORIZED, refs.OWASP_API1),
  requirement: req.MCP_NO_DATA_TO_UNAUTHORIZED,
  impact: "Anyone who obtains a state handle reads (or acts on) another user's stored state.",
  fix: 'Store state per principal and check on every read that the handle belongs to the calling principal.',
  severity: 'high',
  flaw: 'state-handle-not-bound',
  async run(ctx) {
    const state = stateOf(ctx);
    if (!state) return { status: 'skip', reason: 'no state tools configured (sessions.state); nothing issues handles' };
    const a = await signIn(ctx, ctx.identity);
    const other = otherIdentity(ctx);
    const b = await signIn(ctx, other);
    if (!a.principal || !b.principal) return { status: 'error', reason: 'could not sign in both principals with valid tokens' };
    const secret = marker();
    const written = await callAs(ctx, a.principal, withMarker(state.write, secret));
    const handle = readPath(toolData(written), state.handlePath);
    const attempts: Attempt[] = [{ label: `${ctx.identity.name} stores a marker`, response: written }];
    if (handle === undefined) return withEvidence({ status: 'error', reason: `the write tool returned no handle at ${state.handlePath}` }, attempts);
    const read = (p: Principal) => callAs(ctx, p, { tool: state.read.tool, arguments: { ...state.read.arguments, [state.read.handleArgument]: handle } });
    const own = await read(a.principal);
    const foreign = await read(b.principal);
    attempts.push({ label: `${ctx.identity.name} reads its own handle`, response: own }, { label: `${other.name} reads ${ctx.identity.name}'s handle`, response: foreign });
    const has = (r: McpResponse) => JSON.stringify(toolData(r) ?? '').includes(secret);
    if (!has(own)) return withEvidence({ status: 'error', reason: 'the owner could not read its own state back: the state tools do not work as configured' }, attempts);
    return withEvidence(has(foreign) ? { status: 'fail', reason: `${other.name} read ${ctx.identity.name}'s state through the handle` } : { status: 'pass' }, attempts);
  },
};

/** The requestState of an input_required answer, if that is what came. */
function requestStateOf(r: McpResponse): string | undefined {
  const result = r.answer?.result;
  return result?.resultType === 'input_required' && typeof result.requestState === 'string' ? result.requestState : undefined;
}

/**
 * The state as an attacker rewrites it: the first segment that decodes (base64url) to text naming
 * `from` gets `to` instead and is encoded again; else its last character is changed.
 */
export function rewrittenState(state: string, from: string, to: string): string {
  const segments = state.split('.');
  for (const [i, segment] of segments.entries()) {
    const text = Buffer.from(segment, 'base64url').toString();
    if (!text.includes(JSON.stringify(from))) continue;
    const copy = [...segments];
    copy[i] = Buffer.from(text.replaceAll(JSON.stringify(from), JSON.stringify(to))).toString('base64url');
    return copy.join('.');
  }
  return state.slice(0, -1) + (state.endsWith('A') ? 'B' : 'A');
}

interface StateRound {
  call: ToolCall & { subjectPath: string };
  first: McpResponse;
  state: string;
  own: McpResponse;
}

/** A's first round and A's own echo of its state (which must work, or the tool is not what the config says). */
async function stateRound(ctx: CheckContext, a: Principal): Promise<StateRound | Verdict> {
  const call = sessionSettings(ctx.config).requestState;
  if (!call) return { status: 'skip', reason: 'no requestState tool configured (sessions.requestState)' };
  const first = await callAs(ctx, a, call);
  const state = requestStateOf(first);
  if (!state) return withEvidence({ status: 'skip', reason: `${call.tool} answered without an input_required requestState` }, [{ label: `${a.identity.name} calls ${call.tool}`, response: first }]);
  const own = await echoState(ctx, a, call, state, `${a.identity.name} echoes its own requestState`);
  const attempts = [{ label: `${a.identity.name} calls ${call.tool}`, response: first }, { label: `${a.identity.name} echoes its own requestState`, response: own }];
  if (subjectIn(own, call.subjectPath) !== a.identity.subject) {
    return withEvidence({ status: 'error', reason: `echoing its own requestState did not give ${a.identity.name}'s answer: the tool does not work as configured` }, attempts);
  }
  return { call, first, state, own };
}

function echoState(ctx: CheckContext, p: Principal, call: ToolCall, requestState: string, label: string): Promise<McpResponse> {
  return ctx.probe.call('tools/call', { name: call.tool, arguments: call.arguments ?? {}, requestState }, { token: p.token, session: p.session, label });
}

function subjectIn(r: McpResponse, path: string): string | undefined {
  if (!succeeded(r)) return undefined;
  const v = readPath(toolData(r), path);
  return v === undefined ? undefined : String(v);
}

const stateIntegrity: CheckSpec = {
  ...base,
  revisions: ['2026-07-28'],
  id: 'sessions.request-state.integrity',
  title: 'A requestState rewritten by the client (another subject put in) is refused, never believed',
  spec: specOf(req.MCP_REQUEST_STATE_INTEGRITY, refs.CWE_345),
  requirement: req.MCP_REQUEST_STATE_INTEGRITY,
  impact: "Anyone can rewrite the state a server handed out and continue another user's operation as that user.",
  fix: 'Seal requestState with a MAC or AEAD (e.g. the SDK\'s createRequestStateCodec) and reject any state that fails verification before the handler runs.',
  severity: 'high',
  flaw: 'request-state-unsigned',
  async run(ctx) {
    const a = { identity: ctx.identity, token: await ctx.forge.valid(ctx.identity) };
    const round = await stateRound(ctx, a);
    if (isVerdict(round)) return round;
    const other = otherIdentity(ctx);
    const forged = rewrittenState(round.state, a.identity.subject, other.subject);
    const response = await echoState(ctx, a, round.call, forged, `${a.identity.name} echoes a rewritten requestState`);
    const attempts = [
      { label: `${a.identity.name} calls ${round.call.tool}`, response: round.first },
      { label: `${a.identity.name} echoes its own requestState`, response: round.own },
      { label: `${a.identity.name} echoes its requestState rewritten to name ${other.name}`, response },
    ];
    const seen = subjectIn(response, round.call.subjectPath);
    const v: Verdict = seen !== undefined && seen !== a.identity.subject
      ? { status: 'fail', reason: `a requestState rewritten by the client was believed: the answer names ${JSON.stringify(seen)}` }
      : { status: 'pass' };
    return withEvidence(v, attempts);
  },
};

const stateBinding: CheckSpec = {
  ...base,
  revisions: ['2026-07-28'],
  id: 'sessions.request-state.bound',
  title: "Another principal echoing A's requestState gets nothing of A's",
  spec: specOf(req.MCP_REQUEST_STATE_BINDING, refs.OWASP_API1),
  requirement: req.MCP_REQUEST_STATE_BINDING,
  impact: "Whoever obtains another user's requestState (logs, a shared agent, a proxy) finishes that user's operation and receives its result.",
  fix: "Bind requestState to the authenticated principal when minting it (the codec's bind) and reject it when echoed by anyone else.",
  severity: 'high',
  flaw: 'request-state-unbound',
  async run(ctx) {
    const a = { identity: ctx.identity, token: await ctx.forge.valid(ctx.identity) };
    const round = await stateRound(ctx, a);
    if (isVerdict(round)) return round;
    const other = otherIdentity(ctx);
    const b = { identity: other, token: await ctx.forge.valid(other) };
    const response = await echoState(ctx, b, round.call, round.state, `${other.name}'s token`);
    const attempts = [
      { label: `${a.identity.name} calls ${round.call.tool}`, response: round.first },
      { label: `${a.identity.name} echoes its own requestState`, response: round.own },
      { label: `${other.name} echoes ${a.identity.name}'s requestState`, response },
    ];
    const v: Verdict = subjectIn(response, round.call.subjectPath) === a.identity.subject
      ? { status: 'fail', reason: `${other.name}, echoing ${a.identity.name}'s requestState, got ${a.identity.name}'s answer` }
      : { status: 'pass' };
    return withEvidence(v, attempts);
  },
};

/** The call ran to its end: a result that is not another input_required round. */
const completed = (r: McpResponse) => succeeded(r) && r.answer?.result?.resultType !== 'input_required';

const statePrivilege: CheckSpec = {
  ...base,
  revisions: ['2026-07-28'],
  id: 'sessions.privilege.request-state',
  title: "A lower-privileged principal's valid token echoing a higher-privileged principal's requestState cannot run what only the higher one may",
  spec: specOf(req.MCP_REQUEST_STATE_INTEGRITY, req.OAUTH_VALIDATE_SCOPE, req.MCP_REQUEST_STATE_BINDING),
  requirement: req.MCP_REQUEST_STATE_INTEGRITY,
  impact: "Anyone who obtains an administrator's requestState (logs, a shared agent, a proxy) completes the administrator's operation with their own ordinary token.",
  fix: 'Authorize every round of a multi-round request by its own token, never by what the requestState says an earlier round allowed, and bind the state to the principal it was issued to.',
  severity: 'high',
  flaw: 'request-state-carries-authorization',
  async run(ctx) {
    const gaps = privilegeGaps(ctx);
    if (!gaps.length) return { status: 'skip', reason: NO_GAP };
    const attempts: Attempt[] = [];
    for (const gap of gaps) {
      const higher: Principal = { identity: gap.higher, token: await ctx.forge.valid(gap.higher) };
      const first = await callAs(ctx, higher, gap.call);
      attempts.push({ label: `${gap.higher.name} calls ${gap.call.tool}`, response: first });
      const own = requestStateOf(first);
      if (own === undefined) continue;
      // A second state for the other principal: a server may let each state be used once.
      const second = await callAs(ctx, higher, gap.call);
      const ownEcho = await echoState(ctx, higher, gap.call, own, `${gap.higher.name}'s token`);
      attempts.push({ label: `${gap.higher.name} calls ${gap.call.tool} again`, response: second }, { label: `${gap.higher.name} echoes its own requestState`, response: ownEcho });
      const state = requestStateOf(second);
      if (state === undefined || !completed(ownEcho)) return withEvidence({ status: 'error', reason: `${gap.higher.name} could not complete ${gap.call.tool} by echoing its own requestState` }, attempts);
      const lower: Principal = { identity: gap.lower, token: await ctx.forge.valid(gap.lower) };
      const alone = await callAs(ctx, lower, gap.call);
      attempts.push({ label: `${gap.lower.name} calls ${gap.call.tool} without a state`, response: alone });
      if (completed(alone)) return withEvidence({ status: 'skip', reason: `${gap.lower.name} runs ${gap.call.tool} without any state: rbac.deny.enforced's finding, nothing here to compare` }, attempts);
      const response = await echoState(ctx, lower, gap.call, state, `${gap.lower.name}'s token`);
      attempts.push({ label: `${gap.lower.name} echoes ${gap.higher.name}'s requestState`, response });
      if (response.error && !response.status) return withEvidence({ status: 'error', reason: response.error }, attempts);
      const v: Verdict = completed(response)
        ? { status: 'fail', reason: `${gap.lower.name}'s token, echoing ${gap.higher.name}'s requestState, ran ${gap.call.tool}, which the table denies ${gap.lower.name}` }
        : { status: 'pass' };
      return withEvidence(v, attempts);
    }
    return withEvidence({ status: 'skip', reason: 'no tool the rbac table allows one identity and denies another answered input_required with a requestState' }, attempts);
  },
};

/** How many listed resources the cache-scope check reads (as two principals each). */
const MAX_RESOURCES = 10;

/** Whether the result names this subject (as a JSON string, also inside JSON text content). */
function mentions(r: McpResponse, subject: string): boolean {
  const serialized = JSON.stringify(r.answer?.result ?? null);
  const quoted = JSON.stringify(subject);
  return serialized.includes(quoted) || serialized.includes(JSON.stringify(quoted).slice(1, -1));
}

const cacheScope: CheckSpec = {
  ...base,
  revisions: ['2026-07-28'],
  id: 'sessions.cache-scope.private',
  title: 'A result that names its caller (cacheable, cacheScope "private") is never served to another principal',
  spec: specOf(req.MCP_NO_DATA_TO_UNAUTHORIZED, refs.CWE_524),
  requirement: req.MCP_NO_DATA_TO_UNAUTHORIZED,
  impact: "A server-side cache of per-user results hands one user's data to the next user who asks the same question.",
  fix: 'Cache a private result only per principal (key the cache by the verified subject too), or not at all on the server: cacheScope "private" means only the requesting client may keep it.',
  severity: 'high',
  flaw: 'shared-result-cache',
  async run(ctx) {
    const a: Principal = { identity: ctx.identity, token: await ctx.forge.valid(ctx.identity) };
    const other = otherIdentity(ctx);
    const b: Principal = { identity: other, token: await ctx.forge.valid(other) };
    const listed = await ctx.probe.call('resources/list', {}, { token: a.token, label: `${a.identity.name}'s token` });
    const attempts: Attempt[] = [{ label: `${a.identity.name} lists resources`, response: listed }];
    const resources = (listed.answer?.result?.resources as { uri?: unknown }[] | undefined) ?? [];
    const uris = resources.map((r) => r.uri).filter((u): u is string => typeof u === 'string').slice(0, MAX_RESOURCES);
    if (!uris.length) return withEvidence({ status: 'skip', reason: 'the target lists no resources: no cacheable per-user result to compare' }, attempts);
    const read = (p: Principal, uri: string) => ctx.probe.call('resources/read', { uri }, { token: p.token, label: `${p.identity.name}'s token` });
    const verdicts: Verdict[] = [];
    let perUser = 0;
    for (const uri of uris) {
      // The other principal first: a shared cache then hands its answer to A.
      const rb = await read(b, uri);
      const ra = await read(a, uri);
      attempts.push({ label: `${b.identity.name} reads ${uri}`, response: rb }, { label: `${a.identity.name} reads ${uri}`, response: ra });
      if (!succeeded(ra) || !succeeded(rb)) continue;
      if (mentions(ra, a.identity.subject) || mentions(rb, b.identity.subject)) perUser++;
      const scope = ra.answer?.result?.cacheScope;
      const crossed = (mentions(ra, b.identity.subject) && !mentions(ra, a.identity.subject)) || (mentions(rb, a.identity.subject) && !mentions(rb, b.identity.subject));
      if (crossed) verdicts.push({ status: 'fail', reason: `${uri}${typeof scope === 'string' ? ` (cacheScope ${JSON.stringify(scope)})` : ''} read as ${a.identity.name} returned ${b.identity.name}'s result` });
    }
    if (!verdicts.length && !perUser) return withEvidence({ status: 'skip', reason: `none of ${uris.length} resource(s) names its caller: nothing per-user to compare` }, attempts);
    return withEvidence(worst(verdicts), attempts);
  },
};

export default defineFamily({
  name: 'sessions',
  settings: { sessions: sessionsSettings },
  checks: [concurrent, foreignToken, noToken, getForeign, deleteForeign, deleteEnds, privilegeForeign, privilegeStale, entropy, stateHandle, stateIntegrity, stateBinding, statePrivilege, cacheScope],
});
