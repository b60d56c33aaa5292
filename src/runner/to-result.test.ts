// The level policy as a report row sees it: a violated MUST fails, SHOULD and hardening warn
// unless strict, per revision where the requirement says so, and by the finding's own requirement
// when a verdict names a weaker one than its check's.
import { describe, expect, it } from 'vitest';
import type { Requirement } from '../requirement.ts';
import { worst } from '../verdict.ts';
import { toResult, type ResultSource } from './to-result.ts';

const must: Requirement = { level: 'MUST', doc: 'RFC 1', section: '§1', url: 'https://example.test/1', text: 'must' };
const should: Requirement = { level: 'SHOULD', doc: 'RFC 2', section: '§2', url: 'https://example.test/2', text: 'should' };
const check = (requirement?: Requirement): ResultSource => ({ id: 'x.y', family: 'x', title: 't', severity: 'low', spec: [], ...(requirement ? { requirement } : {}) });
const fail = { status: 'fail' as const, reason: 'broken' };

describe('toResult', () => {
  it('fails a MUST, warns a SHOULD by default and fails it when strict', () => {
    expect(toResult(check(must), '2025-11-25', fail, 1).status).toBe('fail');
    const lenient = toResult(check(should), '2025-11-25', fail, 1);
    expect(lenient).toMatchObject({ status: 'warn', requirement: should });
    expect(lenient.reason).toMatch(/^broken \(SHOULD: a warning by default; --strict fails it\)$/);
    expect(toResult(check(should), '2025-11-25', fail, 1, true).status).toBe('fail');
  });

  it('uses the revision\'s requirement and reports it without the per-revision table', () => {
    const perRevision: Requirement = { ...should, inRevision: { '2025-06-18': must } };
    const old = toResult(check(perRevision), '2025-06-18', fail, 1);
    expect(old).toMatchObject({ status: 'fail', requirement: must });
    const current = toResult(check(perRevision), '2025-11-25', fail, 1);
    expect(current.status).toBe('warn');
    expect(current.requirement).toEqual(should);
  });

  it('judges a finding by the requirement its verdict names, and only a finding', () => {
    const finding = toResult(check(must), '2025-11-25', { ...fail, requirement: should }, 1);
    expect(finding).toMatchObject({ status: 'warn', requirement: should });
    expect(toResult(check(must), '2025-11-25', { status: 'pass', requirement: should }, 1).requirement).toEqual(must);
  });

  it('a check without a requirement keeps its verdict', () => {
    expect(toResult(check(), '2025-11-25', fail, 1).status).toBe('fail');
  });
});

describe('worst', () => {
  it('lets a fail of the check\'s own requirement outrank a fail of a weaker one, in any order', () => {
    const weak = { status: 'fail' as const, reason: 'weak', requirement: should };
    const own = { status: 'fail' as const, reason: 'own' };
    expect(worst([weak, own]).reason).toBe('own');
    expect(worst([own, weak]).reason).toBe('own');
    expect(worst([{ status: 'warn' }, weak]).reason).toBe('weak');
    const stronger = { status: 'fail' as const, reason: 'stronger', requirement: must };
    expect(worst([own, stronger, weak]).reason).toBe('stronger');
  });
});
