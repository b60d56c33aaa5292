// Family `client`: what an MCP client or proxy does with its tokens, judged from what the
// harness (issuer + MCP server, behind one gate) saw while the client ran the contract's
// workload (src/client/contract.ts) under the fault plan (src/client-harness/fault-plan.ts).
import type { Exchange, Verdict } from '../src/check.ts';
import { markerText } from '../src/client/contract.ts';
import { ownerOf, requestsPerCall } from '../src/client-harness/attribution.ts';
import { authorizeExchange, byStep, inBurst, mcpExchange, metadataExchange, ok, tokenExchange, type ClientCheck, type ClientCheckContext } from '../src/client-harness/client-check.ts';
import { REFUSE_ALL, REVOKED_STEP } from '../src/client-harness/fault-plan.ts';
import type { AuthorizeEvent, McpEvent, MetadataKind, TokenEvent } from '../src/client-harness/recording.ts';
import { redactText } from '../src/report/redact.ts';
import * as req from './requirements/index.ts';

const base = { family: 'client' as const };
const SHOWN = 5;

/**
 * Requests sent before the client held a token for the user they serve: the spec's own discovery
 * step (a request without a token, answered 401 with resource_metadata). A request the recording
 * can tie to a user (by session or marker) is exempt only before that user's first token; one it
 * cannot tie (initialize, server/discover) only while some user had no token yet.
 */
function beforeFirstToken(ctx: ClientCheckContext, e: McpEvent): boolean {
  const { recording } = ctx;
  const owner = ownerOf(recording, e);
  if (owner !== undefined) return e.seq < recording.firstTokenSeq(owner);
  return recording.users.some((u) => e.seq < recording.firstTokenSeq(u.name));
}

const bearerEveryRequest: ClientCheck = {
  ...base,
  id: 'client.bearer.every-request',
  title: 'A bearer token on every request once the client holds one: POST, the GET event stream, DELETE',
  spec: ['MCP 2025-11-25 authorization §Token Requirements ("included in every HTTP request")', 'RFC 6750 §2.1'],
  severity: 'high',
  requirement: req.MCP_TOKEN_EVERY_REQUEST,
  impact: 'Requests without the token are refused, so the event stream or the session close silently fails, or a server that trusts the session alone serves them unauthenticated.',
  fix: 'Attach the Authorization header in the one place every request goes through (the transport or its fetch), including GET and DELETE.',
  flaw: 'drops-header-on-get',
  judge(ctx) {
    const { recording } = ctx;
    const requests: Record<string, { sent: number; withoutBearer: number; beforeFirstToken: number }> = {};
    const missing: McpEvent[] = [];
    for (const e of recording.mcp) {
      const row = (requests[e.method] ??= { sent: 0, withoutBearer: 0, beforeFirstToken: 0 });
      row.sent++;
      if (e.credential === 'bearer') continue;
      if (beforeFirstToken(ctx, e)) row.beforeFirstToken++;
      else {
        row.withoutBearer++;
        missing.push(e);
      }
    }
    const exempt = Object.values(requests).reduce((n, r) => n + r.beforeFirstToken, 0);
    const evidence = { requests, exchanges: missing.slice(0, SHOWN).map((e) => mcpExchange(recording, e)) };
    if (missing.length) {
      const which = Object.entries(requests).filter(([, r]) => r.withoutBearer).map(([m, r]) => `${m} ${r.withoutBearer} of ${r.sent}`);
      return { status: 'fail', reason: `requests without a bearer token after the client held one: ${which.join(', ')}`, evidence };
    }
    const notes = [exempt ? `${exempt} request(s) before the first token (discovery) exempt` : ''];
    if (!ctx.stateless && !requests.GET) notes.push('no GET event stream opened');
    const reason = notes.filter(Boolean).join('; ');
    return { status: 'pass', ...(reason ? { reason } : {}), evidence };
  },
};

