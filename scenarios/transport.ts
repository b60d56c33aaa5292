// Family `transport`: authentication on every Streamable HTTP method (POST, the GET stream,
// DELETE, notifications), Origin validation and protocol-version handling.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS, attemptAll, refusalCheck, SESSION_REVISIONS, type Variant } from '../src/define.ts';
import { succeeded } from '../src/probe/probe.ts';
import { answeredWith, refused, withEvidence, worst, judgeEach } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

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
  spec: specOf(req.MCP_VERIFY_EVERY_REQUEST, req.MCP_TOKEN_EVERY_REQUEST, refs.MCP_TRANSPORTS_LISTENING),
  requirement: req.MCP_VERIFY_EVERY_REQUEST,
  impact: 'Anyone who learns a session id reads the server-to-client stream of that session (notifications, requests, results) without a token.',
  fix: 'Run the same authentication on GET (and every other method) of the MCP endpoint as on POST.',
  severity: 'high',
  flaw: 'unauthenticated-get',
  variants: (ctx) => noOrBadToken(ctx, { method: 'GET', session: ctx.session }),
});

const deleteSession: CheckSpec = {
  ...base,
  revisions: SESSION_REVISIONS,
  id: 'transport.delete.unauthenticated',
  title: 'DELETE of a session requires a valid token, and the session survives the attempt',
  spec: specOf(req.MCP_VERIFY_EVERY_REQUEST, refs.MCP_TRANSPORTS_SESSIONS),
  requirement: req.MCP_VERIFY_EVERY_REQUEST,
  impact: 'Anyone who learns a session id can end other users\' sessions without a token.',
  fix: 'Authenticate DELETE like every other request, and only let a session\'s own principal end it.',
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
  spec: specOf(req.MCP_VERIFY_EVERY_REQUEST, refs.MCP_TRANSPORTS_SENDING),
  requirement: req.MCP_VERIFY_EVERY_REQUEST,
  impact: 'Unauthenticated callers can send notifications (cancellations, progress, list changes) into any session they know the id of.',
  fix: 'Authenticate before dispatching any POST body, including notifications and JSON-RPC responses that expect no answer.',
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
  spec: specOf(req.MCP_ORIGIN),
  requirement: req.MCP_ORIGIN,
  impact: 'A web page the user visits can drive the server from the browser (DNS rebinding, cross-origin requests with ambient credentials).',
  fix: 'Refuse requests whose Origin header is present and not on an allow-list with HTTP 403, before authentication and MCP handling.',
  severity: 'medium',
  flaw: 'no-origin-check',
  async run(ctx) {
    const token = await ctx.forge.valid(ctx.identity);
    const attempts = await attemptAll(ctx, [
      { label: 'valid token, Origin http://evil.example', token, headers: { origin: 'http://evil.example' } },
      { label: 'valid token, Origin null', token, headers: { origin: 'null' } },
    ]);
    // 2025-06-18 asks for validation, not a status (its requirement says so): any refusal passes there.
    const exactly403 = ctx.revision !== '2025-06-18';
    return judgeEach(attempts, (a) => (exactly403 ? answeredWith(403, a) : refused([a])));
  },
};

const version: CheckSpec = {
  ...base,
  id: 'transport.version.unknown',
  title: 'An unsupported MCP-Protocol-Version is answered 400 (with a valid token)',
  spec: specOf(req.MCP_PROTOCOL_VERSION_400),
  requirement: req.MCP_PROTOCOL_VERSION_400,
  impact: 'Requests in a protocol version the server does not speak are processed anyway, with whatever semantics the server guesses.',
  fix: 'Answer an unsupported MCP-Protocol-Version header with 400 Bad Request (after authentication, so auth errors stay 401).',
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
