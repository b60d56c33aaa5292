// Family `rbac`: the configured table of tool × identity → allow/deny holds, denials are the
// 403 insufficient_scope MCP prescribes, 401 wins over 403, and nothing in the request other
// than the verified token (proxy headers, query, _meta) changes who the caller is.
import type { CheckContext, Identity, Verdict } from '../src/check.ts';
import { z } from 'zod';
import { defineFamily, settingsOf, type CheckSpec } from '../src/family.ts';
import type { ResolvedConfig, ToolCall } from '../src/config/config.ts';
import { oneOf, section, stringList, toolCall } from '../src/config/schema-kit.ts';
import { ALL_REVISIONS, ifForgeable } from '../src/define.ts';
import { callAs, signIn, type Principal } from '../src/principal.ts';
import { succeeded, type McpResponse } from '../src/probe/probe.ts';
import { refusedInBand } from '../src/probe/tool-result.ts';
import { bearerChallenge, withEvidence, worst, type Attempt } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

/** Who may call what: identity names, or "*" for everyone; identities not listed are denied. */
const rbacSettings = section({
  rules: z
    .array(toolCall.extend({ allow: stringList('identity names (or "*")') }), { error: 'must be a non-empty list' })
    .min(1, { error: 'must be a non-empty list' }),
  /** How a denial answered in-band (HTTP 200 with a JSON-RPC error or isError) is reported. */
  inBandDenial: oneOf(['warn', 'fail']).default('warn'),
  /** The target's scope hierarchy: each broader scope (role) → every narrower one it implies. */
  scopeHierarchy: z.record(z.string(), stringList('scopes'), { error: 'must be an object: broader scope → list of the narrower scopes it implies' }).optional(),
}).optional();

export type RbacConfig = NonNullable<z.output<typeof rbacSettings>>;

export function rbacTable(config: ResolvedConfig): RbacConfig | undefined {
  return settingsOf(config, 'rbac', rbacSettings);
}

interface Cell {
  call: ToolCall;
  identity: Identity;
  allowed: boolean;
}

function cells(ctx: CheckContext, rbac: RbacConfig): Cell[] {
  return rbac.rules.flatMap((rule) =>
    ctx.identities.map((identity) => ({
      call: rule,
      identity,
      allowed: rule.allow.includes('*') || rule.allow.includes(identity.name),
    })),
  );
}

type Judge = (ctx: CheckContext, attempts: (Attempt & { cell: Cell })[], rbac: RbacConfig) => Verdict;

/**
 * A signed-in identity, or the refusal of its sign-in: a server that requires a base scope answers
 * an identity lacking it 403 insufficient_scope (or 401) at the door, and that answer is then what
 * each of its calls gets: a denial to judge like any other, not a broken run.
 */
type Caller = { principal: Principal } | { refusal: McpResponse };

async function callerFor(ctx: CheckContext, identity: Identity): Promise<Caller | Verdict> {
  const signed = await signIn(ctx, identity);
  if (signed.principal) return { principal: signed.principal };
  if (signed.response.status === 401 || signed.response.status === 403) return { refusal: signed.response };
  return withEvidence({ status: 'error', reason: `${identity.name} could not sign in with a valid token (HTTP ${signed.response.status}${signed.response.error ? `, ${signed.response.error}` : ''})` }, [{ label: 'sign in', response: signed.response }]);
}

const isVerdict = (v: object): v is Verdict => 'status' in v;

