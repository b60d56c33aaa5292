// handleSummary's outputs, from summary data shaped like k6's (metrics → values + thresholds.ok).
import { describe, expect, it } from 'vitest';
import { junitOf, outcomeOf, summaryFiles, type K6SummaryData } from '../../src/load/model/k6-summary.ts';

const data: K6SummaryData = {
  state: { testRunDurationMs: 35_012 },
  metrics: {
    auth_overhead_ms: {
      type: 'trend',
      contains: 'time',
      values: { avg: 0.4, med: 0.3, 'p(95)': 12.5, 'p(99)': 20, count: 1500 },
      thresholds: { 'p(95)<10': { ok: false } },
    },
    'dropped_iterations{scenario:overhead}': { type: 'counter', values: { count: 0, rate: 0 }, thresholds: { 'count==0': { ok: true } } },
    http_reqs: { type: 'counter', values: { count: 3000, rate: 85.7 } },
  },
};

describe('the load outcome', () => {
  it('lists every threshold with the value it was judged on', () => {
    const o = outcomeOf('overhead', data);
    expect(o.passed).toBe(false);
    expect(o.durationMs).toBe(35_012);
    expect(o.thresholds).toEqual([
      { metric: 'auth_overhead_ms', expression: 'p(95)<10', ok: false, actual: 12.5 },
      { metric: 'dropped_iterations{scenario:overhead}', expression: 'count==0', ok: true, actual: 0 },
    ]);
    expect(o.metrics.http_reqs.rate).toBe(85.7);
  });

  it('writes JSON and JUnit into the report dir, a summary to stdout', () => {
    const files = summaryFiles('overhead', data, 'reports/');
    expect(Object.keys(files).sort()).toEqual(['reports/k6-overhead.json', 'reports/k6-overhead.junit.xml', 'stdout']);
    expect(JSON.parse(files['reports/k6-overhead.json']).script).toBe('overhead');
    expect(files.stdout).toContain('✗ auth_overhead_ms p(95)<10 crossed (actual 12.5)');
  });

  it('has one testcase per threshold and escapes names', () => {
    const xml = junitOf(outcomeOf('overhead', data));
    expect(xml).toContain('<testsuite name="load.overhead" tests="2" failures="1" time="35.012">');
    expect(xml).toContain('name="dropped_iterations{scenario:overhead} count==0"></testcase>');
    expect(xml).toContain('<failure message="auth_overhead_ms p(95)&lt;10 crossed (actual 12.5)"/>');
  });
});
