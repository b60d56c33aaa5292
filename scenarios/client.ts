// Family `client`: what an MCP client or proxy does with its tokens, judged from what the
// harness (issuer + MCP server, behind one gate) saw while the client ran the contract's
// workload (src/client/contract.ts) under the fault plan (src/client-harness/fault-plan.ts).
import type { Exchange, Verdict } from '../src/check.ts';
import { markerText } from '../src/client/contract.ts';
import { byStep, inBurst, mcpExchange, ok, tokenExchange, type ClientCheck } from '../src/client-harness/client-check.ts';
import { REFUSE_ALL, REVOKED_STEP } from '../src/client-harness/fault-plan.ts';
import { redactText } from '../src/report/redact.ts';

const base = { family: 'client' as const };
const SHOWN = 5;

const bearerEveryRequest: ClientCheck = {
  ...base,
  id: 'client.bearer.every-request',
  title: 'A bearer token on every request: POST, the GET event stream, DELETE',
  spec: ['MCP 2025-11-25 authorization §Token Requirements ("included in every HTTP request")', 'RFC 6750 §2.1'],
  severity: 'high',
  flaw: 'drops-header-on-get',
  judge({ recording }) {
    const requests: Record<string, { sent: number; withoutBearer: number }> = {};
    for (const e of recording.mcp) {
      const row = (requests[e.method] ??= { sent: 0, withoutBearer: 0 });
      row.sent++;
      if (e.credential !== 'bearer') row.withoutBearer++;
    }
    const missing = recording.mcp.filter((e) => e.credential !== 'bearer');
    const evidence = { requests, exchanges: missing.slice(0, SHOWN).map((e) => mcpExchange(recording, e)) };
    if (missing.length) {
      const which = Object.entries(requests).filter(([, r]) => r.withoutBearer).map(([m, r]) => `${m} ${r.withoutBearer} of ${r.sent}`);
      return { status: 'fail', reason: `requests without a bearer token: ${which.join(', ')}`, evidence };
    }
    const unseen = (['GET', 'DELETE'] as const).filter((m) => !requests[m]);
    if (unseen.length) {
      const what = unseen.map((m) => (m === 'GET' ? 'opened no GET event stream' : 'never closed its session with DELETE'));
      return { status: 'warn', reason: `every request carried a bearer, but the client ${what.join(' and ')}: that part is unverified`, evidence };
    }
    return { status: 'pass', evidence };
  },
};

