import { describe, expect, it } from 'vitest';
import { exitCodeFor, resultKey, summarize } from './report.ts';
import { sampleReport, sampleResult } from './sample-report.ts';

describe('summarize', () => {
  it('counts every status, zero included', () => {
    const results = [
      sampleResult({ status: 'pass' }),
      sampleResult({ status: 'pass' }),
      sampleResult({ status: 'fail', baselined: true }),
      sampleResult({ status: 'skip', reason: 'needs mint' }),
    ];
    expect(summarize(results)).toEqual({ pass: 2, fail: 1, warn: 0, skip: 1, error: 0 });
  });
});

describe('resultKey', () => {
  it('is id@revision', () => {
    expect(resultKey(sampleResult({ id: 'claims.aud.missing', revision: '2025-06-18' }))).toBe('claims.aud.missing@2025-06-18');
  });
});

describe('exitCodeFor', () => {
  const code = (...checks: Parameters<typeof sampleResult>[0][]) => exitCodeFor(sampleReport(checks.map(sampleResult)));

  it('is 0 when everything passed, warned or skipped', () => {
    expect(code({ status: 'pass' }, { status: 'warn' }, { status: 'skip', reason: 'needs hs256' })).toBe(0);
    expect(code()).toBe(0);
  });

  it('is 1 on any failure or error', () => {
    expect(code({ status: 'pass' }, { status: 'fail' })).toBe(1);
    expect(code({ status: 'pass' }, { status: 'error', reason: 'timeout' })).toBe(1);
  });

  it('ignores baselined failures', () => {
    expect(code({ status: 'fail', baselined: true }, { status: 'pass' })).toBe(0);
  });

  it('never lets a baselined error through', () => {
    expect(code({ status: 'error', baselined: true })).toBe(1);
  });

  it('is 1 when a baseline entry now passes', () => {
    const report = sampleReport([sampleResult()], { baseline: { file: 'b.yaml', stillFailing: [], nowPassing: ['claims.exp.expired@2025-11-25'] } });
    expect(exitCodeFor(report)).toBe(1);
  });
});
