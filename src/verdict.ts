// Turning HTTP exchanges into verdicts. A rejection check passes when every variant is refused
// with a 4xx; the exact status and challenge are the job of their own checks, so one defect
// fails one check instead of fifty.
import type { Status, Verdict } from './check.ts';
import { succeeded, type McpResponse } from './probe/probe.ts';

export interface Attempt {
  label: string;
  response: McpResponse;
}

const RANK: Record<Status, number> = { pass: 0, skip: 0, warn: 1, error: 2, fail: 3 };

/** Among fails, one naming a MUST outranks one of the check's own requirement, which outranks one naming a weaker requirement. */
function rank(v: Verdict): number {
  if (v.status !== 'fail') return RANK[v.status] * 3;
  return RANK.fail * 3 + (v.requirement ? (v.requirement.level === 'MUST' ? 2 : 0) : 1);
}

export function worst(verdicts: Verdict[]): Verdict {
  let out: Verdict = { status: 'pass' };
  for (const v of verdicts) if (rank(v) > rank(out)) out = v;
  return out;
}

/** Every attempt must be refused (4xx); 2xx success fails, 5xx fails, a broken exchange is an error. */
export function refused(attempts: Attempt[]): Verdict {
  return judgeEach(attempts, ({ label, response: r }): Verdict => {
    if (r.error && !r.status) return { status: 'error', reason: `${label}: ${r.error}` };
    if (succeeded(r)) return { status: 'fail', reason: `${label} was accepted (HTTP ${r.status})` };
    if (r.status >= 500) return { status: 'fail', reason: `${label} caused a server error (HTTP ${r.status}) instead of a 4xx refusal` };
    if (r.status < 400)
      return { status: 'warn', reason: `${label} was refused in-band (HTTP ${r.status} with a JSON-RPC error) instead of HTTP 401` };
    return { status: 'pass' };
  });
}

/** Every attempt must succeed. */
export function accepted(attempts: Attempt[]): Verdict {
  return judgeEach(attempts, ({ label, response: r }): Verdict => {
    if (r.error && !r.status) return { status: 'error', reason: `${label}: ${r.error}` };
    if (!succeeded(r)) return { status: 'fail', reason: `${label} was refused (HTTP ${r.status}) but must be accepted` };
    return { status: 'pass' };
  });
}

/** Judges each attempt on its own; the worst verdict wins and every exchange is evidence. */
export function judgeEach(attempts: Attempt[], judge: (attempt: Attempt, index: number) => Verdict): Verdict {
  return withEvidence(worst(attempts.map(judge)), attempts);
}

export function withEvidence(v: Verdict, attempts: Attempt[]): Verdict {
  return {
    ...v,
    evidence: { ...v.evidence, exchanges: attempts.map((a) => ({ ...a.response.exchange, request: `[${a.label}] ${a.response.exchange.request}` })) },
  };
}

/** The parameters of a `Bearer` challenge, or undefined when there is none. */
export function bearerChallenge(response: McpResponse): Record<string, string> | undefined {
  const header = response.headers['www-authenticate'];
  if (!header) return undefined;
  const at = header.search(/\bbearer\b/i);
  if (at < 0) return undefined;
  const rest = header.slice(at + 'bearer'.length);
  const params: Record<string, string> = {};
  for (const p of rest.matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  }
  return params;
}

/** The attempt must be answered with exactly this HTTP status. */
export function answeredWith(status: number, { label, response }: Attempt): Verdict {
  if (response.error && !response.status) return { status: 'error', reason: `${label}: ${response.error}` };
  if (response.status === status) return { status: 'pass' };
  return { status: 'fail', reason: `${label} was answered HTTP ${response.status}, expected ${status}` };
}