const onceOn401: ClientCheck = {
  ...base,
  id: 'client.refresh.once-on-401',
  title: 'On 401 invalid_token: exactly one token request, then exactly one retry with the new token',
  spec: ['MCP 2025-11-25 authorization §Protected Resource Metadata Discovery Requirements', 'RFC 6750 §3.1 (invalid_token)', 'RFC 6749 §6 (refreshing an access token)'],
  severity: 'high',
  requirement: req.MCP_CLIENT_HANDLES_401,
  impact: 'An expired or revoked token ends the user\'s work with an error instead of a transparent renewal.',
  fix: 'On a 401 with error="invalid_token", obtain a new token once (refresh or re-grant) and retry the request once with it.',
  flaw: 'no-refresh',
  judge({ recording, plan, subject }) {
    if (!plan.log.revokedStep) return { status: 'error', reason: `the workload never reached ${subject}/${REVOKED_STEP}` };
    const attempts = recording.mcp.filter((e) => byStep(e, subject, REVOKED_STEP));
    const [first, retry] = attempts;
    const next = recording.mcp.find((e) => e.seq > first!.seq && e.marker?.user === subject && !byStep(e, subject, REVOKED_STEP));
    const tokens = recording.tokenRequestsBetween(subject, first!.seq, retry?.seq ?? next?.seq);
    const exchanges: Exchange[] = [mcpExchange(recording, first!), ...tokens.map((t) => tokenExchange(recording, t)), ...attempts.slice(1).map((e) => mcpExchange(recording, e))];
    const evidence = { tokenRequests: tokens.length, attempts: attempts.length, exchanges: exchanges.slice(0, SHOWN * 2) };
    const call = `${subject}/${REVOKED_STEP}`;
    const fail = (reason: string): Verdict => ({ status: 'fail', reason, evidence });
    if (!retry && !tokens.length) return fail(`after the 401 on ${call} the client requested no new token and did not retry`);
    if (!retry) return fail(`a new token was requested but the refused call ${call} was not retried`);
    if (retry.token === first!.token) return fail(`the refused call ${call} was retried with the same refused token${tokens.length ? '' : ', and no new token was requested'}`);
    if (tokens.length > 1) return fail(`${tokens.length} token requests after one 401 on ${call} (one expected)`);
    if (tokens[0] && !ok(tokens[0].status)) return fail(`the token request after the 401 failed (HTTP ${tokens[0].status}${tokens[0].error ? `, ${tokens[0].error}` : ''})`);
    if (attempts.length > 2) return fail(`${call} was sent ${attempts.length} times (the call, then exactly one retry expected)`);
    if (!ok(retry.status)) return fail(`the retry of ${call} was answered HTTP ${retry.status}`);
    // No token request of its own: a concurrent request had just renewed the token, and the retry used that one.
    const reason = tokens.length ? undefined : `retried with ${recording.labelOf(retry.token)}, which a concurrent request had just obtained`;
    return { status: 'pass', ...(reason ? { reason } : {}), evidence };
  },
};

/** Refused requests a call may take while every token is refused: the call and two retries (or reconnects). */
const MAX_REFUSED_PER_CALL = 3;

const bounded: ClientCheck = {
  ...base,
  id: 'client.refresh.bounded',
  title: 'When every token is refused, retries and token requests stay bounded (no refresh storm)',
  spec: ['MCP 2025-11-25 authorization §Step-Up Authorization Flow ("SHOULD implement retry limits")', 'RFC 6749 §6', 'mcp-remote #338 (refresh loop)'],
  severity: 'medium',
  requirement: req.MCP_CLIENT_RETRY_LIMITS,
  impact: 'A server or authorization server that refuses every token gets hundreds of token requests a second from each client (a self-inflicted denial of service).',
  fix: 'Retry a refused call at most once after a new token, and back off before the next token request when the new token is refused too.',
  flaw: 'refresh-storm',
  judge({ recording, plan, subject }) {
    const w = plan.log.refuseAll;
    if (!w) return { status: 'error', reason: `the workload never reached ${subject}/${REFUSE_ALL.fromStep}` };
    const end = w.endSeq ?? Infinity;
    const refused = recording.mcp.filter((e) => e.seq >= w.startSeq && e.seq < end && e.status === 401 && ownerOf(recording, e) === subject);
    const tokens = recording.tokenRequestsBetween(subject, w.startSeq - 1, end);
    // The event stream (GET) a client opens beside its calls retries none of them: whether it
    // lands before or after a call's refusal is a race, so its refusals are bounded on their own.
    const streams = refused.filter((e) => e.method === 'GET');
    const perCall = requestsPerCall(refused.filter((e) => e.method !== 'GET'), MAX_REFUSED_PER_CALL);
    const [busiest, attempts] = [...perCall].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const endedAt = w.endSeq === undefined ? recording.now() : (recording.mcp.find((e) => e.seq === w.endSeq)?.at ?? recording.now());
    const windowMs = endedAt - w.startAt;
    const per401 = refused.length ? Math.round((tokens.length / refused.length) * 100) / 100 : 0;
    const evidence = {
      refused401: refused.length,
      tokenRequests: tokens.length,
      tokenRequestsPer401: per401,
      refusedPerCall: Object.fromEntries(perCall),
      refusedStreams: streams.length,
      windowMs,
      endedBy: w.endedBy ?? 'the workload ended',
      exchanges: [...refused.slice(0, 3).map((e) => mcpExchange(recording, e)), ...tokens.slice(0, 3).map((t) => tokenExchange(recording, t))],
    };
    const figures = `${tokens.length} token requests for ${refused.length} refused requests in ${windowMs} ms (${per401} per 401)`;
    if (w.endedBy === 'token-requests') return { status: 'fail', reason: `refresh storm: ${figures}; the harness stopped refusing to end it`, evidence };
    if (attempts > MAX_REFUSED_PER_CALL) return { status: 'fail', reason: `${attempts} refused requests served the call ${busiest} while every token was refused (${figures})`, evidence };
    if (streams.length > MAX_REFUSED_PER_CALL * Math.max(1, perCall.size)) return { status: 'fail', reason: `${streams.length} event-stream requests (GET) refused while every token was refused, for ${perCall.size} call(s) (${figures})`, evidence };
    if (tokens.length > 2 * Math.max(1, perCall.size)) return { status: 'fail', reason: `${figures}: more than two token requests per refused call`, evidence };
    return { status: 'pass', reason: figures, evidence };
  },
};

