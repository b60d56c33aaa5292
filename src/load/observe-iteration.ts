// How long one iteration of a load script takes on this target, measured before k6 starts, so
// the VUs k6 pre-allocates match rate × latency (with headroom) instead of a fixed guess. A few
// dozen sequential calls over a kept-alive connection: the overhead script's iteration is one
// call to the target and one to the twin, the others' one call to the target.
import type { CheckContext, Verdict } from '../check.ts';
import { request } from '../probe/messages.ts';
import { Probe, succeeded } from '../probe/probe.ts';
import { keepAliveAgent, sendTimed } from '../overhead/timed-request.ts';
import { withEvidence } from '../verdict.ts';
import { post, type CallTarget } from './model/mcp-request.ts';
import { ascending, quantile } from './model/paired-stats.ts';

const CALLS = 40;

/** p90 of the wall time of one iteration in ms, or why there is none (an `error` verdict with the failed exchange). */
export type Observation = { iterationMs: number } | { failed: Verdict };

export async function observeIteration(ctx: CheckContext, withTwin: boolean): Promise<Observation> {
  const token = await ctx.forge.valid(ctx.identity);
  const opened = [{ label: 'target', response: (await ctx.probe.open({ token, label: 'valid token' })).response }];
  const sides: { label: string; target: CallTarget }[] = [{ label: 'target', target: { url: ctx.probe.url, revision: ctx.revision, token, session: opened[0]!.response.sessionId } }];
  if (withTwin && ctx.baseline) {
    // Its evidence is redacted like the target's: a twin may echo the run's secrets too.
    const twin = await new Probe({ url: ctx.baseline, revision: ctx.revision, timeoutMs: ctx.probe.timeoutMs, redact: ctx.probe.redact }).open({});
    opened.push({ label: 'baseline twin', response: twin.response });
    sides.push({ label: 'baseline twin', target: { url: ctx.baseline, revision: ctx.revision, session: twin.id } });
  }
  for (const o of opened) {
    if (!succeeded(o.response)) {
      return { failed: withEvidence({ status: 'error', reason: `could not open a session on the ${o.label} before the load test (HTTP ${o.response.status})` }, [o]) };
    }
  }
  const agents = sides.map(() => keepAliveAgent());
  const times: number[] = [];
  try {
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      for (const [n, side] of sides.entries()) {
        const r = await sendTimed(post(side.target, request(900_000 + i, 'tools/list', {}, ctx.revision)), agents[n]!, ctx.probe.timeoutMs);
        if (r.status < 200 || r.status >= 300) {
          const answer = r.status ? `HTTP ${r.status}` : ctx.probe.redact(r.error ?? 'no answer');
          return { failed: { status: 'error', reason: `the ${side.label} did not answer tools/list (2xx expected) while the latency was measured before the load test: ${answer}` } };
        }
      }
      times.push(performance.now() - started);
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return { iterationMs: Math.ceil(quantile(ascending(times.slice(5)), 0.9) * 10) / 10 };
}
