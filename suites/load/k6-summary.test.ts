// handleSummary's outputs, from summary data shaped like k6's (metrics → values + thresholds.ok).
import { describe, expect, it } from 'vitest';
import { junitOf, outcomeOf, reportDirProblem, summaryFiles, type K6SummaryData } from '../../src/load/model/k6-summary.ts';

const data: K6SummaryData = {
  state: { testRunDurationMs: 35_012 },
  metrics: {
    auth_overhead_ms: {
      type: 'trend',
      contains: 'time',
      values: { avg: 0.4, med: 0.3, 'p(95)': 12.5, 'p(99)': 20, count: 1500 },
      thresholds: { 'p(95)<10': { ok: false }, 'count>0': { ok: true } },
    },
    checks: { type: 'rate', values: { rate: 1, passes: 3000, fails: 0 } },
    'dropped_iterations{scenario:overhead}': { type: 'counter', values: { count: 0, rate: 0 }, thresholds: { 'count==0': { ok: true } } },
    http_reqs: { type: 'counter', values: { count: 3000, rate: 85.7 } },
  },
};

/** What k6 v1.8 / v2.2 handed handleSummary with TOOL=no_such_tool: 0 of 162 checks passed, an empty Trend whose p(95)<10 k6 called held. */
const measuredNothing: K6SummaryData = {
  state: { testRunDurationMs: 6_000 },
  metrics: {
    auth_overhead_ms: { type: 'trend', contains: 'time', values: { avg: 0, med: 0, 'p(95)': 0, count: 0 }, thresholds: { 'p(95)<10': { ok: true } } },
    checks: { type: 'rate', values: { rate: 0, passes: 0, fails: 162 } },
    'dropped_iterations{scenario:overhead}': { type: 'counter', values: { count: 0, rate: 0 }, thresholds: { 'count==0': { ok: true } } },
  },
};

describe('the load outcome', () => {
  it('lists every threshold with the value it was judged on', () => {
    const o = outcomeOf('overhead', data);
    expect(o.passed).toBe(false);
    expect(o.problems).toEqual([]);
    expect(o.durationMs).toBe(35_012);
    expect(o.thresholds).toEqual([
      { metric: 'auth_overhead_ms', expression: 'p(95)<10', ok: false, actual: 12.5 },
      { metric: 'auth_overhead_ms', expression: 'count>0', ok: true, actual: 1500 },
      { metric: 'dropped_iterations{scenario:overhead}', expression: 'count==0', ok: true, actual: 0 },
    ]);
    expect(o.metrics.http_reqs.rate).toBe(85.7);
  });

  it('fails a run that measured nothing, whatever k6 said of its thresholds, and says why', () => {
    const o = outcomeOf('overhead', measuredNothing);
    expect(o.passed).toBe(false);
    expect(o.problems).toEqual([
      'auth_overhead_ms has no samples: nothing was measured, so its thresholds say nothing',
      '162 of 162 checks failed (100 %; at most 1 % may)',
    ]);
    expect(o.thresholds[0]).toEqual({ metric: 'auth_overhead_ms', expression: 'p(95)<10', ok: false, empty: true });
    const text = summaryFiles('overhead', measuredNothing, undefined).stdout;
    expect(text).toContain('load.overhead: FAILED');
    expect(text).toContain('✗ auth_overhead_ms p(95)<10 not met: no samples');
    expect(text).not.toContain('p(95)<10 held');
  });

  it('fails a run where more than 1 % of checks failed, and passes one at exactly 1 %', () => {
    const withChecks = (passes: number, fails: number): K6SummaryData => ({ metrics: { ...data.metrics, auth_overhead_ms: { ...data.metrics.auth_overhead_ms, thresholds: { 'count>0': { ok: true } } }, checks: { type: 'rate', values: { rate: passes / (passes + fails), passes, fails } } } });
    expect(outcomeOf('overhead', withChecks(990, 10)).passed).toBe(true);
    expect(outcomeOf('overhead', withChecks(989, 11)).problems).toEqual(['11 of 1000 checks failed (1.1 %; at most 1 % may)']);
    expect(outcomeOf('overhead', withChecks(0, 0)).problems).toEqual(['no check ran: every iteration failed before its calls were answered']);
    expect(outcomeOf('overhead', withChecks(95, 5), 0.05).passed).toBe(true);
  });

  it('writes JSON and JUnit into the report dir, a summary to stdout', () => {
    const files = summaryFiles('overhead', data, '/tmp/reports/');
    expect(Object.keys(files).sort()).toEqual(['/tmp/reports/k6-overhead.json', '/tmp/reports/k6-overhead.junit.xml', 'stdout']);
    expect(JSON.parse(files['/tmp/reports/k6-overhead.json']).script).toBe('overhead');
    expect(files.stdout).toContain('✗ auth_overhead_ms p(95)<10 crossed (actual 12.5)');
  });

  it('writes only stdout without a report dir, so nothing can fail to be written', () => {
    expect(Object.keys(summaryFiles('overhead', data, undefined))).toEqual(['stdout']);
  });

  it('has one testcase per threshold plus one for the run itself, and escapes names', () => {
    const xml = junitOf(outcomeOf('overhead', data));
    expect(xml).toContain('<testsuite name="load.overhead" tests="4" failures="1" time="35.012">');
    expect(xml).toContain('name="dropped_iterations{scenario:overhead} count==0"></testcase>');
    expect(xml).toContain('<failure message="auth_overhead_ms p(95)&lt;10 crossed (actual 12.5)"/>');
    const empty = junitOf(outcomeOf('overhead', measuredNothing));
    expect(empty).toContain('tests="3" failures="2"');
    expect(empty).toContain('<failure message="auth_overhead_ms has no samples');
  });
});

describe('the report dir check at init', () => {
  it('reads k6 refusing to open() a directory as proof that it exists', () => {
    expect(reportDirProblem('/r', 'open() can\'t be used with directories, path: "/r"')).toBeUndefined();
  });

  it('says in one line that a missing dir must be created, or that a file is in the way', () => {
    expect(reportDirProblem('/r', 'stat /r: no such file or directory')).toBe(
      'REPORT_DIR /r does not exist: k6 writes the summary files there and creates no directories — create it first (mkdir -p), or leave REPORT_DIR unset for a summary on stdout only',
    );
    expect(reportDirProblem('/r', undefined)).toMatch(/^REPORT_DIR \/r is a file:/);
  });
});
