// The scenarios and thresholds the k6 scripts run with, read from the same env names k6 gets.
import { describe, expect, it } from 'vitest';
import { isolationOptions, overheadOptions, refreshOptions, tokenRequestBudget, warmupIterations } from '../../src/load/model/k6-options.ts';
import { durationProblem, durationSeconds, integerProblem, readLoadSettings, vusFor } from '../../src/load/model/load-settings.ts';

const env = { TARGET_URL: 'http://127.0.0.1:1/mcp', BASELINE_URL: 'http://127.0.0.1:2/mcp' };

describe('overhead options', () => {
  it('warms up first, then measures at a constant arrival rate, judged on p(95), samples, checks, failures and dropped iterations', () => {
    const o = overheadOptions(readLoadSettings({ ...env, RATE: '80', DURATION: '1m', WARMUP: '10s', THRESHOLD_MS: '5' }, 'overhead'));
    expect(o.scenarios.warmup).toMatchObject({ executor: 'constant-arrival-rate', exec: 'warmup', rate: 80, duration: '10s' });
    expect(o.scenarios.overhead).toMatchObject({ executor: 'constant-arrival-rate', exec: 'measure', rate: 80, duration: '1m', startTime: '11s' });
    expect(o.thresholds).toEqual({
      auth_overhead_ms: ['p(95)<5'],
      // k6 calls p(95)<5 held on an empty Trend and takes no count threshold on one: a Counter does it
      overhead_pairs: ['count>0'],
      'checks{scenario:overhead}': ['rate>0.99'],
      'http_req_failed{scenario:overhead}': ['rate<0.01'],
      'dropped_iterations{scenario:overhead}': ['count==0'],
    });
    expect(o.summaryTrendStats).toContain('p(99)');
    expect(o.summaryTrendStats).toContain('count');
  });

  it('hands the warm-up VUs to the measured scenario: it starts when the warm-up has stopped, gracefully', () => {
    const o = overheadOptions(readLoadSettings({ ...env, WARMUP: '1m30s' }, 'overhead'));
    expect(o.scenarios.warmup.gracefulStop).toBe('1s');
    expect(o.scenarios.overhead.startTime).toBe('91s');
    expect(o.scenarios.warmup.preAllocatedVUs).toBe(o.scenarios.overhead.preAllocatedVUs);
  });

  it('gives the measured scenario tokens the warm-up cannot have used', () => {
    expect(warmupIterations(readLoadSettings({ ...env, RATE: '80', WARMUP: '10s' }, 'overhead'))).toBe(800);
  });

  it('defaults to a 10 ms threshold and at most 1 % failed checks', () => {
    const o = overheadOptions(readLoadSettings(env, 'overhead'));
    expect(o.thresholds.auth_overhead_ms).toEqual(['p(95)<10']);
    expect(o.thresholds.overhead_pairs).toEqual(['count>0']);
    expect(o.thresholds['checks{scenario:overhead}']).toEqual(['rate>0.99']);
  });
});

describe('VU pre-allocation', () => {
  it('is sized from rate × observed iteration time with headroom, and rides out a 500 ms stall', () => {
    expect(vusFor(50, 2)).toBe(Math.ceil(4 * 0.1 + 25)); // 26: the stall dominates on a fast target
    expect(vusFor(100, 200)).toBe(Math.ceil(4 * 20 + 50)); // 130: a slow target keeps 20 VUs busy
    expect(vusFor(1, 1)).toBe(5);
    const s = readLoadSettings({ ...env, RATE: '100', ITERATION_MS: '200' }, 'overhead');
    expect(s.preAllocatedVUs).toBe(130);
    expect(s.maxVUs).toBe(260);
  });

  it('takes VUS and MAX_VUS as given', () => {
    const s = readLoadSettings({ ...env, VUS: '7', MAX_VUS: '9' }, 'overhead');
    expect([s.preAllocatedVUs, s.maxVUs]).toEqual([7, 9]);
    expect(readLoadSettings({ ...env, VUS: '7', MAX_VUS: '3' }, 'overhead').maxVUs).toBe(7);
  });
});

