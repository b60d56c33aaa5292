// A run the checks cannot judge: the program never reached the MCP endpoint, crashed before its
// workload, exited without doing it, or hung before it. Said in one line (the CLI exits 2),
// never as a list of failed checks.
import { redactText } from '../report/redact.ts';
import type { CommandOutcome } from './client-command.ts';
import type { Recording } from './recording.ts';

export class ClientRunError extends Error {
  override name = 'ClientRunError';
}

export function describeExit(o: CommandOutcome): string {
  if (o.timedOut) return 'was stopped at the timeout';
  if (o.signal) return `was killed by ${o.signal}`;
  return `exited with code ${o.code}`;
}

/** Why the run cannot be judged, in one line; undefined when it can. */
export function unusableRun(recording: Recording, outcome: CommandOutcome, mcpUrl: string, secrets: string[]): string | undefined {
  const marked = recording.mcp.filter((e) => e.marker);
  if (marked.length) return undefined;
  const tail = redactText(`${outcome.stderr}\n${outcome.stdout}`, secrets).trim().split('\n').filter(Boolean).slice(-3).join(' | ');
  const output = tail ? `; last output: ${tail.slice(0, 300)}` : '';
  const seen = recording.mcp.length ? ` (${sawSummary(recording)})` : '';
  if (outcome.timedOut) {
    const last = recording.mcp.at(-1);
    const where = last ? `after ${recording.mcp.length} requests, the last #${last.seq} ${last.method} ${last.rpc ?? ''}`.trimEnd() : `without a request to ${mcpUrl}`;
    return `the client hung: it was stopped at the timeout (${Math.round(outcome.durationMs / 1000)} s) before any workload call, ${where}${output}`;
  }
  if (!recording.mcp.length) {
    if (outcome.code === 0) return `the client exited with code 0 without connecting to ${mcpUrl}${output}`;
    return `the client crashed at start (it ${describeExit(outcome)}) before any request to ${mcpUrl}${output}`;
  }
  if (outcome.code === 0) return `the client exited with code 0 without doing the workload: no call of echo with a "<user>/<i>" marker${seen}${output}`;
  return `the client never got to its workload (it ${describeExit(outcome)}): no call of echo with a "<user>/<i>" marker${seen}${output}`;
}

/** "5 MCP requests: POST initialize → 401 ×5; 0 token requests". */
function sawSummary(recording: Recording): string {
  const counts = new Map<string, number>();
  for (const e of recording.mcp) {
    const key = `${e.method} ${e.rpc ?? e.path}`.trim() + ` → ${e.status ?? 'no answer'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const what = [...counts].slice(0, 3).map(([k, n]) => `${k}${n > 1 ? ` ×${n}` : ''}`).join(', ');
  return `${recording.mcp.length} MCP requests: ${what}; ${recording.tokens.length} token requests${refusedSignIns(recording)}`;
}

/** "; 2 sign-ins refused by the authorization server: invalid_request (code_challenge is required (PKCE))". */
function refusedSignIns(recording: Recording): string {
  const refused = recording.authorizations.filter((a) => a.error);
  if (!refused.length) return '';
  const first = refused[0]!;
  return `; ${refused.length} sign-in(s) refused by the authorization server: ${first.error}${first.errorDescription ? ` (${first.errorDescription})` : ''}`;
}