/** Refresh tokens presented more than once: with rotation, every use after the first is a reuse. */
function spentTwice(tokens: TokenEvent[]): Map<string, TokenEvent[]> {
  const uses = new Map<string, TokenEvent[]>();
  for (const t of tokens) if (t.grantType === 'refresh_token' && t.refreshToken) uses.set(t.refreshToken, [...(uses.get(t.refreshToken) ?? []), t]);
  return new Map([...uses].filter(([, u]) => u.length > 1));
}

const singleFlight: ClientCheck = {
  ...base,
  id: 'client.refresh.single-flight',
  title: 'Concurrent 401s never spend a rotating refresh token twice (no invalid_grant from a race); re-grants are counted',
  spec: ['RFC 6749 §6 (the client MUST discard the old refresh token)', 'RFC 9700 §4.14.2 (refresh token rotation)', 'OAuth 2.1 §4.3.1'],
  severity: 'medium',
  requirement: req.RFC6749_REFRESH_ROTATION,
  impact: 'Concurrent refreshes with one rotating refresh token end in invalid_grant, and an authorization server that detects the reuse revokes the whole grant: the user is logged out.',
  fix: 'Make token renewal single-flight: concurrent callers that hit a 401 wait for one refresh and all use its result.',
  flaw: 'concurrent-refresh',
  judge({ recording, plan, subject }) {
    const b = plan.log.burst;
    const reused = spentTwice(recording.tokens);
    const reuseExchanges = [...reused.values()].flat().slice(0, SHOWN * 2).map((t) => tokenExchange(recording, t));
    if (reused.size) {
      const uses = [...reused.values()].flat();
      const invalid = uses.filter((t) => t.error === 'invalid_grant').length;
      const [first] = reused.values();
      const during = b && first![0]!.seq > b.seq ? ' during the concurrent burst' : '';
      return {
        status: 'fail',
        reason: `${reused.size} refresh token(s) spent more than once${during} (${uses.length} uses, ${invalid} answered invalid_grant): e.g. ${recording.labelOf(first![0]!.refreshToken)} was sent ${first!.length} times`,
        evidence: { refreshTokensReused: reused.size, uses: uses.length, invalidGrant: invalid, exchanges: reuseExchanges },
      };
    }
    if (!b) return { status: 'error', reason: `the workload never reached the burst (${subject}/burst/…)` };
    const calls = recording.mcp.filter((e) => inBurst(e, subject));
    const concurrent = calls.filter((e) => e.refusedBy && e.jti === b.jti).length;
    const until = plan.log.closing?.seq ?? Infinity;
    const tokens = recording.tokenRequestsBetween(subject, b.seq, until);
    const metadata = recording.metadata.filter((m) => m.seq > b.seq && m.seq < until);
    const grants = tokens.map((t) => t.grantType ?? '(none)');
    const evidence = {
      burstCalls: calls.length,
      concurrent401s: concurrent,
      tokenRequests: tokens.length,
      grantTypes: [...new Set(grants)],
      metadataFetches: metadata.length,
      exchanges: [...calls.slice(0, SHOWN).map((e) => mcpExchange(recording, e)), ...tokens.slice(0, SHOWN).map((t) => tokenExchange(recording, t))],
    };
    const figures = `${concurrent} concurrent 401s, ${tokens.length} token request(s) (${[...new Set(grants)].join(', ') || 'none'}), ${metadata.length} metadata fetch(es)`;
    if (!tokens.length) return { status: 'skip', reason: `the client requested no new token during the burst (see client.refresh.once-on-401 and client.refresh.recovers): ${figures}`, evidence };
    if (tokens.length > Math.max(1, concurrent)) {
      return { status: 'warn', reason: `${figures}: more token requests than refused requests; one shared request would do`, evidence };
    }
    const waste = tokens.length > 1 ? ': no refresh token was reused, but each 401 got its own grant where one shared request would do' : '';
    return { status: 'pass', reason: `${figures}${waste}`, evidence };
  },
};

