// What authentication costs as load grows: the paired probe with N pairs in flight at once.
// N workers, each with its own kept-alive connection to the target and to the twin, send pairs
// (the same call to both, back to back, in random order) until the level's time budget ends.
// The overhead at q is Q_q(target TTFB) − Q_q(twin TTFB) over that level's pairs, with paired
// bootstrap intervals. A verifier that blocks the event loop shows here as overhead that grows
// with N: every request queued behind it waits for its verification too.
import { keepAliveAgent, sendTimed } from './timed-request.ts';
import { answerFor, succeeded } from '../load/model/mcp-answer.ts';
import type { HttpCall } from '../load/model/mcp-request.ts';
import { bootstrapIntervals, quantile, roundMs, ascending, type Interval, type Pair } from '../load/model/paired-stats.ts';

export const CONCURRENCY_LEVELS = [1, 8, 32, 128] as const;
/** Fewer pairs than this make no figure; a level measures past its budget (up to 3 ×) to get them. */
const MIN_PAIRS = 20;

export interface ConcurrencyFigure {
  inFlight: number;
  p50Ms: number;
  p95Ms: number;
  ci95: { p50: Interval; p95: Interval };
  pairs: number;
}

export interface ByConcurrencyOptions {
  /** The call to each side for pair number n (rotating tokens live here). */
  authed: (n: number) => HttpCall;
  baseline: (n: number) => HttpCall;
  levels: readonly number[];
  budgetMsPerLevel: number;
  /** Pairs each worker sends first and throws away (its connections); default 1. */
  warmupPerWorker?: number;
  timeoutMs?: number;
  random?: () => number;
}

export async function measurePairsAt(inFlight: number, opts: ByConcurrencyOptions): Promise<Pair[]> {
  const random = opts.random ?? Math.random;
  const pairs: Pair[] = [];
  let n = 0;
  let failures = 0;
  let deadline = Infinity;
  let capped = false;
  // past the budget only while too few pairs for a figure have come (a slow or busy machine)
  const goOn = () => !capped && failures < 5 && (performance.now() < deadline || pairs.length < MIN_PAIRS);
  const worker = async () => {
    const agents = { authed: keepAliveAgent(), baseline: keepAliveAgent() };
    try {
      for (let i = 0; goOn(); i++) {
        const k = n++;
        const calls = { authed: opts.authed(k), baseline: opts.baseline(k) };
        const order = random() < 0.5 ? (['authed', 'baseline'] as const) : (['baseline', 'authed'] as const);
        const got: Partial<Record<'authed' | 'baseline', number>> = {};
        for (const side of order) {
          const r = await sendTimed(calls[side], agents[side], opts.timeoutMs);
          const answer = calls[side].id === undefined ? undefined : answerFor(r.headers['content-type'] ?? '', r.body, calls[side].id);
          if (r.error || !succeeded(r.status, answer)) failures++;
          else got[side] = r.ttfbMs;
        }
        if (i >= (opts.warmupPerWorker ?? 1) && got.authed !== undefined && got.baseline !== undefined) pairs.push({ authed: got.authed, baseline: got.baseline });
        if (i === (opts.warmupPerWorker ?? 1) - 1 && deadline === Infinity) deadline = performance.now() + opts.budgetMsPerLevel;
      }
    } finally {
      agents.authed.destroy();
      agents.baseline.destroy();
    }
  };
  // the budget starts once the first worker is warm; every level stops at 3 × budget
  const cap = setTimeout(() => (capped = true), 3 * opts.budgetMsPerLevel);
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    clearTimeout(cap);
  }
  return pairs;
}

export function figureAt(inFlight: number, pairs: readonly Pair[]): ConcurrencyFigure {
  const [p50, p95] = bootstrapIntervals(pairs, [0.5, 0.95]);
  const a = ascending(pairs.map((p) => p.authed));
  const b = ascending(pairs.map((p) => p.baseline));
  const round = (i: Interval): Interval => [roundMs(i[0]), roundMs(i[1])];
  return {
    inFlight,
    p50Ms: roundMs(quantile(a, 0.5) - quantile(b, 0.5)),
    p95Ms: roundMs(quantile(a, 0.95) - quantile(b, 0.95)),
    ci95: { p50: round(p50), p95: round(p95) },
    pairs: pairs.length,
  };
}

export async function measureByConcurrency(opts: ByConcurrencyOptions): Promise<ConcurrencyFigure[]> {
  const out: ConcurrencyFigure[] = [];
  for (const level of opts.levels) {
    const pairs = await measurePairsAt(level, opts);
    if (pairs.length >= MIN_PAIRS) out.push(figureAt(level, pairs));
  }
  return out;
}
