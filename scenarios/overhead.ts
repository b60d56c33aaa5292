// Family `overhead`: what authentication costs. A Node-native paired probe sends the same MCP
// call to the target (rotating valid tokens) and to its auth-off twin, back to back in random
// order, and reports p50/p95/p99 overhead with bootstrap confidence intervals. It keeps sampling
// until the p95 interval is ±0.25 ms or the time budget ends, and the verdict weighs the precision
// reached. In the first revision it also measures the overhead with 8, 32 and 128 pairs in flight
// (metrics.overhead.byConcurrency, where 1 in flight is the revision's own run). No k6 needed;
// `mcp-auth-harness load` measures under load.
import type { Verdict } from '../src/check.ts';
import { defineFamily, settingsOf, type CheckSpec } from '../src/family.ts';
import { int, number, section } from '../src/config/schema-kit.ts';
import { overheadMetrics } from '../src/overhead/report-metrics.ts';
import { ALL_REVISIONS } from '../src/define.ts';
import { request } from '../src/probe/messages.ts';
import { Probe, succeeded } from '../src/probe/probe.ts';
import { withEvidence } from '../src/verdict.ts';
import { CONCURRENCY_LEVELS, figureAt, measureByConcurrency } from '../src/overhead/by-concurrency.ts';
import { figuresOf } from '../src/overhead/figures.ts';
import { measurePairs } from '../src/overhead/paired-probe.ts';
import { preciseEnough, TARGET_P95_HALF_WIDTH_MS } from '../src/overhead/precision.ts';
import { keepAliveAgent } from '../src/overhead/timed-request.ts';
import { post, type CallTarget } from '../src/load/model/mcp-request.ts';
import { summarizeOverhead } from '../src/load/model/paired-stats.ts';
import * as req from './requirements/index.ts';
import { specOf } from './requirements/index.ts';

// pairs: the most pairs taken; sampling stops earlier once the p95 interval is narrow enough, or
// when budgetMs ends. concurrencyBudgetMs: per level, in the first revision only.
export const OVERHEAD_DEFAULTS = { thresholdMs: 10, pairs: 20_000, budgetMs: 1000, warmup: 20, tokens: 32, concurrencyBudgetMs: 200 };

/** The paired probe: the check fails when p95 overhead reaches thresholdMs; at most `pairs` per revision; about budgetMs per revision. */
const overheadSettings = section({
  thresholdMs: number(0, 10_000, { exclusiveMin: true, unit: ' ms' }).default(OVERHEAD_DEFAULTS.thresholdMs),
  pairs: int(20, 100_000).default(OVERHEAD_DEFAULTS.pairs),
  budgetMs: int(100, 600_000, ' ms').default(OVERHEAD_DEFAULTS.budgetMs),
}).prefault({});