const recovers: ClientCheck = {
  ...base,
  id: 'client.refresh.recovers',
  title: 'After a refused refresh, a later 401 leads to a new token request (no permanent lockout)',
  spec: ['MCP 2025-11-25 authorization §Protected Resource Metadata Discovery Requirements', 'RFC 6750 §3.1 (invalid_token)'],
  severity: 'high',
  requirement: req.MCP_CLIENT_HANDLES_401,
  impact: 'One refused retry locks the connection out: every later call fails without asking for a token until the client is restarted.',
  fix: 'Reset the "already re-authenticated" guard per request (or when a new token arrives), not only after a success.',
  flaw: 'locks-out',
  judge({ recording, plan, subject }) {
    const w = plan.log.refuseAll;
    if (!w) return { status: 'error', reason: `the workload never reached ${subject}/${REFUSE_ALL.fromStep}` };
    if (w.endSeq === undefined) return { status: 'error', reason: 'the run ended while the harness was still refusing every token' };
    const after = recording.mcp.filter((e) => e.seq >= w.endSeq! && ownerOf(recording, e) === subject);
    const first = after.find((e) => e.status === 401);
    if (!first) return { status: 'pass', reason: 'the client renewed its token before sending a refused one again', evidence: { refusedAfterWindow: 0 } };
    const tokens = recording.tokenRequestsBetween(subject, first.seq);
    const refused = after.filter((e) => e.status === 401 && e.seq < (tokens[0]?.seq ?? Infinity));
    const recovered = after.find((e) => e.seq > (tokens[0]?.seq ?? Infinity) && ok(e.status) && e.credential === 'bearer');
    const evidence = {
      refusedBeforeNewToken: refused.length,
      tokenRequests: tokens.length,
      exchanges: [...refused.slice(0, SHOWN).map((e) => mcpExchange(recording, e)), ...tokens.slice(0, 2).map((t) => tokenExchange(recording, t)), ...(recovered ? [mcpExchange(recording, recovered)] : [])],
    };
    const calls = new Set(refused.filter((e) => e.marker).map((e) => markerText(e.marker!)));
    if (!tokens.length) {
      return {
        status: 'fail',
        reason: `locked out: after its refused retry while every token was refused, ${refused.length} later request(s) (${calls.size} workload call(s)) were refused 401 and the client never asked for a new token`,
        evidence,
      };
    }
    if (!recovered) return { status: 'fail', reason: `the client asked for a new token after the 401 on #${first.seq} but no later request succeeded`, evidence };
    return { status: 'pass', reason: `${refused.length} refused request(s), then a new token and #${recovered.seq} succeeded`, evidence };
  },
};

