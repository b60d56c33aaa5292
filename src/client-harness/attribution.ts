// Which user a request belongs to and which workload call it serves. A client that reconnects
// (initialize, the GET stream, a discovery probe) sends requests without a marker; between two
// calls they are either the retries of the call before or the start of the call after.
import { markerText } from '../client/contract.ts';
import type { McpEvent, Recording } from './recording.ts';

/** The user a request is for: by its token, else by the session it names, else by its marker. */
export function ownerOf(recording: Recording, e: McpEvent): string | undefined {
  return e.user ?? (e.session ? recording.sessionOwners.get(e.session) : undefined) ?? e.marker?.user;
}

/**
 * Requests per workload call ("alice/4" → 3), for one user's requests in order. A marked request
 * counts for its call. A request without a marker counts as a retry of the call before it while
 * that call is within `allowance`, then as the start of the next marked call: the most lenient
 * reading that still keeps the total, so a storm between two calls always shows.
 */
export function requestsPerCall(events: McpEvent[], allowance: number): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (call: string) => counts.set(call, (counts.get(call) ?? 0) + 1);
  let previous: string | undefined;
  events.forEach((e, i) => {
    if (e.marker) return add((previous = markerText(e.marker)));
    if (previous !== undefined && (counts.get(previous) ?? 0) < allowance) return add(previous);
    const next = events.slice(i + 1).find((x) => x.marker);
    add(next ? markerText(next.marker!) : (previous ?? `${e.method} ${e.rpc ?? ''}`.trim()));
  });
  return counts;
}
