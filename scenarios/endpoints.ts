// Family `endpoints`: every way into the server demands a token, not only target.url — the extra
// endpoints the config names (target.endpoints) and the 2024-11-05 HTTP+SSE transport that servers
// keep serving for old clients (GET /sse, then POST to the URL its `endpoint` event names).
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS } from '../src/define.ts';
import { otherIdentity, signIn } from '../src/principal.ts';
import { Probe, type McpResponse } from '../src/probe/probe.ts';
import { sseData } from '../src/probe/messages.ts';
import { refused, withEvidence, worst, type Attempt } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

const base = { revisions: ALL_REVISIONS, needs: [] };

/** Where the config's extra endpoints are: paths on the target's origin. */
function endpointUrls(ctx: CheckContext): string[] {
  return ctx.config.target.endpoints.map((path) => new URL(path, ctx.probe.url).href);
}

const extraEndpoints: CheckSpec = {
  ...base,
  id: 'endpoints.extra.need-token',
  title: 'Every endpoint in target.endpoints refuses requests without a token or with a bad one',
  spec: specOf(req.MCP_TOKEN_EVERY_REQUEST, refs.RFC6750_S3_1),
  requirement: req.MCP_TOKEN_EVERY_REQUEST,
  impact: 'A second route to the same tools (an alias, a versioned or admin path) lets anyone in without a token.',
  fix: 'Put the authentication middleware in front of every route that reaches MCP handlers (mount it on the prefix, not on one exact path).',
  severity: 'high',
  flaw: 'unauthenticated-path-alias',
  async run(ctx) {
    const urls = endpointUrls(ctx);
    if (!urls.length) return { status: 'skip', reason: 'no extra endpoints configured (target.endpoints)' };
    const attempts: Attempt[] = [];
    const verdicts: Verdict[] = [];
    for (const url of urls) {
      const probe = new Probe({ url, revision: ctx.revision, timeoutMs: ctx.probe.timeoutMs, redact: ctx.probe.redact });
      const path = new URL(url).pathname;
      // A valid token must be served there, else refusals would prove nothing.
      const control = await signIn(ctx, ctx.identity, probe);
      attempts.push({ label: `${path}: a valid token`, response: control.response });
      if (!control.principal) {
        verdicts.push({ status: 'error', reason: `${path} did not serve a valid token (HTTP ${control.response.status}): is it an MCP endpoint of this server?` });
        continue;
      }
      const session = control.principal.session;
      const refusals: Attempt[] = [
        { label: `${path}: no Authorization`, response: (await probe.open({})).response },
        { label: `${path}: a garbage token`, response: (await probe.open({ token: ctx.forge.keep('not-a-jwt'), label: 'garbage token' })).response },
      ];
      if (session) refusals.push({ label: `${path}: a live session id, no Authorization`, response: await probe.call('tools/list', {}, { session }) });
      attempts.push(...refusals);
      verdicts.push(refused(refusals));
    }
    return withEvidence(worst(verdicts), attempts);
  },
};

/** The message URL of an open HTTP+SSE stream: its first `endpoint` event, resolved against the stream's URL. */
function endpointEvent(response: McpResponse, streamUrl: string): string | undefined {
  const text = response.body.replace(/\r\n?/g, '\n');
  for (const event of text.split('\n\n')) {
    if (!/^event:\s*endpoint\s*$/m.test(event)) continue;
    const [data] = sseData(`${event}\n\n`);
    return data && URL.canParse(data, streamUrl) ? new URL(data, streamUrl).href : undefined;
  }
  return undefined;
}

const endpointSeen = (body: string) => /(^|\n)event:\s*endpoint\s*\r?\n[\s\S]*?\r?\n\r?\n/.test(body);