/** Calls every cell of the table (filtered) as its identity, then lets `judge` decide. */
function tableCheck(which: (c: Cell) => boolean, judge: Judge) {
  return async (ctx: CheckContext): Promise<Verdict> => {
    const rbac = rbacTable(ctx.config);
    if (!rbac) return { status: 'skip', reason: 'no rbac table configured (rbac.rules)' };
    const chosen = cells(ctx, rbac).filter(which);
    if (!chosen.length) return { status: 'skip', reason: 'the rbac table has no such cell' };
    const callers = new Map<string, Caller>();
    const attempts: (Attempt & { cell: Cell })[] = [];
    for (const cell of chosen) {
      let caller = callers.get(cell.identity.name);
      if (!caller) {
        const found = await callerFor(ctx, cell.identity);
        if (isVerdict(found)) return found;
        callers.set(cell.identity.name, (caller = found));
      }
      if ('refusal' in caller) attempts.push({ label: `${cell.identity.name} (sign-in refused) calls ${cell.call.tool}`, response: caller.refusal, cell });
      else attempts.push({ label: `${cell.identity.name} calls ${cell.call.tool}`, response: await callAs(ctx, caller.principal, cell.call), cell });
    }
    return withEvidence(judge(ctx, attempts, rbac), attempts);
  };
}

const denied = (c: Cell) => !c.allowed;

const enforced: CheckSpec = {
  ...base,
  id: 'rbac.deny.enforced',
  title: 'Every call the RBAC table denies is refused (no tool result)',
  spec: specOf(req.OAUTH_VALIDATE_SCOPE, req.MCP_STATUS_CODES, refs.OWASP_API5),
  requirement: req.OAUTH_VALIDATE_SCOPE,
  impact: 'Callers run tools their role does not allow: privilege escalation to every tool the table denies them.',
  fix: "Check the caller's scopes or roles from the verified token in front of every tool call (deny by default), not only when listing tools.",
  severity: 'high',
  flaw: 'admin-without-role',
  run: tableCheck(denied, (_, attempts) =>
    worst(attempts.map(({ label, response }): Verdict => (succeeded(response) ? { status: 'fail', reason: `${label}: allowed, but the table denies it` } : { status: 'pass' }))),
  ),
};

function denialForm(response: McpResponse): '403' | 'in-band' | 'success' | 'other' {
  if (succeeded(response)) return 'success';
  if (response.status === 403) return '403';
  return refusedInBand(response) ? 'in-band' : 'other';
}

const denialStatus: CheckSpec = {
  ...base,
  id: 'rbac.deny.status',
  title: 'A denial is HTTP 403 (an in-band JSON-RPC error or isError result is reported)',
  spec: specOf(req.MCP_STATUS_CODES, req.MCP_INSUFFICIENT_SCOPE_CHALLENGE, refs.RFC6750_S3_1),
  requirement: req.MCP_STATUS_CODES,
  impact: 'Clients cannot tell a permission problem from a token problem or a server fault, so they neither step up authorization nor stop retrying.',
  fix: "Answer a call the caller's scopes or roles do not allow with HTTP 403 (insufficient_scope), not 401, 400, 5xx or a 200 with an error result.",
  severity: 'medium',
  flaw: 'denial-as-jsonrpc-error',
  run: tableCheck(denied, (_, attempts, rbac) =>
    worst(
      attempts.map(({ label, response }): Verdict => {
        const form = denialForm(response);
        if (form === '403' || form === 'success') return { status: 'pass' }; // success is rbac.deny.enforced's finding
        if (form === 'in-band') return { status: rbac.inBandDenial ?? 'warn', reason: `${label}: denied in-band (HTTP ${response.status} with an error result) instead of HTTP 403` };
        if (response.error && !response.status) return { status: 'error', reason: `${label}: ${response.error}` };
        return { status: 'fail', reason: `${label}: denied with HTTP ${response.status}, expected 403` };
      }),
    ),
  ),
};

