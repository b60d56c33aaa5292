// Benchmark: what authentication costs the reference server, per signing algorithm, and whether
// the probe finds a known injected cost. Rerun with `npm run bench:overhead [-- --pairs N]`.
//
// Per algorithm (HS256, ES256, RS256, EdDSA) three servers run side by side: the auth-off twin,
// the compliant reference and the reference with FLAW=verify-delay-2ms. Each iteration sends the
// same call to all three in random order (rotating pre-minted tokens), so every figure is a paired
// difference from one run; the algorithms take turns in blocks of 50 iterations:
//   overhead at q      = Q_q(compliant TTFB) − Q_q(twin TTFB)
//   injected delay p50 = median(flawed TTFB) − median(compliant TTFB)   (should be 2 ms ± 0.5)
// Then throughput: closed-loop, 8 concurrent connections, 1 s slices alternating compliant / twin
// (and algorithm).
// Loopback only; everything started here is stopped at the end (and on Ctrl-C).
import { availableParallelism, cpus, loadavg } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Identity } from '../src/check.ts';
import { startIssuer, type Issuer } from '../src/issuer/issuer.ts';
import { request } from '../src/probe/messages.ts';
import { Probe } from '../src/probe/probe.ts';
import { Forge } from '../src/tokens/forge.ts';
import type { SigningAlg } from '../src/tokens/keys.ts';
import { keepAliveAgent, sendTimed } from '../src/overhead/timed-request.ts';
import { post } from '../src/load/model/mcp-request.ts';
import { ascending, bootstrapIntervals, quantile, roundMs, summarizeOverhead, type Pair } from '../src/load/model/paired-stats.ts';
import type { Revision } from '../src/revisions.ts';
import { referenceServers } from './reference-servers.ts';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '2000' },
    revision: { type: 'string', default: '2025-11-25' },
    seconds: { type: 'string', default: '3' },
    out: { type: 'string', default: 'reports/bench-overhead.json' },
  },
});
const PAIRS = Number(values.pairs);
const REVISION = values.revision as Revision;
const THROUGHPUT_SLICES = Number(values.seconds);
const ALGS: ('HS256' | SigningAlg)[] = ['HS256', 'ES256', 'RS256', 'EdDSA'];
const IDENTITY: Identity = { name: 'alice', subject: 'alice', roles: ['user'], username: 'alice' };
const CONCURRENCY = 8;

const { server, stopAll } = referenceServers();

async function servers(alg: 'HS256' | SigningAlg, issuer: Issuer) {
  const auth: Record<string, string> = alg === 'HS256' ? { AUTH: 'hs256', JWT_SECRET: issuer.hs256Secret } : { AUTH: 'jwks', JWKS_URL: issuer.jwksUrl };
  // One audience for both authed servers: the resource the issuer mints for.
  const common = { ...auth, ISSUER: issuer.url, AUDIENCE: issuer.resource };
  const [twin, compliant, flawed] = await Promise.all([server({ AUTH: 'off' }), server(common), server({ ...common, FLAW: 'verify-delay-2ms' })]);
  return { twin, compliant, flawed };
}

interface Side {
  url: string;
  session?: string;
  agent: ReturnType<typeof keepAliveAgent>;
  authed: boolean;
}

async function side(url: string, token: string | undefined): Promise<Side> {
  const opened = await new Probe({ url, revision: REVISION }).open(token ? { token } : {});
  if (opened.response.status >= 300) throw new Error(`could not open a session on ${url}: HTTP ${opened.response.status}`);
  return { url, session: opened.id, agent: keepAliveAgent(), authed: token !== undefined };
}

let nextId = 1;
async function ttfb(s: Side, token: string | undefined): Promise<number> {
  const call = post({ url: s.url, revision: REVISION, session: s.session, token: s.authed ? token : undefined }, request(nextId++, 'tools/list', {}, REVISION));
  const r = await sendTimed(call, s.agent);
  if (r.status !== 200) throw new Error(`${s.url} answered HTTP ${r.status}: ${r.error ?? r.body.slice(0, 120)}`);
  return r.ttfbMs;
}

function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

async function throughput(s: Side, tokens: string[], ms: number): Promise<number> {
  const deadline = performance.now() + ms;
  let done = 0;
  const workers = Array.from({ length: CONCURRENCY }, async (_, w) => {
    const mine: Side = { ...s, agent: keepAliveAgent() };
    for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
      await ttfb(mine, tokens[i % tokens.length]);
      done++;
    }
    mine.agent.destroy();
  });
  await Promise.all(workers);
  return done / (ms / 1000);
}

interface Setup {
  alg: 'HS256' | SigningAlg;
  issuer: Issuer;
  tokens: string[];
  sides: { twin: Side; compliant: Side; flawed: Side };
  overhead: Pair[];
  injected: Pair[];
  authedRps: number[];
  twinRps: number[];
}

