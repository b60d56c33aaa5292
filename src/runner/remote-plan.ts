// A run against a deployed (non-loopback) target: what it will send, to which host, how fast —
// said before the first request — and which checks stay off unless asked for by name.
import type { Check, Revision } from '../check.ts';
import counts from './request-counts.json' with { type: 'json' };

/** Families that put load on a target: off for remote targets unless --only names them. */
export const LOAD_FAMILIES = ['overhead'];
/** Checks that fire many requests at once. */
export const CONCURRENCY_CHECKS = ['sessions.concurrent.isolation'];

/** Requests a check sent per revision against the reference (bench/request-counts.ts); unknown checks: 10. */
const PER_CHECK: Record<string, number> = counts;
const UNKNOWN_CHECK_REQUESTS = 10;

const isLoad = (c: Check) => LOAD_FAMILIES.includes(c.family);

/**
 * Requests of the checks that send a fixed number. A load family measures for a time budget: what
 * it sent to the reference on loopback says nothing of what it sends at --max-rps (the notice
 * names it instead).
 */
export function estimateRequests(checks: readonly Check[], revisions: readonly Revision[]): number {
  let n = 0;
  for (const check of checks.filter((c) => !isLoad(c))) for (const r of revisions) if (check.revisions.includes(r)) n += PER_CHECK[check.id] ?? UNKNOWN_CHECK_REQUESTS;
  return n;
}

/** Without --only, a remote run leaves the load and concurrency checks out. */
export function remoteSelection(checks: readonly Check[], explicit: boolean): { checks: Check[]; left: Check[] } {
  if (explicit) return { checks: [...checks], left: [] };
  const off = (c: Check) => LOAD_FAMILIES.includes(c.family) || CONCURRENCY_CHECKS.includes(c.id);
  return { checks: checks.filter((c) => !off(c)), left: checks.filter(off) };
}

/** `checks`: those that will run; `left`: those remoteSelection left out. */
export function remoteNotice(host: string, requests: number, maxRps: number, left: readonly Check[], checks: readonly Check[] = []): string {
  const minutes = requests / maxRps / 60;
  const duration = minutes >= 1 ? `${Math.ceil(minutes)} min` : `${Math.ceil(requests / maxRps)} s`;
  const timed = [...new Set(checks.filter(isLoad).map((c) => c.family))];
  const plus = timed.length ? `, plus the ${timed.join(', ')} family's measurement for its time budget per revision` : '';
  const off = left.length ? `; left out: ${[...new Set(left.map((c) => (isLoad(c) ? `${c.family} family` : c.id)))].join(', ')} (load on the target — name them with --only to run them)` : '';
  return `remote target ${host}: about ${requests} requests${plus}, at most ${maxRps} per second (--max-rps), so at least ${duration}${off}`;
}