const denialChallenge: CheckSpec = {
  ...base,
  id: 'rbac.deny.challenge',
  title: 'A 403 denial carries Bearer error="insufficient_scope" with scope (and resource_metadata)',
  spec: specOf(req.MCP_INSUFFICIENT_SCOPE_CHALLENGE, refs.RFC6750_S3),
  requirement: req.MCP_INSUFFICIENT_SCOPE_CHALLENGE,
  impact: 'Clients told 403 do not learn which scope would help, so they cannot run the step-up authorization the spec describes.',
  fix: 'Send WWW-Authenticate: Bearer error="insufficient_scope", scope="<needed scopes>", resource_metadata="<metadata URL>" with every 403.',
  severity: 'low',
  flaw: 'insufficient-scope-no-challenge',
  run: tableCheck(denied, (_, attempts) => {
    const forbidden = attempts.filter((a) => a.response.status === 403);
    if (!forbidden.length) return { status: 'skip', reason: 'no denial was answered 403 (see rbac.deny.status)' };
    return worst(
      forbidden.map(({ label, response }): Verdict => {
        const c = bearerChallenge(response);
        if (!c) return { status: 'fail', reason: `${label}: 403 without a WWW-Authenticate: Bearer challenge`, requirement: req.OAUTH_WWW_AUTHENTICATE };
        if (c.error !== 'insufficient_scope') return { status: 'fail', reason: `${label}: challenge error=${c.error ?? '(none)'}, expected insufficient_scope` };
        if (!c.scope) return { status: 'fail', reason: `${label}: the challenge names no scope to ask for` };
        if (!c.resource_metadata) return { status: 'fail', reason: `${label}: the challenge has no resource_metadata` };
        return { status: 'pass' };
      }),
    );
  }),
};

const allowed: CheckSpec = {
  ...base,
  id: 'rbac.allow.succeeds',
  title: 'Every call the RBAC table allows succeeds (no over-denial); tools listed per identity',
  spec: specOf(req.MCP_STATUS_CODES),
  requirement: req.MCP_STATUS_CODES,
  impact: 'Users are refused tools their role allows: the authorization policy is stricter than the team declared, which breaks their work.',
  fix: 'Check the role-to-tool mapping against the declared table (e.g. a server that reads only the first of several roles).',
  severity: 'medium',
  flaw: 'first-role-only',
  async run(ctx) {
    const verdict = await tableCheck(
      (c) => c.allowed,
      (_, attempts) =>
        worst(attempts.map(({ label, response }): Verdict => (succeeded(response) ? { status: 'pass' } : { status: 'fail', reason: `${label}: refused (HTTP ${response.status}), but the table allows it` }))),
    )(ctx);
    return { ...verdict, evidence: { ...verdict.evidence, toolsByIdentity: await toolsByIdentity(ctx) } };
  },
};

async function toolsByIdentity(ctx: CheckContext): Promise<Record<string, string[] | string>> {
  const out: Record<string, string[] | string> = {};
  for (const identity of ctx.identities) {
    const { principal, response } = await signIn(ctx, identity);
    if (!principal) {
      out[identity.name] = `sign-in refused (HTTP ${response.status})`;
      continue;
    }
    const listed = await ctx.probe.call('tools/list', {}, { token: principal.token, session: principal.session });
    const tools = (listed.answer?.result?.tools as { name: string }[] | undefined)?.map((t) => t.name);
    out[identity.name] = tools ?? `tools/list answered HTTP ${listed.status}`;
  }
  return out;
}

