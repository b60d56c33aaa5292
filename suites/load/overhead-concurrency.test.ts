// The overhead probe under concurrency, calibrated with the reference's verify-delay-2ms (its
// verification blocks the event loop for exactly 2 ms more). Flawed against compliant reference,
// both real processes, paired: at 1 pair in flight the probe must read the 2 ms, and at 8 in
// flight it must still give a figure with its interval.
// Not asserted, because it does not hold: "2 ms ± 0.5 at every level". A blocking verifier makes
// every queued request wait out the verifications ahead of it, so on a quiet enough machine the
// cost reads ≈ 2 ms × in flight (2.7 / 17 / 72 / 231 ms at 1 / 8 / 32 / 128, README "Overhead as
// load grows"). Nor is the growth asserted: with other jobs on the 2 cores (load average 12–22)
// the same 8-in-flight comparison read +17 ms in one run and −10.9 ms in another — CPU
// starvation of one server process outweighs a 2 ms sleep.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIssuer, type Issuer } from '../../src/issuer/issuer.ts';
import { post } from '../../src/load/model/mcp-request.ts';
import { figureAt, measurePairsAt } from '../../src/overhead/by-concurrency.ts';
import { request } from '../../src/probe/messages.ts';
import { Probe } from '../../src/probe/probe.ts';
import { REFERENCE_SERVER } from '../../src/reference/harness-config.ts';
import { startProcessTarget } from '../../src/targets/process-target.ts';
import type { RunningTarget } from '../../src/targets/target.ts';
import { freePort } from '../../src/targets/template.ts';
import { Forge } from '../../src/tokens/forge.ts';

const REVISION = '2025-11-25' as const;
let issuer: Issuer;
const servers: RunningTarget[] = [];
let calls: { flawed: (n: number) => ReturnType<typeof post>; compliant: (n: number) => ReturnType<typeof post> };

async function reference(env: Record<string, string>): Promise<RunningTarget> {
  const port = String(await freePort());
  const target = await startProcessTarget({ command: `"${process.execPath}" "${REFERENCE_SERVER}"`, env: { PORT: port, ...env }, url: `http://127.0.0.1:${port}/mcp`, readyTimeoutMs: 15_000, redact: (l) => l });
  servers.push(target);
  return target;
}

beforeAll(async () => {
  issuer = await startIssuer({ resource: 'http://127.0.0.1/concurrency-test' });
  const common = { AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.url, AUDIENCE: issuer.resource };
  const [compliant, flawed] = await Promise.all([reference(common), reference({ ...common, FLAW: 'verify-delay-2ms' })]);
  const forge = new Forge(issuer, 'jwks');
  const tokens = await Promise.all(Array.from({ length: 32 }, () => forge.valid({ name: 'alice', subject: 'alice', roles: ['user'] })));
  const side = async (url: string) => {
    const session = (await new Probe({ url, revision: REVISION }).open({ token: tokens[0] })).id;
    return (n: number) => post({ url, revision: REVISION, session, token: tokens[n % tokens.length] }, request(n + 1, 'tools/list', {}, REVISION));
  };
  calls = { flawed: await side(flawed.url), compliant: await side(compliant.url) };
}, 30_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.stop()));
  await issuer?.close();
});

describe('overhead by pairs in flight, against a known 2 ms', () => {
  it('reads the injected 2 ms at 1 in flight, and gives a figure with its interval at 8', async () => {
    const opts = { authed: calls.flawed, baseline: calls.compliant, levels: [], budgetMsPerLevel: 2500 };
    // A burst of load from elsewhere can widen the interval: up to three slices of pairs, until it is ±0.5 ms.
    const onePairs = await measurePairsAt(1, opts);
    let one = figureAt(1, onePairs);
    for (let slice = 1; slice < 3 && one.ci95.p50[1] - one.ci95.p50[0] > 1; slice++) {
      onePairs.push(...(await measurePairsAt(1, opts)));
      one = figureAt(1, onePairs);
    }
    const eight = figureAt(8, await measurePairsAt(8, opts));
    expect(one.pairs).toBeGreaterThanOrEqual(40);
    // The interval of the p50 shift reaches 2 ms − 0.5 and keeps clear of no cost at all. Its top
    // may pass 2.5 ms: on a busy machine the blocking sleep itself wakes late (measured here under
    // load: 2.73 ms, interval 2.55–3.02) — a real cost, not a misreading — so the upper bound allows 3.5.
    expect(one.ci95.p50[1], JSON.stringify(one)).toBeGreaterThanOrEqual(1.5);
    expect(one.ci95.p50[0], JSON.stringify(one)).toBeGreaterThan(1);
    expect(one.ci95.p50[0], JSON.stringify(one)).toBeLessThanOrEqual(3.5);
    expect(eight.pairs).toBeGreaterThanOrEqual(40);
    expect(eight.ci95.p50[0]).toBeLessThanOrEqual(eight.p50Ms);
    expect(eight.ci95.p50[1]).toBeGreaterThanOrEqual(eight.p50Ms);
  }, 40_000);
});
