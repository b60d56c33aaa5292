// Family `transport`: authentication on every Streamable HTTP method (POST, the GET stream,
// DELETE, notifications), Origin validation and protocol-version handling.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS, attemptAll, refusalCheck, SESSION_REVISIONS, type Variant } from '../src/define.ts';
import { succeeded } from '../src/probe/probe.ts';
import { answeredWith, refused, withEvidence, worst, judgeEach } from '../src/verdict.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

function noOrBadToken(ctx: CheckContext, extra: Partial<Variant>): Variant[] {
  return [
    { label: 'no Authorization header', ...extra },
    { label: 'garbage token', token: ctx.forge.keep('not-a-jwt'), ...extra },
  ];
}

const getStream = refusalCheck({
  ...base,
  revisions: SESSION_REVISIONS,
  id: 'transport.get.unauthenticated',
  title: 'The GET event stream requires a valid token',
  spec: ['MCP 2025-11-25 authorization §Token Requirements ("included in every HTTP request")', 'MCP 2025-11-25 transports §Listening for Messages'],
  severity: 'high',
  flaw: 'unauthenticated-get',
  variants: (ctx) => noOrBadToken(ctx, { method: 'GET', session: ctx.session }),
});

const deleteSession: CheckSpec = {
  ...base,
  revisions: SESSION_REVISIONS,
  id: 'transport.delete.unauthenticated',
  title: 'DELETE of a session requires a valid token, and the session survives the attempt',
  spec: ['MCP 2025-11-25 authorization §Token Requirements', 'MCP 2025-11-25 transports §Session Management'],
  severity: 'high',
  flaw: 'unauthenticated-delete',
  async run(ctx) {
    const token = await ctx.forge.valid(ctx.identity);
    const opened = await ctx.probe.open({ token, label: 'valid token' });
    if (!succeeded(opened.response)) return withEvidence({ status: 'error', reason: 'could not initialize with a valid token' }, [{ label: 'initialize', response: opened.response }]);
    if (!opened.id) return { status: 'skip', reason: 'the target issues no session id (stateless), so there is no session to delete' };
    const attempts = await attemptAll(ctx, noOrBadToken(ctx, { method: 'DELETE', session: opened.id }));
    const after = await ctx.attempt({ token, session: opened.id, label: 'valid token' });
    attempts.push({ label: 'the same session afterwards, valid token', response: after });
    const alive: Verdict = succeeded(after) ? { status: 'pass' } : { status: 'fail', reason: `the session no longer works after unauthenticated DELETEs (HTTP ${after.status})` };
    return withEvidence(worst([refused(attempts.slice(0, -1)), alive]), attempts);
  },
};

const notifications: CheckSpec = {
  ...base,
  id: 'transport.notification.unauthenticated',
  title: 'A POSTed notification requires a valid token (no 202 without one)',
  spec: ['MCP 2025-11-25 authorization §Token Requirements', 'MCP 2025-11-25 transports §Sending Messages to the Server'],
  severity: 'medium',
  flaw: 'unauthenticated-notifications',
  async run(ctx) {
    const attempts = [];
    for (const v of noOrBadToken(ctx, { session: ctx.session })) {
      attempts.push({ label: v.label, response: await ctx.probe.notify('notifications/cancelled', v) });
    }
    return refused(attempts);
  },
};

const origin: CheckSpec = {
  ...base,
  id: 'transport.origin.foreign',
  title: 'A request from a foreign Origin is refused with 403, even with a valid token',
  spec: ['MCP 2025-11-25 transports §Security Warning ("MUST validate the Origin header … respond with HTTP 403")', 'MCP 2025-06-18 transports §Security Warning'],
  severity: 'medium',
  flaw: 'no-origin-check',
  async run(ctx) {
    const token = await ctx.forge.valid(ctx.identity);
    const attempts = await attemptAll(ctx, [
      { label: 'valid token, Origin http://evil.example', token, headers: { origin: 'http://evil.example' } },
      { label: 'valid token, Origin null', token, headers: { origin: 'null' } },
    ]);
    const strict = ctx.revision !== '2025-06-18';
    return judgeEach(attempts, (a) => (strict ? answeredWith(403, a) : refused([a])));
  },
};

const version: CheckSpec = {
  ...base,
  id: 'transport.version.unknown',
  title: 'An unsupported MCP-Protocol-Version is answered 400 (with a valid token)',
  spec: ['MCP 2025-11-25 transports §Protocol Version Header ("MUST respond with 400 Bad Request")'],
  severity: 'low',
  flaw: 'ignore-protocol-version',
  async run(ctx) {
    const token = await ctx.forge.valid(ctx.identity);
    const attempts = await attemptAll(ctx, [
      { label: 'valid token, MCP-Protocol-Version 1999-01-01', token, headers: { 'mcp-protocol-version': '1999-01-01' } },
    ]);
    return withEvidence(answeredWith(400, attempts[0]), attempts);
  },
};

export default defineFamily({
  name: 'transport',
  checks: [getStream, deleteSession, notifications, origin, version],
});
