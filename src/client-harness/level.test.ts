import { describe, expect, it } from 'vitest';
import { applyLevel } from './level.ts';

describe('applyLevel', () => {
  const fail = { status: 'fail' as const, reason: 'left a session open' };

  it('a violated MUST fails, strict or not', () => {
    expect(applyLevel(fail, 'MUST', false)).toEqual(fail);
    expect(applyLevel(fail, 'MUST', true)).toEqual(fail);
  });

  it('a violated SHOULD or hardening rule warns, and fails when strict', () => {
    expect(applyLevel(fail, 'SHOULD', false)).toEqual({ status: 'warn', reason: 'left a session open (SHOULD: warns; --strict fails)' });
    expect(applyLevel(fail, 'hardening', false).status).toBe('warn');
    expect(applyLevel(fail, 'hardening', true)).toEqual(fail);
  });

  it('leaves every other verdict as it is', () => {
    for (const status of ['pass', 'warn', 'skip', 'error'] as const) expect(applyLevel({ status }, 'SHOULD', false)).toEqual({ status });
  });
});