const authFirst: CheckSpec = {
  ...base,
  needs: ['jwt'],
  id: 'rbac.deny.auth-first',
  title: '401 wins over 403: an expired or forged token of an under-privileged identity gets 401',
  spec: specOf(req.MCP_INVALID_TOKEN_401, req.MCP_STATUS_CODES, refs.RFC6750_S3_1),
  requirement: req.MCP_INVALID_TOKEN_401,
  impact: 'An expired or forged token is judged for its privileges before its validity: clients are told to step up instead of refresh, and the permission check runs on unverified claims.',
  fix: 'Validate the token first (401 invalid_token) and only then check its scopes or roles (403).',
  severity: 'medium',
  flaw: 'scope-before-auth',
  async run(ctx) {
    const rbac = rbacTable(ctx.config);
    if (!rbac) return { status: 'skip', reason: 'no rbac table configured (rbac.rules)' };
    const cell = cells(ctx, rbac).find(denied);
    if (!cell) return { status: 'skip', reason: 'the rbac table denies nothing' };
    const signed = await signIn(ctx, cell.identity);
    if (!signed.principal) return { status: 'error', reason: `${cell.identity.name} could not sign in` };
    const forged = ctx.forge.raw(ctx.forge.header(), ctx.forge.claimsFor(cell.identity), { kind: 'hmac', secret: 'not-the-key' });
    // An expired token only where the profile can make one (oauth: a short-lived one waited out).
    const expired = await ifForgeable(async () => ({ label: 'expired', token: await ctx.forge.expired(cell.identity) }));
    const attempts: Attempt[] = [];
    for (const [what, token] of [...expired.map((v) => [v.label, v.token!] as const), ['forged', forged] as const]) {
      const response = await callAs(ctx, { ...signed.principal, token }, cell.call, { label: `${cell.identity.name}'s ${what} token` });
      attempts.push({ label: `${cell.identity.name} (denied ${cell.call.tool}) with an ${what} token`, response });
    }
    return withEvidence(
      worst(attempts.map(({ label, response }): Verdict => (response.status === 401 ? { status: 'pass' } : { status: 'fail', reason: `${label}: HTTP ${response.status}, expected 401` }))),
      attempts,
    );
  },
};

/** The scopes a 403 insufficient_scope challenge names, if that is what came. */
function challengedScopes(response: McpResponse): string[] | undefined {
  const c = response.status === 403 ? bearerChallenge(response) : undefined;
  return c?.error === 'insufficient_scope' && c.scope ? c.scope.split(/\s+/).filter(Boolean) : undefined;
}

const allScopes: CheckSpec = {
  ...base,
  needs: ['mint'],
  id: 'rbac.challenge.all-scopes',
  title: 'A 403 insufficient_scope names every scope the call needs: granted exactly those, the call succeeds (no second challenge)',
  spec: specOf(req.MCP_INSUFFICIENT_SCOPE_CHALLENGE, refs.RFC6750_S3),
  requirement: req.MCP_INSUFFICIENT_SCOPE_CHALLENGE,
  impact: 'Users are sent through authorization again and again, one scope per round, before a call that needs several scopes works.',
  fix: 'Put the complete set of scopes the operation needs in the scope of its insufficient_scope challenge.',
  severity: 'low',
  flaw: 'challenge-one-scope-at-a-time',
  async run(ctx) {
    const rbac = rbacTable(ctx.config);
    if (!rbac) return { status: 'skip', reason: 'no rbac table configured (rbac.rules)' };
    const attempts: Attempt[] = [];
    const verdicts: Verdict[] = [];
    for (const cell of cells(ctx, rbac).filter(denied)) {
      const caller = await callerFor(ctx, cell.identity);
      if (isVerdict(caller)) return caller;
      if ('refusal' in caller) continue; // refused at the door: the base scope, another check's business
      const first = await callAs(ctx, caller.principal, cell.call);
      const asked = challengedScopes(first);
      if (!asked) continue;
      // The identity with exactly what the challenge asked for, as a step-up would give it.
      const stepped: Identity = { ...cell.identity, roles: [...new Set([...cell.identity.roles, ...asked])] };
      const again = await signIn(ctx, stepped);
      const second = again.principal ? await callAs(ctx, again.principal, cell.call, { label: `${cell.identity.name}'s token + ${asked.join(' ')}` }) : again.response;
      attempts.push(
        { label: `${cell.identity.name} calls ${cell.call.tool}`, response: first },
        { label: `${cell.identity.name} with the scopes it was asked for (${asked.join(' ')}) calls ${cell.call.tool}`, response: second },
      );
      const more = (challengedScopes(second) ?? []).filter((s) => !stepped.roles.includes(s));
      if (more.length) verdicts.push({ status: 'fail', reason: `${cell.call.tool}: the challenge asked ${cell.identity.name} for ${asked.join(' ')}; granted that, a second one asked for ${more.join(' ')}` });
    }
    if (!attempts.length) return { status: 'skip', reason: 'no denial was answered 403 insufficient_scope with a scope (see rbac.deny.challenge)' };
    return withEvidence(worst(verdicts), attempts);
  },
};

