// How long one iteration of a load script takes on this target, measured before k6 starts, so
// the VUs k6 pre-allocates match rate × latency (with headroom) instead of a fixed guess. A few
// dozen sequential calls over a kept-alive connection: the overhead script's iteration is one
// call to the target and one to the twin, the others' one call to the target.
import type { CheckContext } from '../check.ts';
import { request } from '../probe/messages.ts';
import { Probe } from '../probe/probe.ts';
import { keepAliveAgent, sendTimed } from '../overhead/timed-request.ts';
import { post, type CallTarget } from './model/mcp-request.ts';
import { ascending, quantile } from './model/paired-stats.ts';

const CALLS = 40;

/** p90 of the wall time of one iteration, ms; undefined when the target does not answer 2xx. */
export async function observeIterationMs(ctx: CheckContext, withTwin: boolean): Promise<number | undefined> {
  const token = await ctx.forge.valid(ctx.identity);
  const sides: { target: CallTarget; agent: ReturnType<typeof keepAliveAgent> }[] = [];
  const authed = await ctx.probe.open({ token, label: 'valid token' });
  sides.push({ target: { url: ctx.probe.url, revision: ctx.revision, token, session: authed.id }, agent: keepAliveAgent() });
  if (withTwin && ctx.baseline) {
    const twin = await new Probe({ url: ctx.baseline, revision: ctx.revision, timeoutMs: ctx.probe.timeoutMs }).open({});
    sides.push({ target: { url: ctx.baseline, revision: ctx.revision, session: twin.id }, agent: keepAliveAgent() });
  }
  const times: number[] = [];
  try {
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      for (const side of sides) {
        const r = await sendTimed(post(side.target, request(900_000 + i, 'tools/list', {}, ctx.revision)), side.agent, ctx.probe.timeoutMs);
        if (r.status < 200 || r.status >= 300) return undefined;
      }
      times.push(performance.now() - started);
    }
  } finally {
    for (const side of sides) side.agent.destroy();
  }
  return Math.ceil(quantile(ascending(times.slice(5)), 0.9) * 10) / 10;
}
