// A client check: data plus one `judge` over what the gate recorded while the client ran its
// workload. Like a server check, each names the flawed client (fixtures/clients/<flaw>.js) that
// must fail it.
import type { Exchange, Revision, Severity, Verdict } from '../check.ts';
import { markerText } from '../client/contract.ts';
import type { FaultPlan } from './fault-plan.ts';
import type { AuthorizeEvent, McpEvent, MetadataEvent, Recording, RegistrationEvent, TokenEvent } from './recording.ts';

export interface ClientCheckContext {
  recording: Recording;
  plan: FaultPlan;
  /** The user whose traffic the fault plan disturbs. */
  subject: string;
  /** The MCP server's canonical URI, as its protected-resource metadata names it (RFC 8707 `resource`). */
  resource: string;
  /** The protocol revision the client negotiated. */
  revision: Revision;
  /** True when the client held no session (2026-07-28): session-lifecycle checks skip. */
  stateless: boolean;
  /** The program's output; undefined when the workload ran in-process. */
  output?: { stdout: string; stderr: string };
}

export type { Level, Requirement } from '../requirement.ts';
import type { Requirement } from '../requirement.ts';

export interface ClientCheck {
  id: string;
  family: 'client';
  title: string;
  spec: string[];
  severity: Severity;
  requirement: Requirement;
  /** What goes wrong for the client's users when this fails, in one sentence. */
  impact: string;
  /** What to change in the client, in one sentence. */
  fix: string;
  /** The flawed client (fixtures/clients/<flaw>.js) that must fail this check. */
  flaw: string;
  judge(ctx: ClientCheckContext): Verdict;
}

/** An MCP request as evidence: what was sent, with which token (by label), and the answer. */
export function mcpExchange(recording: Recording, e: McpEvent): Exchange {
  const query = e.query ? `?${[...new URLSearchParams(e.query).keys()].map((k) => `${k}=…`).join('&')}` : '';
  const what = [e.rpc, e.marker ? `"${markerText(e.marker)}"` : undefined].filter(Boolean).join(' ');
  const credential = e.credential === 'bearer' ? `Bearer <${recording.labelOf(e.token)}>` : e.credential === 'none' ? 'no Authorization' : 'Authorization: not a bearer token';
  return {
    request: `#${e.seq} ${e.method} ${e.path}${query}${what ? ` ${what}` : ''} (${credential}${e.session ? '; session' : ''}${e.sessionOpened ? '; opens a session' : ''})`,
    ...(e.status ? { status: e.status } : {}),
    ...(e.refusedBy ? { body: e.refusedBy === 'revoked' ? 'refused by the harness: token revoked' : 'refused by the harness: every token refused' } : {}),
  };
}

export function tokenExchange(recording: Recording, t: TokenEvent): Exchange {
  const query = t.query ? `?${[...new URLSearchParams(t.query).keys()].map((k) => `${k}=…`).join('&')}` : '';
  const spent = t.refreshToken !== undefined ? `, <${recording.labelOf(t.refreshToken)}>` : '';
  return {
    request: `#${t.seq} POST /token${query} grant_type=${t.grantType ?? '(none)'}${t.resources ? ` resource=${t.resources.join(' ')}` : ', no resource'} (${t.user ?? t.clientId ?? 'unknown client'}${spent})`,
    ...(t.status ? { status: t.status } : {}),
    ...(t.error ? { body: `error=${t.error}` } : {}),
  };
}

export function metadataExchange(m: MetadataEvent): Exchange {
  return { request: `#${m.seq} GET ${m.path}`, ...(m.status ? { status: m.status } : {}) };
}

export function authorizeExchange(a: AuthorizeEvent): Exchange {
  const what = [
    a.user ? `login_hint=${a.user}` : 'no login_hint',
    `client_id=${a.clientId ?? '(none)'}`,
    a.codeChallengeMethod ? `code_challenge_method=${a.codeChallengeMethod}` : 'no PKCE',
    a.resource ? `resource=${a.resource}` : 'no resource',
  ];
  return { request: `#${a.seq} GET /authorize (${what.join(', ')})`, ...(a.status ? { status: a.status } : {}), ...(a.error ? { body: `error=${a.error}` } : {}) };
}

export function registrationExchange(r: RegistrationEvent): Exchange {
  const what = [r.clientId ? `client_id=${r.clientId}` : '', r.authMethod ? `token_endpoint_auth_method=${r.authMethod}` : ''].filter(Boolean).join(', ');
  return { request: `#${r.seq} POST /register${what ? ` → ${what}` : ''}`, ...(r.status ? { status: r.status } : {}) };
}

/** The whole run, one line per request, tokens named by label: what a reviewer reads to verify a verdict. */
export function timeline(recording: Recording): string[] {
  return recording.timeline().map((e) => {
    const x =
      e.type === 'mcp'
        ? mcpExchange(recording, e)
        : e.type === 'token'
          ? tokenExchange(recording, e)
          : e.type === 'metadata'
            ? metadataExchange(e)
            : e.type === 'authorize'
              ? authorizeExchange(e)
              : registrationExchange(e);
    const answer = x.status ? ` → ${x.status}${x.body ? ` (${x.body})` : ''}` : ' → no answer';
    return `${x.request.replace(/^#(\d+)/, `#$1 +${e.at}ms`)}${answer}`;
  });
}

export function byStep(e: McpEvent, user: string, step: number): boolean {
  return e.marker?.user === user && 'step' in e.marker && e.marker.step === step;
}

export function inBurst(e: McpEvent, user: string): boolean {
  return e.marker?.user === user && 'burst' in e.marker;
}

export function ok(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