const legacySse: CheckSpec = {
  ...base,
  id: 'endpoints.legacy-sse.need-token',
  title: 'The HTTP+SSE transport (GET /sse and the message URL it names) refuses no token, a bad token and another principal\'s token',
  spec: specOf(req.MCP_TOKEN_EVERY_REQUEST, refs.RFC6750_S3_1),
  requirement: req.MCP_TOKEN_EVERY_REQUEST,
  impact: 'Anyone who learns a session id of the old HTTP+SSE transport runs tools as the user who opened it, with no token at all.',
  fix: "Authenticate every POST to the message endpoint like the stream itself, and accept a session's messages only from the principal that opened it (or stop serving the old transport).",
  severity: 'high',
  flaw: 'unauthenticated-legacy-messages',
  async run(ctx) {
    const streamUrl = new URL('/sse', ctx.probe.url).href;
    const open = (label: string, token?: string, keepOpen = false) =>
      ctx.probe.send(undefined, { method: 'GET', url: streamUrl, token, label, headers: { accept: 'text/event-stream' }, readUntil: endpointSeen, keepOpen });
    const valid = await ctx.forge.valid(ctx.identity);
    // Open while the messages are sent: a server may drop a session whose stream has gone.
    const opened = await open('valid token', valid, true);
    try {
      return await judgeStream(ctx, streamUrl, opened, open);
    } finally {
      opened.close?.();
    }
  },
};

type OpenStream = (label: string, token?: string) => Promise<McpResponse>;

/** With the opener's stream open: the stream and its message URL refuse everyone else. */
async function judgeStream(ctx: CheckContext, streamUrl: string, opened: McpResponse, open: OpenStream): Promise<Verdict> {
  const attempts: Attempt[] = [{ label: 'GET /sse with a valid token', response: opened }];
  const messages = opened.status === 200 ? endpointEvent(opened, streamUrl) : undefined;
  if (!messages) return withEvidence({ status: 'skip', reason: `no HTTP+SSE transport at /sse (HTTP ${opened.status}${opened.status === 200 ? ', no endpoint event' : ''})` }, attempts);
  const ping = { jsonrpc: '2.0' as const, id: 1, method: 'ping' };
  const other = otherIdentity(ctx);
  const post = (label: string, token?: string) => ctx.probe.send(ping, { url: messages, token, label });
  const refusals: Attempt[] = [
    { label: 'GET /sse, no Authorization', response: await open('none') },
    { label: 'GET /sse, a garbage token', response: await open('garbage token', ctx.forge.keep('not-a-jwt')) },
    { label: 'POST to the message URL, no Authorization', response: await post('none') },
    { label: 'POST to the message URL, a garbage token', response: await post('garbage token', ctx.forge.keep('not-a-jwt')) },
    { label: `POST to the message URL, ${other.name}'s valid token`, response: await post(`${other.name}'s token`, await ctx.forge.valid(other)) },
  ];
  attempts.push(...refusals);
  return withEvidence(worst(refusals.map(notTaken)), attempts);
}

/** The old transport answers 202 to a message it took (the result goes to the stream): any 2xx is acceptance. */
function notTaken({ label, response: r }: Attempt): Verdict {
  if (r.error && !r.status) return { status: 'error', reason: `${label}: ${r.error}` };
  if (r.status >= 200 && r.status < 300) return { status: 'fail', reason: `${label} was accepted (HTTP ${r.status})` };
  if (r.status >= 500) return { status: 'fail', reason: `${label} caused a server error (HTTP ${r.status}) instead of a 4xx refusal` };
  if (r.status < 400) return { status: 'warn', reason: `${label} was answered HTTP ${r.status}, not refused with 401` };
  return { status: 'pass' };
}

export default defineFamily({
  name: 'endpoints',
  validate(config) {
    for (const [n, path] of config.target.endpoints.entries()) {
      if (!path.startsWith('/')) return [`target.endpoints[${n}]`, `must be a path on the target's origin (starting with /), got ${JSON.stringify(path)}`];
    }
    return undefined;
  },
  checks: [extraEndpoints, legacySse],
});