const p95: CheckSpec = {
  id: 'overhead.auth.p95',
  title: 'Authentication adds less than the threshold (default 10 ms) at p95, paired against the auth-off twin',
  spec: specOf(req.AUTH_OVERHEAD_BUDGET, req.MCP_VALIDATE_TOKENS),
  // Not a requirement of any specification: the team's own latency budget (hardening, so it warns
  // by default; --strict or strict: true makes it a gate).
  requirement: req.AUTH_OVERHEAD_BUDGET,
  impact: 'Every request pays for authentication (typically a JWKS fetch or a remote introspection per call): latency and load on the identity provider grow with traffic.',
  fix: 'Cache the JWK Set (or introspection results, within their lifetime) and verify tokens locally; measure again against the auth-off twin.',
  severity: 'medium',
  revisions: ALL_REVISIONS,
  needs: ['mint', 'baseline'],
  flaw: 'slow-jwks',
  async run(ctx) {
    if (!ctx.baseline) return { status: 'error', reason: 'the baseline twin (target.baseline) was not started' };
    const settings = { ...OVERHEAD_DEFAULTS, ...settingsOf(ctx.config, 'overhead', overheadSettings) };
    const tokens = await Promise.all(Array.from({ length: OVERHEAD_DEFAULTS.tokens }, () => ctx.forge.valid(ctx.identity)));
    const twin = new Probe({ url: ctx.baseline, revision: ctx.revision, timeoutMs: ctx.probe.timeoutMs, redact: ctx.probe.redact });
    const [authedSession, twinSession] = await Promise.all([ctx.probe.open({ token: tokens[0], label: 'valid token' }), twin.open({})]);
    for (const [label, opened] of [['target', authedSession], ['baseline twin', twinSession]] as const) {
      if (!succeeded(opened.response)) {
        return withEvidence({ status: 'error', reason: `could not open a session on the ${label} (HTTP ${opened.response.status})` }, [{ label, response: opened.response }]);
      }
    }
    const { method, params } = ctx.config.probe;
    const side = (target: CallTarget, token: (n: number) => string | undefined) => ({
      agent: keepAliveAgent(),
      call: (n: number) => post({ ...target, token: token(n) }, request(n + 1000, method, params, ctx.revision)),
    });
    const authed = side({ url: ctx.probe.url, revision: ctx.revision, session: authedSession.id }, (n) => tokens[n % tokens.length]);
    const baseline = side({ url: ctx.baseline, revision: ctx.revision, session: twinSession.id }, () => undefined);
    let run: Awaited<ReturnType<typeof measurePairs>>;
    try {
      run = await measurePairs({
        authed,
        baseline,
        pairs: settings.pairs,
        warmup: settings.warmup,
        budgetMs: settings.budgetMs,
        timeoutMs: ctx.probe.timeoutMs,
        enough: preciseEnough(TARGET_P95_HALF_WIDTH_MS),
      });
    } finally {
      authed.agent.destroy();
      baseline.agent.destroy();
    }
    const verdict = judge(run, settings.thresholdMs, method);
    const first = ctx.config.target.revisions[0];
    if (verdict.status === 'error' || ctx.revision !== first) return verdict;
    // One pair in flight is what was just measured: its pairs stand for that level.
    const byConcurrency = [figureAt(1, run.pairs), ...await measureByConcurrency({
      authed: authed.call,
      baseline: baseline.call,
      levels: CONCURRENCY_LEVELS.filter((level) => level > 1),
      budgetMsPerLevel: OVERHEAD_DEFAULTS.concurrencyBudgetMs,
      timeoutMs: ctx.probe.timeoutMs,
    })];
    const evidence = verdict.evidence as { overhead: Record<string, unknown> };
    evidence.overhead.byConcurrency = byConcurrency;
    return verdict;
  },
};

function judge(run: Awaited<ReturnType<typeof measurePairs>>, thresholdMs: number, method: string): Verdict {
  const note = `${method}: ${run.pairs.length} pairs in ${Math.round(run.durationMs)} ms (stopped by ${run.stoppedBy}); overhead at q = q-quantile of the target's time to first byte minus the twin's`;
  if (run.pairs.length < 20) {
    const why = run.failures[0];
    return {
      status: 'error',
      reason: `too few paired answers to measure (${run.pairs.length})${why ? `: the ${why.side} call failed (HTTP ${why.status}${why.error ? `, ${why.error}` : ''})` : ''}`,
      evidence: { note, failures: run.failures },
    };
  }
  const overhead = figuresOf(summarizeOverhead(run.pairs), thresholdMs);
  const evidence = { note, overhead, ...(run.failures.length ? { failures: run.failures } : {}) };
  const precise = overhead.p95HalfWidthMs <= overhead.targetP95HalfWidthMs;
  const figure = `p95 overhead ${overhead.p95Ms} ms ± ${overhead.p95HalfWidthMs} (95 % CI ${overhead.ci95.p95[0]}–${overhead.ci95.p95[1]}${precise ? '' : `, wider than the ±${overhead.targetP95HalfWidthMs} ms aimed for`}; p50 ${overhead.p50Ms} ms)`;
  const [low, high] = overhead.ci95.p95;
  // The whole interval on one side of the line settles it, however wide; a point estimate on the
  // right side only counts when the interval is as narrow as sampling aimed for.
  if (high < thresholdMs || (overhead.p95Ms < thresholdMs && precise)) return { status: 'pass', reason: `${figure} < ${thresholdMs} ms`, evidence };
  if (low >= thresholdMs) return { status: 'fail', reason: `${figure} ≥ threshold ${thresholdMs} ms`, evidence };
  // The interval straddles the line: a noisy machine, not a finding. Say so.
  return {
    status: 'warn',
    reason: `${figure}: the interval straddles the ${thresholdMs} ms threshold — inconclusive; rerun on a quieter machine or raise overhead.budgetMs`,
    evidence,
  };
}

export default defineFamily({
  name: 'overhead',
  settings: { overhead: overheadSettings },
  starts: ['baseline'],
  capabilities: {
    baseline: { missing: 'no baseline twin is configured (target.baseline: the same server with auth off)', available: (config) => config.target.baseline !== undefined },
  },
  // measures latency: after the other families, beside only those that wait out time windows
  schedule: 'timing',
  metrics: overheadMetrics,
  checks: [p95],
});