async function setUp(alg: 'HS256' | SigningAlg): Promise<Setup> {
  const issuer = await startIssuer({ alg: alg === 'HS256' ? 'ES256' : alg, resource: 'http://127.0.0.1/bench-resource' });
  const { twin, compliant, flawed } = await servers(alg, issuer);
  const forge = new Forge(issuer, alg === 'HS256' ? 'hs256' : 'jwks');
  const exp = Math.floor(Date.now() / 1000) + 3600; // outlives the longest run
  const tokens = await Promise.all(Array.from({ length: 256 }, () => forge.valid(IDENTITY, { claims: { exp } })));
  const sides = { twin: await side(twin.url, undefined), compliant: await side(compliant.url, tokens[0]), flawed: await side(flawed.url, tokens[0]) };
  return { alg, issuer, tokens, sides, overhead: [], injected: [], authedRps: [], twinRps: [] };
}

/** `count` iterations: the same call to twin, compliant and flawed server, in random order. */
async function block(s: Setup, count: number, judged: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    const token = s.tokens[(s.overhead.length + i) % s.tokens.length];
    const t: Record<string, number> = {};
    for (const name of shuffled(['twin', 'compliant', 'flawed'] as const)) t[name] = await ttfb(s.sides[name], token);
    if (!judged) continue;
    s.overhead.push({ authed: t.compliant, baseline: t.twin });
    s.injected.push({ authed: t.flawed, baseline: t.compliant });
  }
}

function figures(s: Setup) {
  const o = summarizeOverhead(s.overhead);
  const [injectedCi] = bootstrapIntervals(s.injected, [0.5]);
  const injectedP50 = quantile(ascending(s.injected.map((p) => p.authed)), 0.5) - quantile(ascending(s.injected.map((p) => p.baseline)), 0.5);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    alg: s.alg,
    samples: o.samples,
    p50Ms: roundMs(o.p50.ms),
    p50Ci: o.p50.ci.map(roundMs),
    p95Ms: roundMs(o.p95.ms),
    p95Ci: o.p95.ci.map(roundMs),
    p99Ms: roundMs(o.p99.ms),
    medianDifferenceMs: roundMs(o.medianDifferenceMs),
    twinP50Ms: roundMs(o.baseline.p50),
    injectedP50Ms: roundMs(injectedP50),
    injectedCi: injectedCi.map(roundMs),
    authedRps: Math.round(mean(s.authedRps)),
    twinRps: Math.round(mean(s.twinRps)),
  };
}

const benchStarted = performance.now();
const conditions = {
  date: new Date().toISOString(),
  node: process.version,
  cpu: `${cpus()[0]?.model ?? 'unknown'} × ${availableParallelism()}`,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  revision: REVISION,
  pairs: PAIRS,
  call: 'tools/list',
};
process.stderr.write(`bench: ${PAIRS} paired iterations per algorithm, ${REVISION}, ${conditions.cpu}, load ${conditions.loadAverageAtStart.join(' ')}\n`);
// All algorithms' servers stay up and take turns in blocks of 50 iterations (random order of
// algorithms in every round), so a burst of load from elsewhere lands on all of them alike.
const setups: Setup[] = [];
try {
  for (const alg of ALGS) setups.push(await setUp(alg));
  for (const s of setups) await block(s, 100, false); // warm-up
  const BLOCK = 50;
  for (let done = 0; done < PAIRS; done += BLOCK) {
    for (const s of shuffled(setups)) await block(s, Math.min(BLOCK, PAIRS - done), true);
  }
  for (let slice = 0; slice < THROUGHPUT_SLICES; slice++) {
    for (const s of shuffled(setups)) {
      s.authedRps.push(await throughput(s.sides.compliant, s.tokens, 1000));
      s.twinRps.push(await throughput(s.sides.twin, s.tokens, 1000));
    }
  }
} finally {
  for (const s of setups) for (const side of Object.values(s.sides)) side.agent.destroy();
  await stopAll();
  await Promise.all(setups.map((s) => s.issuer.close()));
}
const rows = setups.map(figures);
// The wall time says how contended the machine was: the same work takes longer on a busier box.
const seconds = Math.round((performance.now() - benchStarted) / 1000);
const result = { conditions: { ...conditions, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100), seconds }, rows };
await mkdir(dirname(resolve(values.out)), { recursive: true });
await writeFile(values.out, JSON.stringify(result, null, 2) + '\n');

const ci = (c: number[]) => `${c[0]}–${c[1]}`;
const lines = [
  `| alg | overhead p50 (95 % CI) | overhead p95 (95 % CI) | injected 2 ms, measured at p50 (95 % CI) | req/s with auth | req/s twin |`,
  `|---|---:|---:|---:|---:|---:|`,
  ...rows.map((r) => `| ${r.alg} | ${r.p50Ms} ms (${ci(r.p50Ci)}) | ${r.p95Ms} ms (${ci(r.p95Ci)}) | ${r.injectedP50Ms} ms (${ci(r.injectedCi)}) | ${r.authedRps} | ${r.twinRps} |`),
];
process.stdout.write(lines.join('\n') + '\n');
process.stdout.write(`\n${conditions.cpu}, Node ${conditions.node}, ${REVISION}, ${PAIRS} paired iterations per algorithm, ${seconds} s, load average ${conditions.loadAverageAtStart.join(' / ')} → ${result.conditions.loadAverageAtEnd.join(' / ')}\n`);
