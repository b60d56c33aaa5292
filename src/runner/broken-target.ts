// When the target broke, its answers are not findings. A family's positive control tells a target
// that broke (no answer, a server error, a redirect, a 2xx that is no JSON-RPC answer) from one
// that merely refused the harness's token (a 4xx: a misconfiguration, and the checks that need no
// token still judge it). A verdict reached on a broken or dead target becomes an error naming why.
import type { Verdict } from '../check.ts';
import { succeeded, type McpResponse } from '../probe/probe.ts';
import type { TargetDown, TargetLiveness } from './target-liveness.ts';

/** Why the control's answer shows a broken target, or undefined. */
export function brokenBy(control: McpResponse): string | undefined {
  const { status } = control;
  if (status === 0) return control.error ?? 'no answer';
  if (status >= 500) return `HTTP ${status}`;
  if (status >= 300 && status < 400) return `HTTP ${status}, a redirect${control.headers.location ? ` to ${control.headers.location}` : ''}`;
  if (status < 300 && !succeeded(control)) {
    const answer = control.answer ?? control.messages[0];
    if (answer?.error) return undefined; // refused in-band: an answer
    return `HTTP ${status} without a JSON-RPC answer (${control.error ?? answer?.malformed ?? 'no JSON-RPC message in the body'})`;
  }
  return undefined;
}

/** A fail on a target whose control shows it broken proves nothing. */
export function onBrokenTarget(verdict: Verdict, broken: string | undefined): Verdict {
  if (!broken || verdict.status !== 'fail') return verdict;
  return { ...verdict, status: 'error', reason: `the target is broken (its positive control got ${broken}), so this proves nothing: ${verdict.reason ?? 'fail'}` };
}

/** A verdict reached while the target went down proves nothing (a skip still holds). */
export function onDeadTarget(verdict: Verdict, down: TargetDown | undefined): Verdict {
  if (!down || verdict.status === 'skip') return verdict;
  const was = verdict.status === 'error' ? (verdict.reason ?? 'error') : `${verdict.status}${verdict.reason ? `: ${verdict.reason}` : ''}`;
  return { ...verdict, status: 'error', reason: `the target ${down.reason} during this check, so this proves nothing (${was})` };
}

/** The verdict of a check that was not run because the target was already down. */
export function notRun(down: TargetDown): Verdict {
  return { status: 'error', reason: `not run: the target ${down.reason}${down.during ? ` (during ${down.during})` : ''}` };
}

export interface TargetGuard {
  liveness?: TargetLiveness;
  /** Why the family's positive control shows the target broken (brokenBy), if it does. */
  broken?: string;
  /** The check, as id@revision, for the report's "down during". */
  key: string;
}

/** Runs a check unless the target is already down, and turns what a broken or dead target made of it into an error. */
export async function guardedRun(run: () => Promise<Verdict>, guard: TargetGuard): Promise<Verdict> {
  const before = guard.liveness?.known();
  if (before) return notRun(before);
  const verdict = onBrokenTarget(await run(), guard.broken);
  if (!guard.liveness) return verdict;
  const down = verdict.status === 'fail' || verdict.status === 'error' ? await guard.liveness.check(guard.key) : guard.liveness.known(guard.key);
  return onDeadTarget(verdict, down);
}