const onceOn401: ClientCheck = {
  ...base,
  id: 'client.refresh.once-on-401',
  title: 'On 401 invalid_token: exactly one token request, then exactly one retry with the new token',
  spec: ['MCP 2025-11-25 authorization §Token Handling', 'RFC 6750 §3.1 (invalid_token)', 'RFC 6749 §6 (refreshing an access token)'],
  severity: 'high',
  flaw: 'no-refresh',
  judge({ recording, plan, subject }) {
    if (!plan.log.revokedStep) return { status: 'error', reason: `the workload never reached ${subject}/${REVOKED_STEP}` };
    const attempts = recording.mcp.filter((e) => byStep(e, subject, REVOKED_STEP));
    const [first, retry] = attempts;
    const next = recording.mcp.find((e) => e.seq > first!.seq && e.marker?.user === subject && !byStep(e, subject, REVOKED_STEP));
    const tokens = recording.tokenRequestsBetween(subject, first!.seq, retry?.seq ?? next?.seq);
    const exchanges: Exchange[] = [mcpExchange(recording, first!), ...tokens.map(tokenExchange), ...attempts.slice(1).map((e) => mcpExchange(recording, e))];
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

const bounded: ClientCheck = {
  ...base,
  id: 'client.refresh.bounded',
  title: 'When every token is refused, retries and token requests stay bounded (no refresh storm)',
  spec: ['RFC 6749 §6', 'RFC 9700 §4.14 (refresh token protection)', 'mcp-remote #338 (refresh loop)'],
  severity: 'medium',
  flaw: 'refresh-storm',
  judge({ recording, plan, subject }) {
    const w = plan.log.refuseAll;
    if (!w) return { status: 'error', reason: `the workload never reached ${subject}/${REFUSE_ALL.fromStep}` };
    const end = w.endSeq ?? Infinity;
    const refused = recording.mcp.filter((e) => e.seq >= w.startSeq && e.seq < end && e.status === 401 && (e.user === subject || e.marker?.user === subject));
    const tokens = recording.tokenRequestsBetween(subject, w.startSeq - 1, end);
    const perCall = new Map<string, number>();
    for (const e of refused) {
      const key = e.marker ? markerText(e.marker) : `${e.method} ${e.rpc ?? ''}`.trim();
      perCall.set(key, (perCall.get(key) ?? 0) + 1);
    }
    const [busiest, attempts] = [...perCall].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const endedAt = w.endSeq === undefined ? recording.now() : (recording.mcp.find((e) => e.seq === w.endSeq)?.at ?? recording.now());
    const windowMs = endedAt - w.startAt;
    const per401 = refused.length ? Math.round((tokens.length / refused.length) * 100) / 100 : 0;
    const evidence = {
      refused401: refused.length,
      tokenRequests: tokens.length,
      tokenRequestsPer401: per401,
      calls: Object.fromEntries(perCall),
      windowMs,
      endedBy: w.endedBy ?? 'the workload ended',
      exchanges: [...refused.slice(0, 3).map((e) => mcpExchange(recording, e)), ...tokens.slice(0, 3).map(tokenExchange)],
    };
    const figures = `${tokens.length} token requests for ${refused.length} refused requests in ${windowMs} ms (${per401} per 401)`;
    if (w.endedBy === 'token-requests') return { status: 'fail', reason: `refresh storm: ${figures}; the harness stopped refusing to end it`, evidence };
    if (attempts > 3) return { status: 'fail', reason: `${busiest} was sent ${attempts} times while every token was refused (${figures})`, evidence };
    if (tokens.length > 2 * Math.max(1, perCall.size)) return { status: 'fail', reason: `${figures}: more than one token request per refused call`, evidence };
    return { status: 'pass', reason: figures, evidence };
  },
};

const singleFlight: ClientCheck = {
  ...base,
  id: 'client.refresh.single-flight',
  title: 'Concurrent 401s share one refresh: one token request, no invalid_grant from a reused rotating refresh token',
  spec: ['RFC 9700 §4.14.2 (refresh token rotation)', 'OAuth 2.1 §4.3.1', 'RFC 6749 §6'],
  severity: 'medium',
  flaw: 'concurrent-refresh',
  judge({ recording, plan, subject }) {
    const b = plan.log.burst;
    if (!b) return { status: 'error', reason: `the workload never reached the burst (${subject}/burst/…)` };
    const calls = recording.mcp.filter((e) => inBurst(e, subject));
    const concurrent = calls.filter((e) => e.refusedBy && e.jti === b.jti).length;
    const tokens = recording.tokenRequestsBetween(subject, b.seq);
    const invalid = tokens.filter((t) => t.error === 'invalid_grant');
    const evidence = {
      burstCalls: calls.length,
      concurrent401s: concurrent,
      tokenRequests: tokens.length,
      invalidGrant: invalid.length,
      exchanges: [...calls.slice(0, SHOWN).map((e) => mcpExchange(recording, e)), ...tokens.slice(0, SHOWN).map(tokenExchange)],
    };
    if (invalid.length) {
      return { status: 'fail', reason: `${invalid.length} of ${tokens.length} token requests after ${concurrent} concurrent 401s were answered invalid_grant: the rotating refresh token was spent twice`, evidence };
    }
    if (tokens.length > 1) return { status: 'fail', reason: `${tokens.length} token requests for one revoked token (${concurrent} concurrent 401s); one shared refresh expected`, evidence };
    if (!tokens.length) return { status: 'skip', reason: 'the client requested no new token during the burst (see client.refresh.once-on-401)', evidence };
    return { status: 'pass', reason: `${concurrent} concurrent 401s, one token request`, evidence };
  },
};

const usersIsolated: ClientCheck = {
  ...base,
  id: 'client.users.isolated',
  title: "Concurrent users through one client never carry each other's tokens",
  spec: ['MCP 2025-11-25 security best practices §Confused Deputy Problem', 'ms-365-mcp-server #187 (one token for every user)'],
  severity: 'high',
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
  flaw: 'token-in-query',
  judge({ recording }) {
    const secrets = [...recording.secrets];
    const leaks = (query: string) => query !== '' && (CREDENTIAL_PARAM.test(query) || secrets.some((s) => query.includes(s) || query.includes(encodeURIComponent(s))));
    const mcp = recording.mcp.filter((e) => leaks(e.query));
    const token = recording.tokens.filter((t) => leaks(t.query));
    const evidence = { mcpRequests: mcp.length, tokenRequests: token.length, exchanges: [...mcp.slice(0, SHOWN).map((e) => mcpExchange(recording, e)), ...token.slice(0, SHOWN).map(tokenExchange)] };
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

export const clientChecks: ClientCheck[] = [bearerEveryRequest, onceOn401, bounded, singleFlight, usersIsolated, notInUrl, notInOutput];