const closesSessions: ClientCheck = {
  ...base,
  id: 'client.session.closed',
  title: 'Sessions are closed with DELETE and a valid token; a DELETE refused 401 is retried once after a refresh',
  spec: ['MCP 2025-11-25 transports §Session Management (DELETE)', 'MCP 2025-11-25 authorization §Token Requirements'],
  severity: 'low',
  requirement: req.MCP_CLIENT_DELETES_SESSION,
  impact: 'Sessions stay open on the server (memory, subscriptions, per-session state) until it times them out; a proxy leaks one per reconnect.',
  fix: 'Close every session you open (also the one you replace when reconnecting), and send the DELETE through the same 401 → renew → retry path as other requests.',
  flaw: 'no-delete-retry',
  judge({ recording, plan, subject, stateless, revision }) {
    if (stateless) return { status: 'skip', reason: `the client negotiated ${revision} and held no session: there is no session to close` };
    const opened = recording.mcp.filter((e) => e.sessionOpened);
    const deletes = recording.mcp.filter((e) => e.method === 'DELETE');
    const closed = (id: string) => deletes.some((d) => d.session === id && (ok(d.status) || d.status === 404 || d.status === 405));
    const open = opened.filter((e) => !closed(e.sessionOpened!));
    const closing = plan.log.closing;
    const refusedDelete = closing ? recording.mcp.find((e) => e.seq === closing.seq) : undefined;
    const retried = refusedDelete ? deletes.find((d) => d.seq > refusedDelete.seq && d.session === refusedDelete.session) : undefined;
    const evidence = {
      sessionsOpened: opened.length,
      sessionsLeftOpen: open.length,
      deletes: deletes.length,
      exchanges: [...(refusedDelete ? [refusedDelete] : []), ...(retried ? [retried] : []), ...open.slice(0, SHOWN)].map((e) => mcpExchange(recording, e)),
    };
    if (!open.length) {
      const note = refusedDelete ? `the DELETE refused 401 (#${refusedDelete.seq}) was retried with a new token (#${retried?.seq})` : undefined;
      return { status: 'pass', reason: `${opened.length} session(s) opened, all closed${note ? `; ${note}` : ''}`, evidence };
    }
    const owners = (list: McpEvent[]) => [...new Set(list.map((e) => ownerOf(recording, e) ?? 'unknown'))].join(', ');
    if (refusedDelete && !retried && open.some((e) => e.sessionOpened === refusedDelete.session)) {
      const others = open.length > 1 ? `; ${open.length - 1} other session(s) never closed` : '';
      return { status: 'fail', reason: `${subject}'s DELETE (#${refusedDelete.seq}) was refused 401 (token revoked) and not retried after a refresh: the session was left open${others}`, evidence };
    }
    if (!deletes.length) return { status: 'fail', reason: `the client never sent DELETE: ${open.length} of ${opened.length} session(s) left open (${owners(open)})`, evidence };
    return { status: 'fail', reason: `${open.length} of ${opened.length} session(s) left open (${owners(open)}); the first opened at #${open[0]!.seq} was never closed`, evidence };
  },
};

const METADATA_KINDS: MetadataKind[] = ['protected-resource', 'authorization-server', 'openid-configuration'];

const metadataCached: ClientCheck = {
  ...base,
  id: 'client.metadata.cached',
  title: 'Discovery metadata is not fetched again for every token',
  spec: ['RFC 9728 §3 (protected resource metadata)', 'RFC 8414 §3 (authorization server metadata)', 'MCP 2025-11-25 authorization §Authorization Server Discovery'],
  severity: 'low',
  requirement: req.CLIENT_METADATA_CACHED,
  impact: 'Every token renewal costs two or three extra round trips to the resource and the authorization server, and concurrent renewals multiply them.',
  fix: 'Keep the discovered metadata (and the token endpoint) for the lifetime of the connection, or for what its HTTP cache headers allow.',
  flaw: 'metadata-per-token',
  judge({ recording }) {
    const tokens = recording.tokens.length;
    const users = recording.users.length;
    const perKind = Object.fromEntries(METADATA_KINDS.map((k) => [k, recording.metadata.filter((m) => m.kind === k).length]));
    const evidence = { tokenRequests: tokens, metadataFetches: perKind, exchanges: recording.metadata.slice(0, SHOWN).map(metadataExchange) };
    const perToken = METADATA_KINDS.filter((k) => perKind[k]! > users && perKind[k]! >= tokens);
    const figures = METADATA_KINDS.filter((k) => perKind[k]).map((k) => `${perKind[k]} ${k}`).join(', ') || 'no';
    if (tokens > users && perToken.length) {
      return { status: 'fail', reason: `${figures} metadata fetches for ${tokens} token requests (${users} users): the metadata is fetched again for every token`, evidence };
    }
    return { status: 'pass', reason: `${figures} metadata fetches for ${tokens} token requests (${users} users)`, evidence };
  },
};

