import { describe, expect, it } from 'vitest';
import type { Check } from '../check.ts';
import counts from './request-counts.json' with { type: 'json' };
import { estimateRequests, remoteNotice, remoteSelection } from './remote-plan.ts';

const check = (id: string, family: string, revisions: Check['revisions'] = ['2025-11-25', '2026-07-28']) => ({ id, family, revisions }) as unknown as Check;

describe('a remote run', () => {
  const checks = [check('headers.missing.refused', 'headers'), check('sessions.concurrent.isolation', 'sessions'), check('overhead.auth.p95', 'overhead'), check('x.unknown', 'x')];

  it('leaves load and concurrency out unless --only asked for them', () => {
    const { checks: kept, left } = remoteSelection(checks, false);
    expect(kept.map((c) => c.id)).toEqual(['headers.missing.refused', 'x.unknown']);
    expect(left.map((c) => c.id)).toEqual(['sessions.concurrent.isolation', 'overhead.auth.p95']);
    expect(remoteSelection(checks, true).left).toEqual([]);
  });

  it("estimates its requests from what each check sent to the reference, per revision the check applies to", () => {
    const kept = remoteSelection(checks, false).checks;
    const perRevision = (counts as Record<string, number>)['headers.missing.refused'] + 10; // an unknown check counts 10
    expect(estimateRequests(kept, ['2025-11-25'])).toBe(perRevision);
    expect(estimateRequests(kept, ['2025-06-18', '2025-11-25', '2026-07-28'])).toBe(2 * perRevision);
  });

  it('says up front how much, to which host, how fast, and what it left out', () => {
    const { left } = remoteSelection(checks, false);
    expect(remoteNotice('mcp.staging.example.com', 1234, 20, left)).toBe(
      'remote target mcp.staging.example.com: about 1234 requests, at most 20 per second (--max-rps), so at least 2 min; left out: sessions.concurrent.isolation, overhead family (load on the target — name them with --only to run them)',
    );
    expect(remoteNotice('h', 30, 20, [])).toBe('remote target h: about 30 requests, at most 20 per second (--max-rps), so at least 2 s');
  });

  it('counts no requests for a load family named with --only (it measures for a time budget) and says so', () => {
    const chosen = remoteSelection(checks, true).checks;
    const fixed = chosen.filter((c) => c.family !== 'overhead');
    expect(estimateRequests(chosen, ['2025-11-25'])).toBe(estimateRequests(fixed, ['2025-11-25']));
    expect(remoteNotice('h', 30, 20, [], chosen)).toBe("remote target h: about 30 requests, plus the overhead family's measurement for its time budget per revision, at most 20 per second (--max-rps), so at least 2 s");
  });
});
