// The overhead family inside `run`: the Node probe against the embedded reference and its auth-off
// twin, metrics.overhead in the report, a skip without a twin, and the config that sets it up.
// (Its flaw, slow-jwks, is proven to fail it by suites/flaws.test.ts like every other check.)
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse.ts';
import { runHarness } from '../../src/runner/harness.ts';
import { referenceConfig } from '../../src/reference/harness-config.ts';
import { families } from '../../scenarios/index.ts';

const { checks } = families.find((f) => f.name === 'overhead')!;

describe('the overhead family', () => {
  it('measures the reference against its twin and puts the figures in metrics.overhead', async () => {
    const config = referenceConfig();
    config.target.revisions = ['2026-07-28'];
    const { report } = await runHarness(config, { checks });
    const [result] = report.checks;
    expect(['pass', 'warn'], result.reason).toContain(result.status); // warn: a machine too busy to tell
    const overhead = report.metrics.overhead as Record<string, unknown>;
    expect(overhead).toMatchObject({ revision: '2026-07-28', thresholdMs: 10, samples: expect.any(Number), p50Ms: expect.any(Number), p95Ms: expect.any(Number), p99Ms: expect.any(Number) });
    expect(overhead.samples).toBeGreaterThanOrEqual(20);
    const ci = (overhead.ci95 as { p95: [number, number] }).p95;
    expect(ci[0]).toBeLessThanOrEqual(overhead.p95Ms as number);
    expect(ci[1]).toBeGreaterThanOrEqual(overhead.p95Ms as number);
    // the precision reached is stated, and the interval is the one it describes
    const halfWidth = overhead.p95HalfWidthMs as number;
    expect(halfWidth).toBeCloseTo((ci[1] - ci[0]) / 2, 2);
    expect(overhead.targetP95HalfWidthMs).toBe(0.25);
    expect(result.reason).toContain(`± ${halfWidth}`);
    // overhead as load grows, in the shape the HTML report draws
    const levels = overhead.byConcurrency as { inFlight: number; p50Ms: number; p95Ms: number; ci95: { p50: number[]; p95: number[] }; pairs: number }[];
    // a level that got too few pairs for a figure within 3 × its budget (a very busy machine) is left out
    expect(levels.length).toBeGreaterThan(0);
    expect([1, 8, 32, 128].filter((n) => levels.some((l) => l.inFlight === n))).toEqual(levels.map((l) => l.inFlight));
    for (const l of levels) {
      expect(l.pairs).toBeGreaterThanOrEqual(20);
      expect(l.ci95.p50[0]).toBeLessThanOrEqual(l.p50Ms);
      expect(l.ci95.p50[1]).toBeGreaterThanOrEqual(l.p50Ms);
    }
    expect(overhead.byConcurrencyRevision).toBe('2026-07-28');
    // bounded: 1 s of sampling (3 × that at most when pairs come slowly) + 3 more levels × 0.2 s (× 3 at most) + sessions
    expect(result.durationMs).toBeLessThan(12_000);
  });

  it('skips, saying why, without a baseline twin', async () => {
    const config = referenceConfig();
    config.target.revisions = ['2025-11-25'];
    delete config.target.baseline;
    const { report } = await runHarness(config, { checks });
    expect(report.checks[0]).toMatchObject({ status: 'skip', reason: expect.stringMatching(/no baseline twin.*target\.baseline/) });
    expect(report.metrics.overhead).toBeUndefined();
  });
});

describe('config', () => {
  const base = { target: { url: 'http://127.0.0.1:1/mcp' }, auth: { profile: 'jwks' } };

  it('takes a baseline twin and overhead settings', () => {
    const config = parseConfig(
      { ...base, target: { ...base.target, baseline: { url: 'http://127.0.0.1:${baseline.port}/mcp', command: 'node server.js', env: { AUTH: 'off', PORT: '${baseline.port}' } } }, overhead: { thresholdMs: 5, pairs: 1000, budgetMs: 5000 } },
      'x.yaml',
    );
    expect(config.target.baseline?.env?.AUTH).toBe('off');
    expect(config.overhead).toMatchObject({ thresholdMs: 5 });
  });

  it.each([
    [{ target: { ...base.target, baseline: { command: 'x' } } }, 'x.yaml: target.baseline.url must be a non-empty string'],
    [{ target: { ...base.target, baseline: { url: 'u', port: 1 } } }, 'x.yaml: target.baseline.port is not a known setting'],
    [{ overhead: { thresholdMs: 0 } }, 'x.yaml: overhead.thresholdMs must be a number > 0'],
    [{ overhead: { pairs: 5 } }, 'x.yaml: overhead.pairs must be an integer from 20 to 100000'],
    [{ overhead: { warmup: 5 } }, 'x.yaml: overhead.warmup is not a known setting'],
  ])('names the wrong setting in one line', (patch, message) => {
    expect(() => parseConfig({ ...base, ...patch }, 'x.yaml')).toThrow(message);
  });
});
