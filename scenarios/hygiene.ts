// Family `hygiene`: the client's token goes nowhere it shouldn't — not upstream (R7, the
// confused-deputy passthrough), not back into error answers — and errors leak no stack traces.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, settingsOf, type CheckSpec } from '../src/family.ts';
import { toolCall } from '../src/config/schema-kit.ts';

/** A tool that calls an upstream service; point the target's upstream at ${issuer.canaryUrl}. */
const upstreamSettings = toolCall.optional();
import { ALL_REVISIONS, attemptAll, type Variant, ifForgeable } from '../src/define.ts';
import { canarySawToken } from '../src/issuer/issuer.ts';
import { callAs, signIn } from '../src/principal.ts';
import { withEvidence, judgeEach } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

const passthrough: CheckSpec = {
  ...base,
  id: 'hygiene.passthrough.canary',
  title: "The client's token never reaches an upstream service (canary)",
  spec: specOf(req.MCP_NO_PASSTHROUGH, refs.MCP_SECURITY_PASSTHROUGH),
  requirement: req.MCP_NO_PASSTHROUGH,
  impact: "The client's token reaches an upstream service, which can replay it against this server (and anything else that accepts it): a confused deputy.",
  fix: "Call upstream APIs with the server's own credential or a token obtained for that API (token exchange), never by forwarding the incoming Authorization header.",
  severity: 'high',
  flaw: 'token-passthrough',
  async run(ctx) {
    const upstream = settingsOf(ctx.config, 'upstream', upstreamSettings);
    if (!upstream) return { status: 'skip', reason: 'no upstream tool configured (upstream: { tool, arguments }) — point the target\'s upstream at ${issuer.canaryUrl}' };
    const signed = await signIn(ctx, ctx.identity);
    if (!signed.principal) return { status: 'error', reason: `${ctx.identity.name} could not sign in` };
    const before = ctx.issuer.canaryHits.length;
    const response = await callAs(ctx, signed.principal, upstream);
    const hits = ctx.issuer.canaryHits.slice(before);
    const evidence = { canaryHits: hits.map((h) => ({ method: h.method, path: h.path, authorization: h.authorization ?? null })) };
    const attempts = [{ label: `${ctx.identity.name} calls ${upstream.tool}`, response }];
    let v: Verdict;
    if (!hits.length) v = { status: 'error', reason: `${upstream.tool} never reached the canary (${ctx.issuer.canaryUrl}): the check cannot see what goes upstream` };
    else if (canarySawToken(hits, signed.principal.token)) v = { status: 'fail', reason: `the client's own token arrived at the upstream canary (${hits.length} request(s))` };
    else v = { status: 'pass' };
    return withEvidence({ ...v, evidence }, attempts);
  },
};

async function badTokens(ctx: CheckContext): Promise<(Variant & { token: string })[]> {
  return [
    ...(await ifForgeable(async () => ({ label: 'expired token', token: await ctx.forge.expired(ctx.identity) }))),
    { label: 'token with a corrupted signature', token: ctx.forge.corruptedSignature(await ctx.forge.valid(ctx.identity)) },
    { label: 'opaque garbage token', token: ctx.forge.keep(`harness-canary-${Math.floor(Date.now() / 1000)}-not-a-jwt`) },
  ];
}

const noTokenEcho: CheckSpec = {
  ...base,
  id: 'hygiene.errors.no-token-echo',
  title: 'Refusals never echo the presented token in their body or headers',
  spec: specOf(req.NO_SECRETS_IN_ERRORS, refs.CWE_532),
  requirement: req.NO_SECRETS_IN_ERRORS,
  impact: 'Refused tokens come back in error answers, where clients, proxies and logging pipelines record them.',
  fix: 'Describe a refused token generically ("invalid token") and never include the presented credential in bodies, headers or logs.',
  severity: 'medium',
  flaw: 'echo-token-in-error',
  async run(ctx) {
    const variants = await badTokens(ctx);
    const attempts = await attemptAll(ctx, variants);
    return judgeEach(attempts, ({ label, response }, i): Verdict => {
      const pieces = variants[i].token.split('.').filter((p) => p.length >= 16);
      const text = response.body + '\n' + Object.values(response.headers).join('\n');
      return pieces.some((p) => text.includes(p)) ? { status: 'fail', reason: `the answer to the ${label} contains the token` } : { status: 'pass' };
    });
  },
};

const STACK_TRACE = [/\n\s+at [^\n]+:\d+:\d+\)?/, /\bat [\w.<>$ ]+ \((?:file:\/\/|\/)[^)]+:\d+:\d+\)/, /Traceback \(most recent call last\)/, /node_modules\/[^\s"']+\.m?js/];

const noStack: CheckSpec = {
  ...base,
  id: 'hygiene.errors.no-stack',
  title: 'Error answers carry no stack traces or source paths',
  spec: specOf(req.NO_STACK_TRACES, refs.OWASP_API8),
  requirement: req.NO_STACK_TRACES,
  impact: 'Error answers reveal source paths, dependency versions and code structure that help an attacker pick an exploit.',
  fix: 'Log stack traces server-side and answer errors with a generic message (production error handler, NODE_ENV=production).',
  severity: 'low',
  flaw: 'stack-in-errors',
  async run(ctx) {
    const valid = await ctx.forge.valid(ctx.identity);
    const attempts = [
      ...(await attemptAll(ctx, await badTokens(ctx))),
      { label: 'valid token, body that is not JSON', response: await ctx.probe.send('{"jsonrpc": "2.0", "id": 1, "method": ', { token: valid, session: ctx.session, label: 'valid token' }) },
      { label: 'valid token, unknown method', response: await ctx.probe.call('harness/no-such-method', {}, { token: valid, session: ctx.session, label: 'valid token' }) },
    ];
    return judgeEach(attempts, ({ label, response }): Verdict => {
      const hit = STACK_TRACE.find((re) => re.test(response.body));
      return hit ? { status: 'fail', reason: `the answer to ${label} contains a stack trace or source path` } : { status: 'pass' };
    });
  },
};

export default defineFamily({
  name: 'hygiene',
  settings: { upstream: upstreamSettings },
  checks: [passthrough, noTokenEcho, noStack],
});
