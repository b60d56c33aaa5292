// Benchmark: how many pairs the overhead family's p95 interval needs. The paired probe of
// `overhead.auth.p95` (src/overhead/paired-probe.ts) runs against the embedded reference (ES256)
// and its auth-off twin for a fixed time, never stopping early; then the p95 overhead's bootstrap
// half-width is computed as the report would after the first 400, 800, … pairs. It prints the
// pairs per second, the half-width the default budget reaches, and the pairs (and seconds) the
// ±0.25 ms target takes. Rerun with `npm run bench:overhead-precision [-- --seconds 10]`.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startIssuer } from '../src/issuer/issuer.ts';
import { post } from '../src/load/model/mcp-request.ts';
import { measurePairs } from '../src/overhead/paired-probe.ts';
import { reportedP95HalfWidth, TARGET_P95_HALF_WIDTH_MS } from '../src/overhead/precision.ts';
import { keepAliveAgent } from '../src/overhead/timed-request.ts';
import { request } from '../src/probe/messages.ts';
import { Probe } from '../src/probe/probe.ts';
import type { Revision } from '../src/revisions.ts';
import { Forge } from '../src/tokens/forge.ts';
import { OVERHEAD_DEFAULTS } from '../scenarios/overhead.ts';
import { referenceServers } from './reference-servers.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, revision: { type: 'string', default: '2025-11-25' }, method: { type: 'string', default: 'tools/list' } } });
const REVISION = values.revision as Revision;
const load = () => loadavg().map((l) => Math.round(l * 100) / 100).join(' / ');
const load0 = load();

const { server, stopAll } = referenceServers();

const issuer = await startIssuer({ resource: 'http://127.0.0.1/bench-precision' });
let run: Awaited<ReturnType<typeof measurePairs>>;
try {
  const [twin, reference] = await Promise.all([server({ AUTH: 'off' }), server({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.url, AUDIENCE: issuer.resource })]);
  const forge = new Forge(issuer, 'jwks');
  const tokens = await Promise.all(Array.from({ length: OVERHEAD_DEFAULTS.tokens }, () => forge.valid({ name: 'alice', subject: 'alice', roles: ['user'] })));
  const side = async (url: string, authed: boolean) => {
    const session = (await new Probe({ url, revision: REVISION }).open(authed ? { token: tokens[0] } : {})).id;
    return { agent: keepAliveAgent(), call: (n: number) => post({ url, revision: REVISION, session, token: authed ? tokens[n % tokens.length] : undefined }, request(n + 1000, values.method, {}, REVISION)) };
  };
  const authed = await side(reference.url, true);
  const baseline = await side(twin.url, false);
  process.stderr.write(`bench:overhead-precision: ${values.seconds} s of pairs, ${values.method}, ${REVISION}, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load0}\n`);
  run = await measurePairs({ authed, baseline, pairs: 1_000_000, warmup: OVERHEAD_DEFAULTS.warmup, budgetMs: Number(values.seconds) * 1000 });
  authed.agent.destroy();
  baseline.agent.destroy();
} finally {
  await stopAll();
  await issuer.close();
}
const perSecond = run.pairs.length / (run.durationMs / 1000);
const inBudget = Math.round((perSecond * OVERHEAD_DEFAULTS.budgetMs) / 1000);
const counts = [...[400, 800, 1600, 3200, 6400].filter((n) => n < run.pairs.length), run.pairs.length];
const rows = counts.map((n) => ({ n, halfWidth: reportedP95HalfWidth(run.pairs.slice(0, n)) }));
const enough = rows.find((r) => r.halfWidth <= TARGET_P95_HALF_WIDTH_MS);
process.stdout.write(
  [
    '| pairs | p95 overhead half-width (95 % CI) |',
    '|---:|---:|',
    ...rows.map((r) => `| ${r.n} | ±${r.halfWidth.toFixed(2)} ms |`),
    '',
    `${Math.round(perSecond)} pairs/s, so the default budget (${OVERHEAD_DEFAULTS.budgetMs} ms) takes about ${inBudget} pairs: ±${reportedP95HalfWidth(run.pairs.slice(0, inBudget)).toFixed(2)} ms. ` +
      (enough ? `±${TARGET_P95_HALF_WIDTH_MS} ms took ${enough.n} pairs, about ${(enough.n / perSecond).toFixed(1)} s per revision.` : `±${TARGET_P95_HALF_WIDTH_MS} ms was not reached in ${run.pairs.length} pairs.`),
    `Load average ${load0} → ${load()}.`,
  ].join('\n') + '\n',
);
