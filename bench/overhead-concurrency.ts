// Benchmark: what authentication costs as load grows, and whether the probe finds a known cost
// at every level. Rerun with `npm run bench:overhead-concurrency [-- --seconds 3]`.
//
// Five reference servers run side by side (ES256): the auth-off twin, the compliant reference, the
// reference with FLAW=verify-delay-2ms (verification waits 2 ms more, without blocking) and two
// more compliant ones. At 1, 8, 32 and 128 pairs in flight, src/overhead/by-concurrency.ts measures
//   overhead   = Q(compliant TTFB) − Q(twin TTFB)        (what auth costs)
//   injected   = Q(flawed TTFB) − Q(compliant TTFB)      (the 2 ms, as the probe sees it)
//   identical  = Q(compliant′ TTFB) − Q(compliant″ TTFB) (must be 0: what this machine can resolve)
// each as paired differences from one run with bootstrap 95 % intervals. The levels and the two
// comparisons take turns, so a burst of load from elsewhere lands on all of them alike.
// Loopback only; everything started here is stopped at the end (and on Ctrl-C).
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Identity } from '../src/check.ts';
import { startIssuer } from '../src/issuer/issuer.ts';
import { request } from '../src/probe/messages.ts';
import { Probe } from '../src/probe/probe.ts';
import { Forge } from '../src/tokens/forge.ts';
import { CONCURRENCY_LEVELS, figureAt, measurePairsAt, type ConcurrencyFigure } from '../src/overhead/by-concurrency.ts';
import { post } from '../src/load/model/mcp-request.ts';
import type { Pair } from '../src/load/model/paired-stats.ts';
import type { Revision } from '../src/revisions.ts';
import { referenceServers } from './reference-servers.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '2' }, revision: { type: 'string', default: '2025-11-25' } } });
const SLICE_MS = (Number(values.seconds) * 1000) / Number(values.rounds);
const REVISION = values.revision as Revision;
const IDENTITY: Identity = { name: 'alice', subject: 'alice', roles: ['user'], username: 'alice' };

const { server, stopAll } = referenceServers();

const issuer = await startIssuer({ resource: 'http://127.0.0.1/bench-concurrency' });
const common = { AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.url, AUDIENCE: issuer.resource };
const load0 = loadavg().map((l) => Math.round(l * 100) / 100);
const benchStarted = performance.now();
const overhead = new Map<number, Pair[]>();
const injected = new Map<number, Pair[]>();
const identical = new Map<number, Pair[]>();
try {
  const [twin, compliant, flawed, one, other] = await Promise.all([server({ AUTH: 'off' }), server(common), server({ ...common, FLAW: 'verify-delay-2ms' }), server(common), server(common)]);
  const forge = new Forge(issuer, 'jwks');
  const tokens = await Promise.all(Array.from({ length: 256 }, () => forge.valid(IDENTITY, { claims: { exp: Math.floor(Date.now() / 1000) + 3600 } })));
  const open = async (url: string, token?: string) => (await new Probe({ url, revision: REVISION }).open(token ? { token } : {})).id;
  const sessions = { twin: await open(twin.url), compliant: await open(compliant.url, tokens[0]), flawed: await open(flawed.url, tokens[0]), one: await open(one.url, tokens[0]), other: await open(other.url, tokens[0]) };
  const call = (url: string, session: string | undefined, authed: boolean) => (n: number) =>
    post({ url, revision: REVISION, session, token: authed ? tokens[n % tokens.length] : undefined }, request(n + 1, 'tools/list', {}, REVISION));
  const comparisons = {
    overhead: { authed: call(compliant.url, sessions.compliant, true), baseline: call(twin.url, sessions.twin, false), into: overhead },
    injected: { authed: call(flawed.url, sessions.flawed, true), baseline: call(compliant.url, sessions.compliant, true), into: injected },
    identical: { authed: call(one.url, sessions.one, true), baseline: call(other.url, sessions.other, true), into: identical },
  };
  process.stderr.write(`bench:overhead-concurrency: ${values.seconds} s per level and comparison, ${REVISION}, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load0.join(' ')}\n`);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const level of CONCURRENCY_LEVELS) {
      for (const c of Object.values(comparisons).sort(() => Math.random() - 0.5)) {
        const pairs = await measurePairsAt(level, { authed: c.authed, baseline: c.baseline, levels: [level], budgetMsPerLevel: SLICE_MS });
        c.into.set(level, [...(c.into.get(level) ?? []), ...pairs]);
      }
    }
  }
} finally {
  await stopAll();
  await issuer.close();
}
const ci = (i: [number, number]) => `${i[0]}–${i[1]}`;
const rows: [ConcurrencyFigure, ConcurrencyFigure, ConcurrencyFigure][] = CONCURRENCY_LEVELS.map((l) => [figureAt(l, overhead.get(l) ?? []), figureAt(l, injected.get(l) ?? []), figureAt(l, identical.get(l) ?? [])]);
process.stdout.write(
  [
    '| pairs in flight | overhead p50 (95 % CI) | overhead p95 (95 % CI) | injected 2 ms at p50 (95 % CI) | injected at p95 | identical servers at p50 (95 % CI) | pairs |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(([o, i, s]) => `| ${o.inFlight} | ${o.p50Ms} ms (${ci(o.ci95.p50)}) | ${o.p95Ms} ms (${ci(o.ci95.p95)}) | ${i.p50Ms} ms (${ci(i.ci95.p50)}) | ${i.p95Ms} ms | ${s.p50Ms} ms (${ci(s.ci95.p50)}) | ${o.pairs} / ${i.pairs} / ${s.pairs} |`),
  ].join('\n') + '\n',
);
process.stdout.write(`\n${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, Node ${process.version}, ${REVISION}, ES256, ${Math.round((performance.now() - benchStarted) / 1000)} s, load average ${load0.join(' / ')} → ${loadavg().map((l) => Math.round(l * 100) / 100).join(' / ')}\n`);
