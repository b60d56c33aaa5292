// A request-rate cap per origin (--max-rps against a deployed target): every request to that
// origin — the probe's, a family's own, the readiness wait — waits for its slot. Slots are spaced
// evenly (1/rps apart), so there are no bursts for a staging deployment's rate limiter to punish.
interface Limiter {
  intervalMs: number;
  next: number;
  sent: number;
}

const limiters = new Map<string, Limiter>();

/** Caps requests to the origin of `url` at `rps` per second; returns the undo. */
export function limitRate(url: string, rps: number): () => void {
  if (!(rps > 0)) throw new Error(`a request rate must be > 0 (got ${rps})`);
  const origin = new URL(url).origin;
  const limiter = { intervalMs: 1000 / rps, next: 0, sent: 0 };
  limiters.set(origin, limiter);
  return () => {
    if (limiters.get(origin) === limiter) limiters.delete(origin);
  };
}

/** Resolves when a request to `url` may go out (at once for an origin without a cap). */
export function rateSlot(url: string): Promise<void> | undefined {
  const limiter = limiters.get(new URL(url).origin);
  if (!limiter) return undefined;
  limiter.sent++;
  const now = performance.now();
  const at = Math.max(now, limiter.next);
  limiter.next = at + limiter.intervalMs;
  return at > now ? new Promise((r) => setTimeout(r, at - now)) : undefined;
}

/** Requests counted for the origin of `url` since its cap was set. */
export function requestsSent(url: string): number {
  return limiters.get(new URL(url).origin)?.sent ?? 0;
}