const baseScope: CheckSpec = {
  ...base,
  id: 'rbac.base-scope.refused',
  title: 'An identity the table denies everything (no base scope) gets nothing: refused at sign-in (403 insufficient_scope or 401) or on every call',
  spec: specOf(req.OAUTH_VALIDATE_SCOPE, req.MCP_STATUS_CODES, refs.RFC6750_S3_1, refs.OWASP_API5),
  requirement: req.OAUTH_VALIDATE_SCOPE,
  impact: 'Any valid token of the identity provider, issued to anyone for anything, uses the server.',
  fix: "Require the server's base scope on every request (e.g. requiredScopes in the bearer middleware) and answer its absence 403 insufficient_scope.",
  severity: 'high',
  flaw: 'base-scope-ignored',
  async run(ctx) {
    const rbac = rbacTable(ctx.config);
    if (!rbac) return { status: 'skip', reason: 'no rbac table configured (rbac.rules)' };
    const allows = (i: Identity) => rbac.rules.some((r) => r.allow.includes('*') || r.allow.includes(i.name));
    const outsiders = ctx.identities.filter((i) => !allows(i));
    if (!outsiders.length) return { status: 'skip', reason: 'every configured identity is allowed something: add one the rbac table denies everything' };
    const attempts: Attempt[] = [];
    const verdicts: Verdict[] = [];
    for (const identity of outsiders) {
      const caller = await callerFor(ctx, identity);
      if (isVerdict(caller)) return caller;
      if ('refusal' in caller) {
        attempts.push({ label: `${identity.name} signs in`, response: caller.refusal });
        continue;
      }
      for (const rule of rbac.rules) {
        const response = await callAs(ctx, caller.principal, rule);
        attempts.push({ label: `${identity.name} calls ${rule.tool}`, response });
        if (succeeded(response)) verdicts.push({ status: 'fail', reason: `${identity.name}, whom the table allows nothing, ran ${rule.tool}` });
      }
    }
    return withEvidence(worst(verdicts), attempts);
  },
};

/** Signed in and called, or the refusal at the door (which is then the call's answer). */
async function outcome(ctx: CheckContext, identity: Identity, call: ToolCall, label: string): Promise<McpResponse> {
  const signed = await signIn(ctx, identity);
  return signed.principal ? callAs(ctx, signed.principal, call, { label }) : signed.response;
}

const broken = (r: McpResponse) => (r.error !== undefined && !r.status) || r.status >= 500;

