// The Node-native paired probe: N pairs of the same MCP call, one to the target with a token and
// one to the auth-off twin, back to back in random order over kept-alive connections. Bounded by
// a pair count and a time budget, whichever comes first; stops early if calls keep failing.
import type http from 'node:http';
import type { Pair } from '../load/model/paired-stats.ts';
import { answerFor, succeeded } from '../load/model/mcp-answer.ts';
import type { HttpCall } from '../load/model/mcp-request.ts';
import { sendTimed, type TimedResponse } from './timed-request.ts';

export interface PairedSide {
  /** The call to send for pair number n (rotating tokens live here). */
  call(n: number): HttpCall;
  agent: http.Agent;
}

export interface PairedProbeOptions {
  authed: PairedSide;
  baseline: PairedSide;
  /** Measured pairs wanted. */
  pairs: number;
  /** Pairs sent first and thrown away (connections, JIT, caches); at most a fifth of the budget. */
  warmup: number;
  /** Measuring stops after about this long with whatever pairs it has (at least `minPairs`). */
  budgetMs: number;
  /** Fewer pairs than this are not worth a figure; measuring goes on for them up to 3 × budget. */
  minPairs?: number;
  timeoutMs?: number;
  random?: () => number;
  /**
   * Adaptive sampling: asked every `checkEvery` pairs (default 100) from `checkFrom` pairs on
   * (default 200); true stops the measurement (stoppedBy 'precision') before the pair count or
   * the budget does.
   */
  enough?: (pairs: readonly Pair[]) => boolean;
  checkFrom?: number;
  checkEvery?: number;
}

export interface PairFailure {
  side: 'authed' | 'baseline';
  status: number;
  error?: string;
  body?: string;
}

export interface PairedRun {
  pairs: Pair[];
  failures: PairFailure[];
  stoppedBy: 'count' | 'budget' | 'failures' | 'precision';
  durationMs: number;
}

const MAX_FAILURES = 5;

export async function measurePairs(opts: PairedProbeOptions): Promise<PairedRun> {
  const random = opts.random ?? Math.random;
  const minPairs = opts.minPairs ?? 20;
  const pairs: Pair[] = [];
  const failures: PairFailure[] = [];
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const one = async (n: number): Promise<Pair | undefined> => {
    const authedCall = opts.authed.call(n);
    const baselineCall = opts.baseline.call(n);
    const authedFirst = random() < 0.5;
    const first = await sendTimed(authedFirst ? authedCall : baselineCall, authedFirst ? opts.authed.agent : opts.baseline.agent, opts.timeoutMs);
    const second = await sendTimed(authedFirst ? baselineCall : authedCall, authedFirst ? opts.baseline.agent : opts.authed.agent, opts.timeoutMs);
    const a = authedFirst ? first : second;
    const b = authedFirst ? second : first;
    const bad = [failure('authed', authedCall, a), failure('baseline', baselineCall, b)].filter((f) => f !== undefined);
    failures.push(...bad);
    return bad.length ? undefined : { authed: a.ttfbMs, baseline: b.ttfbMs };
  };
  let n = 0;
  for (; n < opts.warmup && elapsed() < opts.budgetMs / 5 && failures.length < MAX_FAILURES; n++) await one(n);
  let stoppedBy: PairedRun['stoppedBy'] = 'count';
  for (; pairs.length < opts.pairs; n++) {
    if (failures.length >= MAX_FAILURES) {
      stoppedBy = 'failures';
      break;
    }
    if ((elapsed() > opts.budgetMs && pairs.length >= minPairs) || elapsed() > 3 * opts.budgetMs) {
      stoppedBy = 'budget';
      break;
    }
    const pair = await one(n);
    if (pair) pairs.push(pair);
    if (pair && opts.enough && pairs.length >= (opts.checkFrom ?? 200) && pairs.length % (opts.checkEvery ?? 100) === 0 && opts.enough(pairs)) {
      stoppedBy = 'precision';
      break;
    }
  }
  return { pairs, failures, stoppedBy, durationMs: elapsed() };
}

function failure(side: PairFailure['side'], call: HttpCall, r: TimedResponse): PairFailure | undefined {
  const answer = call.id === undefined ? undefined : answerFor(r.headers['content-type'] ?? '', r.body, call.id);
  if (!r.error && succeeded(r.status, answer)) return undefined;
  return { side, status: r.status, ...(r.error ? { error: r.error } : {}), ...(r.body ? { body: r.body.slice(0, 200) } : {}) };
}