describe('isolation and refresh options', () => {
  it('allow no token mixing at all, and at most 1 % failed checks', () => {
    const o = isolationOptions(readLoadSettings(env, 'isolation'));
    expect(o.thresholds.token_mixing).toEqual(['count==0']);
    expect(o.thresholds['checks{scenario:isolation}']).toEqual(['rate>0.99']);
  });

  it('allow no refused call, no failed refresh and no refresh storm', () => {
    const s = readLoadSettings({ ...env, TOKEN_URL: 'http://127.0.0.1:3/token', ACCESS_TTL_SECONDS: '10', DURATION: '30s', VUS: '5', MAX_VUS: '5' }, 'refresh');
    const o = refreshOptions(s);
    expect(o.thresholds).toMatchObject({ auth_refused: ['count==0'], refresh_failed: ['count==0'], token_mixing: ['count==0'], 'checks{scenario:refresh}': ['rate>0.99'] });
    // 30 s with tokens renewed after 8 s: 4 refreshes + the first grant + one spare, per VU
    expect(tokenRequestBudget(s)).toBe(5 * 6);
    expect(o.thresholds.token_requests).toEqual(['count<=30']);
  });
});

describe('settings', () => {
  it('say in one line what is missing or wrong', () => {
    expect(() => readLoadSettings({ ...env, BASELINE_URL: undefined }, 'overhead')).toThrow('overhead: set BASELINE_URL (k6 run -e BASELINE_URL=…)');
    expect(() => readLoadSettings(env, 'refresh')).toThrow(/TOKEN_URL/);
    expect(() => readLoadSettings({ ...env, REVISION: '2024-01-01' }, 'isolation')).toThrow(/REVISION/);
    expect(() => readLoadSettings({ ...env, RATE: 'fast' }, 'isolation')).toThrow(/RATE/);
    expect(() => readLoadSettings({ ...env, REPORT_DIR: 'reports' }, 'isolation')).toThrow(/REPORT_DIR must be an absolute path/);
    expect(() => readLoadSettings({ ...env, MAX_FAILED_RATE: '1' }, 'isolation')).toThrow(/MAX_FAILED_RATE/);
  });

  it('refuse what k6 would refuse: scenarios under 1s, fractional rates and VU counts', () => {
    expect(() => readLoadSettings({ ...env, WARMUP: '0s' }, 'overhead')).toThrow('overhead: WARMUP must be at least 1s: k6 refuses shorter scenarios (got 0s)');
    expect(() => readLoadSettings({ ...env, DURATION: '500ms' }, 'overhead')).toThrow(/DURATION must be at least 1s/);
    expect(() => readLoadSettings({ ...env, RATE: '2.5' }, 'overhead')).toThrow('overhead: RATE must be a whole number ≥ 1: k6 takes no fractions here (got 2.5)');
    expect(() => readLoadSettings({ ...env, VUS: '2.5' }, 'overhead')).toThrow(/VUS must be a whole number/);
    expect(() => readLoadSettings({ ...env, MAX_VUS: '0' }, 'overhead')).toThrow(/MAX_VUS must be a whole number ≥ 1/);
    expect(durationProblem('1s')).toBeUndefined();
    expect(durationProblem('1500ms')).toBeUndefined();
    expect(durationProblem('ten')).toMatch(/k6 duration/);
    expect(integerProblem('3')).toBeUndefined();
    expect(integerProblem('')).toMatch(/whole number/);
  });

  it('read k6 durations', () => {
    expect(durationSeconds('30s')).toBe(30);
    expect(durationSeconds('1m30s')).toBe(90);
    expect(durationSeconds('500ms')).toBe(0.5);
    expect(durationSeconds('2h')).toBe(7200);
    expect(() => durationSeconds('10')).toThrow(/k6 duration/);
    expect(() => durationSeconds('')).toThrow(/k6 duration/);
  });
});

describe('LOAD_ENV', () => {
  it('lists exactly the names the settings reader reads', async () => {
    const { readFileSync } = await import('node:fs');
    const { LOAD_ENV } = await import('../../src/load/model/load-settings.ts');
    const source = readFileSync(new URL('../../src/load/model/load-settings.ts', import.meta.url), 'utf8').split('export function readLoadSettings')[1];
    const read = new Set([...source.matchAll(/env\.([A-Z_]+)|(?:need|number|integer|duration|given)\('([A-Z_]+)'/g)].map((m) => m[1] ?? m[2]));
    expect([...read].sort()).toEqual([...LOAD_ENV].sort());
  });
});
