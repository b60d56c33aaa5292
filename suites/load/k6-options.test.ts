// The scenarios and thresholds the k6 scripts run with, read from the same env names k6 gets.
import { describe, expect, it } from 'vitest';
import { isolationOptions, overheadOptions, refreshOptions, tokenRequestBudget, warmupIterations } from '../../src/load/model/k6-options.ts';
import { durationSeconds, readLoadSettings } from '../../src/load/model/load-settings.ts';

const env = { TARGET_URL: 'http://127.0.0.1:1/mcp', BASELINE_URL: 'http://127.0.0.1:2/mcp', TOKEN_FILE: '/tmp/x/pool.json' };

describe('overhead options', () => {
  it('warms up first, then measures at a constant arrival rate, judged on p(95), failures and dropped iterations', () => {
    const o = overheadOptions(readLoadSettings({ ...env, RATE: '80', DURATION: '1m', WARMUP: '10s', THRESHOLD_MS: '5' }, 'overhead'));
    expect(o.scenarios.warmup).toMatchObject({ executor: 'constant-arrival-rate', exec: 'warmup', rate: 80, duration: '10s' });
    expect(o.scenarios.overhead).toMatchObject({ executor: 'constant-arrival-rate', exec: 'measure', rate: 80, duration: '1m', startTime: '10s' });
    expect(o.thresholds).toEqual({
      auth_overhead_ms: ['p(95)<5'],
      'http_req_failed{scenario:overhead}': ['rate<0.01'],
      'dropped_iterations{scenario:overhead}': ['count==0'],
    });
    expect(o.summaryTrendStats).toContain('p(99)');
  });

  it('gives the measured scenario tokens the warm-up cannot have used', () => {
    expect(warmupIterations(readLoadSettings({ ...env, RATE: '80', WARMUP: '10s' }, 'overhead'))).toBe(800);
  });

  it('defaults to a 10 ms threshold', () => {
    expect(overheadOptions(readLoadSettings(env, 'overhead')).thresholds.auth_overhead_ms).toEqual(['p(95)<10']);
  });
});

describe('isolation and refresh options', () => {
  it('allow no token mixing at all', () => {
    expect(isolationOptions(readLoadSettings(env, 'isolation')).thresholds.token_mixing).toEqual(['count==0']);
  });

  it('allow no refused call, no failed refresh and no refresh storm', () => {
    const s = readLoadSettings({ ...env, TOKEN_URL: 'http://127.0.0.1:3/token', ACCESS_TTL_SECONDS: '10', DURATION: '30s', VUS: '5', MAX_VUS: '5' }, 'refresh');
    const o = refreshOptions(s);
    expect(o.thresholds).toMatchObject({ auth_refused: ['count==0'], refresh_failed: ['count==0'], token_mixing: ['count==0'] });
    // 30 s with tokens renewed after 8 s: 4 refreshes + the first grant + one spare, per VU
    expect(tokenRequestBudget(s)).toBe(5 * 6);
    expect(o.thresholds.token_requests).toEqual(['count<=30']);
  });
});

describe('settings', () => {
  it('say in one line what is missing', () => {
    expect(() => readLoadSettings({ ...env, BASELINE_URL: undefined }, 'overhead')).toThrow('overhead: set BASELINE_URL (k6 run -e BASELINE_URL=…)');
    expect(() => readLoadSettings({ ...env, TOKEN_FILE: undefined }, 'isolation')).toThrow(/TOKEN_FILE .* or TOKENS/);
    expect(() => readLoadSettings(env, 'refresh')).toThrow(/TOKEN_URL/);
    expect(() => readLoadSettings({ ...env, REVISION: '2024-01-01' }, 'isolation')).toThrow(/REVISION/);
    expect(() => readLoadSettings({ ...env, RATE: 'fast' }, 'isolation')).toThrow(/RATE/);
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
    const source = readFileSync(new URL('../../src/load/model/load-settings.ts', import.meta.url), 'utf8').split('type Env')[1];
    const read = new Set([...source.matchAll(/env\.([A-Z_]+)|(?:need|number)\('([A-Z_]+)'/g)].map((m) => m[1] ?? m[2]));
    expect([...read].sort()).toEqual([...LOAD_ENV].sort());
  });
});