const usersIsolated: ClientCheck = {
  ...base,
  id: 'client.users.isolated',
  title: "Concurrent users through one client never carry each other's tokens",
  spec: ['RFC 6750 §5.3 (safeguard bearer tokens)', 'MCP 2025-11-25 security best practices §Confused Deputy Problem', 'ms-365-mcp-server #187 (one token for every user)'],
  severity: 'high',
  requirement: req.RFC6750_TOKENS_NOT_LEAKED,
  impact: "One user acts with another user's identity and permissions: their data and actions mix.",
  fix: 'Keep one token store per user (per upstream identity) and select it by the caller, never a process-wide cache.',
  flaw: 'shared-token',
  judge({ recording }) {
    const marked = recording.mcp.filter((e) => e.marker && e.user);
    const users = new Set(marked.map((e) => e.marker!.user));
    if (users.size < 2) return { status: 'skip', reason: `calls of ${users.size} user(s) observed: isolation needs the client to serve every user in MCP_HARNESS_USERS at once` };
    const foreign = marked.filter((e) => e.marker!.user !== e.user);
    const onOthersSession = recording.mcp.filter((e) => e.session && e.user && recording.sessionOwners.has(e.session) && recording.sessionOwners.get(e.session) !== e.user);
    const evidence = {
      users: [...users],
      calls: marked.length,
      foreignTokens: foreign.length,
      foreignSessions: onOthersSession.length,
      exchanges: [...foreign, ...onOthersSession].slice(0, SHOWN).map((e) => mcpExchange(recording, e)),
    };
    if (foreign.length) {
      const e = foreign[0]!;
      return { status: 'fail', reason: `${foreign.length} of ${marked.length} calls carried another user's token (e.g. ${markerText(e.marker!)} with ${recording.labelOf(e.token)})`, evidence };
    }
    if (onOthersSession.length) {
      const e = onOthersSession[0]!;
      return { status: 'fail', reason: `${e.user}'s token was sent on ${recording.sessionOwners.get(e.session!)}'s session (${onOthersSession.length} requests)`, evidence };
    }
    return { status: 'pass', evidence };
  },
};

const CREDENTIAL_PARAM = /(?:^|&)(?:access_token|refresh_token|id_token|token|client_secret)=/i;

const notInUrl: ClientCheck = {
  ...base,
  id: 'client.token.not-in-url',
  title: 'No token or secret in a URL (query string), to the MCP server or the token endpoint',
  spec: ['MCP 2025-11-25 authorization §Token Requirements ("MUST NOT be included in the URI query string")', 'RFC 6750 §2.3, §5.3', 'RFC 9700 §4.3.2'],
  severity: 'high',
  requirement: req.MCP_NO_TOKEN_IN_QUERY,
  impact: 'URLs end up in server, proxy and browser logs: anyone who reads them can replay the token.',
  fix: 'Send tokens only in the Authorization header and secrets only in the request body or Basic credentials.',
  flaw: 'token-in-query',
  judge({ recording }) {
    const secrets = [...recording.secrets];
    const leaks = (query: string) => query !== '' && (CREDENTIAL_PARAM.test(query) || secrets.some((s) => query.includes(s) || query.includes(encodeURIComponent(s))));
    const mcp = recording.mcp.filter((e) => leaks(e.query));
    const token = recording.tokens.filter((t) => leaks(t.query));
    const evidence = { mcpRequests: mcp.length, tokenRequests: token.length, exchanges: [...mcp.slice(0, SHOWN).map((e) => mcpExchange(recording, e)), ...token.slice(0, SHOWN).map((t) => tokenExchange(recording, t))] };
    if (!mcp.length && !token.length) return { status: 'pass', evidence };
    const where = [mcp.length ? `${mcp.length} MCP requests` : '', token.length ? `${token.length} token requests` : ''].filter(Boolean).join(' and ');
    return { status: 'fail', reason: `${where} carried a credential in the URL (e.g. ${evidence.exchanges[0]!.request.replace(/^#\d+ /, '')})`, evidence };
  },
};