const hierarchy: CheckSpec = {
  ...base,
  revisions: ['2026-07-28'],
  needs: ['mint'],
  id: 'rbac.scope-hierarchy.honoured',
  title: 'A broader scope implies the narrower ones (rbac.scopeHierarchy): a call the table allows succeeds with the broader scope in place of the narrower one it needs',
  spec: specOf(req.MCP_SCOPE_HIERARCHY),
  requirement: req.MCP_SCOPE_HIERARCHY,
  impact: 'Users granted a broad scope are refused what it covers, so clients step up again and again or must ask for every narrow scope beside the broad one.',
  fix: "Expand the token's scopes through the scope hierarchy (a broader scope grants every narrower one it implies) before comparing them with what the operation needs.",
  severity: 'medium',
  flaw: 'scope-hierarchy-ignored',
  async run(ctx) {
    const rbac = rbacTable(ctx.config);
    if (!rbac) return { status: 'skip', reason: 'no rbac table configured (rbac.rules)' };
    const pairs = Object.entries(rbac.scopeHierarchy ?? {}).flatMap(([broader, narrower]) => narrower.map((n) => [broader, n] as const));
    if (!pairs.length) return { status: 'skip', reason: 'no scope hierarchy configured (rbac.scopeHierarchy)' };
    const attempts: Attempt[] = [];
    const verdicts: Verdict[] = [];
    const tried = new Set<string>();
    for (const [broader, narrower] of pairs) {
      for (const cell of cells(ctx, rbac).filter((c) => c.allowed && c.identity.roles.includes(narrower) && !c.identity.roles.includes(broader))) {
        const others = cell.identity.roles.filter((r) => r !== narrower);
        const key = JSON.stringify([broader, narrower, others, cell.call]);
        if (tried.has(key)) continue;
        tried.add(key);
        const name = cell.identity.name;
        // Without the narrower scope the call must be refused, or it does not need that scope at all.
        const without = await outcome(ctx, { ...cell.identity, roles: others }, cell.call, `${name}'s token without ${narrower}`);
        const instead = await outcome(ctx, { ...cell.identity, roles: [...others, broader] }, cell.call, `${name}'s token with ${broader} in place of ${narrower}`);
        attempts.push(
          { label: `${name} without ${narrower} calls ${cell.call.tool}`, response: without },
          { label: `${name} with ${broader} in place of ${narrower} calls ${cell.call.tool}`, response: instead },
        );
        if (broken(without) || broken(instead)) verdicts.push({ status: 'error', reason: `${cell.call.tool} broke (HTTP ${(broken(without) ? without : instead).status})` });
        else if (succeeded(without)) continue;
        else if (!succeeded(instead)) verdicts.push({ status: 'fail', reason: `${name} with ${broader}, which implies ${narrower}, was refused ${cell.call.tool} (HTTP ${instead.status}); with ${narrower} it is allowed` });
        else verdicts.push({ status: 'pass' });
      }
    }
    if (!verdicts.length) return withEvidence({ status: 'skip', reason: 'no call the table allows needs one of the hierarchy\'s narrower scopes (each also succeeded without it)' }, attempts);
    return withEvidence(worst(verdicts), attempts);
  },
};

/** An identity with more privileges than the default one, to impersonate. */
function privileged(ctx: CheckContext): { identity: Identity; deniedCall?: ToolCall } {
  const rbac = rbacTable(ctx.config);
  const deniedCell = rbac ? cells(ctx, rbac).find((c) => !c.allowed && c.identity.name === ctx.identity.name) : undefined;
  const target = rbac && deniedCell ? ctx.identities.find((i) => cells(ctx, rbac).some((c) => c.allowed && c.identity.name === i.name && c.call === deniedCell.call)) : undefined;
  return { identity: target ?? { name: 'root', subject: 'root', roles: ['admin'] }, deniedCall: deniedCell?.call };
}

/** Sends the default identity's own token plus an injection; identity and privileges must not change. */
function injectionCheck(id: string, title: string, flaw: string, inject: (victim: Identity) => { headers?: Record<string, string>; query?: string; meta?: boolean }): CheckSpec {
  return {
    ...base,
    id,
    title,
    spec: specOf(req.MCP_NO_DATA_TO_UNAUTHORIZED, refs.MCP_SECURITY_PASSTHROUGH, refs.OWASP_API1),
    requirement: req.MCP_NO_DATA_TO_UNAUTHORIZED,
    impact: "Any authenticated caller becomes another user, or gains another user's roles, by adding a header, query parameter or argument.",
    fix: 'Take identity and roles only from the verified token, and ignore identity headers, query parameters and arguments a client can set.',
    severity: 'high',
    flaw,
    async run(ctx) {
      const { identity: victim, deniedCall } = privileged(ctx);
      if (!ctx.config.oracle && !deniedCall) return { status: 'skip', reason: 'needs an identity oracle or an rbac rule that denies the first identity something' };
      const signed = await signIn(ctx, ctx.identity);
      if (!signed.principal) return { status: 'error', reason: `${ctx.identity.name} could not sign in` };
      const p = signed.principal;
      const { headers, query, meta } = inject(victim);
      const extra = { headers, query, label: `${ctx.identity.name}'s token + injected identity of ${victim.name}` };
      const attempts: Attempt[] = [];
      const verdicts: Verdict[] = [];
      if (ctx.config.oracle) {
        const o = ctx.config.oracle;
        const args = meta ? { ...(o.arguments ?? {}), as_user: victim.subject } : (o.arguments ?? {});
        const response = meta
          ? await ctx.probe.call('tools/call', { name: o.tool, arguments: args, _meta: { user: victim.subject } }, { token: p.token, session: p.session, ...extra })
          : await callAs(ctx, p, { tool: o.tool, arguments: args }, extra);
        attempts.push({ label: `whoami with ${victim.name}'s identity injected`, response });
        const who = ctx.identityOf(response);
        if (who === victim.subject) verdicts.push({ status: 'fail', reason: `the injected identity became the caller: whoami says ${JSON.stringify(who)}` });
        else if (!succeeded(response)) verdicts.push({ status: 'pass' }); // refusing the odd request is fine
      }
      if (deniedCall && !meta) {
        const response = await callAs(ctx, p, deniedCall, extra);
        attempts.push({ label: `${deniedCall.tool} (denied to ${ctx.identity.name}) with ${victim.name}'s identity injected`, response });
        if (succeeded(response)) verdicts.push({ status: 'fail', reason: `${deniedCall.tool} succeeded once ${victim.name}'s identity was injected` });
      }
      return withEvidence(worst(verdicts), attempts);
    },
  };
}

const identityHeaders = injectionCheck(
  'rbac.injection.identity-headers',
  'Proxy identity headers (X-User-Id, X-Forwarded-User, X-Auth-Request-User, …) do not change the caller',
  'trust-proxy-headers',
  (v) => ({ headers: { 'x-user-id': v.subject, 'x-forwarded-user': v.subject, 'x-auth-request-user': v.subject, 'x-remote-user': v.subject, 'x-forwarded-email': `${v.subject}@example.com` } }),
);

const roleHeaders = injectionCheck(
  'rbac.injection.role-headers',
  'Proxy role headers (X-User-Role, X-Forwarded-Groups, X-Roles) do not grant privileges',
  'trust-proxy-headers',
  (v) => ({ headers: { 'x-user-role': v.roles.join(','), 'x-forwarded-groups': v.roles.join(','), 'x-roles': v.roles.join(','), 'x-user-id': v.subject } }),
);

const queryIdentity = injectionCheck(
  'rbac.injection.query',
  'Identity in query parameters (user_id, sub, role) does not change the caller',
  'trust-query-identity',
  (v) => ({ query: `user_id=${encodeURIComponent(v.subject)}&sub=${encodeURIComponent(v.subject)}&role=${encodeURIComponent(v.roles.join(','))}` }),
);

const metaIdentity: CheckSpec = {
  ...injectionCheck(
    'rbac.injection.meta',
    'Identity in _meta or tool arguments (as_user) does not change the caller',
    'trust-meta-identity',
    () => ({ meta: true }),
  ),
  needs: ['oracle'],
};

export default defineFamily({
  name: 'rbac',
  settings: { rbac: rbacSettings },
  validate(config) {
    const names = new Set(config.identities.map((i) => i.name));
    for (const [n, rule] of (rbacTable(config)?.rules ?? []).entries()) {
      const unknown = rule.allow.find((name) => name !== '*' && !names.has(name));
      if (unknown) return [`rbac.rules[${n}].allow`, `names "${unknown}", which is not in identities`];
    }
    return undefined;
  },
  checks: [enforced, denialStatus, denialChallenge, allScopes, allowed, baseScope, hierarchy, authFirst, identityHeaders, roleHeaders, queryIdentity, metaIdentity],
});