const notInOutput: ClientCheck = {
  ...base,
  id: 'client.token.not-in-output',
  title: "No token or client secret in the client's stdout or stderr",
  spec: ['RFC 6750 §5.3 (safeguard bearer tokens)', 'CWE-532 (sensitive information in log files)'],
  severity: 'high',
  requirement: req.RFC6750_TOKENS_NOT_LEAKED,
  impact: 'Logs are shipped, kept and read widely: a token or client secret in them is a credential anyone with log access can use.',
  fix: 'Redact the Authorization header, tokens and client secrets in every log and error message.',
  flaw: 'token-in-logs',
  judge({ recording, output }) {
    if (!output) return { status: 'skip', reason: 'the workload ran in-process: there is no separate output to read' };
    const secrets = [...recording.secrets];
    const found: { stream: string; line: number; text: string }[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      output[stream].split('\n').forEach((line, i) => {
        const redacted = redactText(line, secrets);
        // A known token or secret, in any of the forms redaction knows, makes the two differ.
        if (redacted !== redactText(line, [])) found.push({ stream, line: i + 1, text: redacted.slice(0, 200) });
      });
    }
    const evidence = { linesWithSecrets: found.length, examples: found.slice(0, SHOWN) };
    if (!found.length) return { status: 'pass', evidence };
    const first = found[0]!;
    return { status: 'fail', reason: `${found.length} line(s) of the client's output carry a token or secret (first: ${first.stream} line ${first.line})`, evidence };
  },
};

/** The same URI as RFC 3986 compares them (case of scheme and host, an empty path), a trailing slash aside. */
function sameResource(a: string, b: string): boolean {
  const canonical = (u: string) => (URL.canParse(u) ? new URL(u).href.replace(/\/$/, '') : u);
  return canonical(a) === canonical(b);
}

const resourcesOf = (a: AuthorizeEvent): string[] => (a.resource === undefined ? [] : [a.resource]);

const resourceIndicator: ClientCheck = {
  ...base,
  id: 'client.token.resource',
  title: 'Every authorization request and token request names the MCP server as its resource (RFC 8707), refreshes included',
  spec: req.specOf(req.MCP_CLIENT_RESOURCE_PARAMETER, req.refs.RFC8707_S2),
  severity: 'medium',
  requirement: req.MCP_CLIENT_RESOURCE_PARAMETER,
  impact: 'A token asked for without a resource is issued for no server in particular: one that another MCP server of the same authorization server accepts, and that the next one can replay here.',
  fix: "Send resource=<the MCP server's canonical URI, as its protected-resource metadata names it> with every authorization request and every token request (refresh_token and client_credentials too), whether or not the authorization server supports it.",
  flaw: 'no-resource-indicator',
  judge({ recording, resource }) {
    const tokens = recording.tokens;
    const authorizations = recording.authorizations;
    if (!tokens.length && !authorizations.length) return { status: 'skip', reason: 'the client sent no authorization or token request (a token from elsewhere)' };
    const named = (values: string[]) => values.length > 0 && values.every((v) => sameResource(v, resource));
    const badTokens = tokens.filter((t) => !named(t.resources ?? []));
    const badAuthorizations = authorizations.filter((a) => !named(resourcesOf(a)));
    const evidence = {
      resource,
      tokenRequests: tokens.length,
      tokenRequestsWithout: badTokens.length,
      authorizationRequests: authorizations.length,
      authorizationRequestsWithout: badAuthorizations.length,
      exchanges: [...badAuthorizations.slice(0, SHOWN).map((a) => authorizeExchange(a)), ...badTokens.slice(0, SHOWN).map((t) => tokenExchange(recording, t))],
    };
    if (!badTokens.length && !badAuthorizations.length) return { status: 'pass', reason: `${tokens.length} token and ${authorizations.length} authorization request(s), each naming ${resource}`, evidence };
    const other = [...badTokens.flatMap((t) => t.resources ?? []), ...badAuthorizations.flatMap(resourcesOf)].find((v) => !sameResource(v, resource));
    const where = [badTokens.length ? `${badTokens.length} of ${tokens.length} token requests` : '', badAuthorizations.length ? `${badAuthorizations.length} of ${authorizations.length} authorization requests` : ''].filter(Boolean).join(' and ');
    return { status: 'fail', reason: `${where} did not name the MCP server (${resource}) as resource${other ? `: one named ${other}` : ''}`, evidence };
  },
};

export const clientChecks: ClientCheck[] = [
  bearerEveryRequest,
  onceOn401,
  bounded,
  singleFlight,
  recovers,
  closesSessions,
  metadataCached,
  usersIsolated,
  notInUrl,
  notInOutput,
  resourceIndicator,
];
