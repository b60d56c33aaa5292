// How checks share a run's time (src/runner/run-checks.ts): checks that wait out time windows run
// beside everything from the start (each beside the others), the rest in turn, latency measurements once the rest is done, a check that changes what all others rely on
// after everything, what spends an allowance of the target's after every check relying on it —
// while results (and progress) keep the plan's order and every family still gets its own context
// with its own positive control.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import '../../scenarios/index.ts';
import type { Check, CheckResult, Schedule } from '../../src/check.ts';
import { referenceConfig } from '../../src/reference/harness-config.ts';
import { runHarness } from '../../src/runner/harness.ts';

type Span = { id: string; revision: string; start: number; end: number; session?: string };

/** A check that sleeps `ms` and logs when it ran, in which revision and on which session. */
function check(log: Span[], family: string, name: string, ms: number, more: Partial<Check> = {}): Check {
  return {
    id: `${family}.${name}`,
    family,
    title: name,
    spec: ['test'],
    severity: 'info',
    revisions: ['2025-11-25', '2026-07-28'],
    needs: [],
    flaw: 'none',
    ...more,
    async run(ctx) {
      const span: Span = { id: `${family}.${name}`, revision: ctx.revision, start: performance.now(), end: 0, session: ctx.session };
      await sleep(ms);
      span.end = performance.now();
      log.push(span);
      return { status: 'pass' };
    },
  };
}

function checks(log: Span[]): Check[] {
  const schedule = (s: Schedule) => ({ schedule: s });
  return [
    check(log, 'quick', 'a', 300),
    check(log, 'quick', 'b', 300),
    check(log, 'slow', 'waits', 1000, schedule('waits')),
    check(log, 'slow', 'waits-too', 1000, schedule('waits')),
    check(log, 'other', 'c', 200),
    check(log, 'slow', 'rotates', 50, schedule('alone')),
    check(log, 'measure', 'latency', 100, schedule('timing')),
  ];
}

async function run(overlap: boolean) {
  const log: Span[] = [];
  const progress: CheckResult[] = [];
  const config = referenceConfig();
  config.target.revisions = ['2025-11-25', '2026-07-28'];
  const started = performance.now();
  const { report } = await runHarness(config, { checks: checks(log), overlap, onResult: (r) => progress.push(r) });
  return { log, progress, report, ms: performance.now() - started };
}

const span = (log: Span[], id: string, revision: string) => log.find((s) => s.id === id && s.revision === revision)!;
const PLAN_ORDER = ['2025-11-25', '2026-07-28'].flatMap((rev) => ['quick.a', 'quick.b', 'slow.waits', 'slow.waits-too', 'slow.rotates', 'other.c', 'measure.latency'].map((id) => `${id}@${rev}`));

describe('checks sharing the run', () => {
  it('run waiting checks beside the rest and each other, latency after the rest, the alone check last — results in plan order, progress as families finish', async () => {
    const { log, progress, report } = await run(true);
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}@${c.revision}: ${c.reason}`)).toEqual([]);
    const quickEnds = log.filter((s) => s.id.startsWith('quick.') || s.id.startsWith('other.')).map((s) => s.end);
    for (const rev of ['2025-11-25', '2026-07-28']) {
      // the waiting checks of each revision started at once, beside each other, before the quick ones were done
      expect(span(log, 'slow.waits', rev).start).toBeLessThan(Math.min(...quickEnds));
      expect(span(log, 'slow.waits-too', rev).start).toBeLessThan(span(log, 'slow.waits', rev).end);
      // latency is measured when every in-turn check has finished
      expect(span(log, 'measure.latency', rev).start).toBeGreaterThanOrEqual(Math.max(...quickEnds));
      // the check that must be alone starts after everything else has ended
      expect(span(log, 'slow.rotates', rev).start).toBeGreaterThanOrEqual(Math.max(...log.filter((s) => s.id !== 'slow.rotates').map((s) => s.end)));
    }
    // the two revisions' waiting checks ran beside each other; the rest never ran beside itself,
    // not even a check's copy in another revision
    expect(span(log, 'slow.waits', '2026-07-28').start).toBeLessThan(span(log, 'slow.waits', '2025-11-25').end);
    const rest = log.filter((s) => /^(quick|other)\./.test(s.id)).sort((a, b) => a.start - b.start);
    for (let i = 1; i < rest.length; i++) expect(rest[i].start).toBeGreaterThanOrEqual(rest[i - 1].end);
    expect(report.checks.map((c) => `${c.id}@${c.revision}`)).toEqual(PLAN_ORDER);
    // progress hears of each family (per revision) once its last check is in: the in-turn ones as
    // they finish, the one measuring latency after them, the one holding the alone check last
    const inTurn = (rev: string) => ['quick.a', 'quick.b', 'other.c'].map((id) => `${id}@${rev}`);
    const slow = (rev: string) => ['slow.waits', 'slow.waits-too', 'slow.rotates'].map((id) => `${id}@${rev}`);
    expect(progress.map((c) => `${c.id}@${c.revision}`)).toEqual([
      ...inTurn('2025-11-25'),
      ...inTurn('2026-07-28'),
      'measure.latency@2025-11-25',
      'measure.latency@2026-07-28',
      ...slow('2025-11-25'),
      ...slow('2026-07-28'),
    ]);
    // a family keeps one context per revision: the alone check shares its family's session, the others have their own
    const session = (id: string, rev: string) => span(log, id, rev).session;
    expect(session('slow.rotates', '2025-11-25')).toBe(session('slow.waits', '2025-11-25'));
    expect(session('slow.waits', '2025-11-25')).not.toBe(session('quick.a', '2025-11-25'));
    expect(session('quick.a', '2025-11-25')).not.toBe(session('quick.a', '2026-07-28'));
  });

  it('run what spends an allowance of the target\'s after every check relying on it, in every revision, overlapped or in turn', async () => {
    for (const overlap of [true, false]) {
      const log: Span[] = [];
      const config = referenceConfig();
      config.target.revisions = ['2025-11-25', '2026-07-28'];
      const list = [
        check(log, 'quick', 'a', 50),
        check(log, 'quick', 'spends', 50, { spends: ['jwks-refetch'] }),
        check(log, 'quick', 'b', 50),
        check(log, 'slow', 'waits', 300, { schedule: 'waits', relies: ['jwks-refetch'] }),
        check(log, 'slow', 'rotates', 50, { schedule: 'alone', relies: ['jwks-refetch'] }),
      ];
      const { report } = await runHarness(config, { checks: list, overlap });
      expect(report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}@${c.revision}: ${c.reason}`)).toEqual([]);
      const relying = log.filter((s) => s.id.startsWith('slow.'));
      for (const rev of ['2025-11-25', '2026-07-28']) {
        expect(span(log, 'quick.spends', rev).start, `overlap ${overlap}`).toBeGreaterThanOrEqual(Math.max(...relying.map((s) => s.end)));
        // on its family's session, opened before anything ran alone
        expect(span(log, 'quick.spends', rev).session).toBe(span(log, 'quick.a', rev).session);
      }
      // results keep the plan's order
      expect(report.checks.map((c) => `${c.id}@${c.revision}`)).toEqual(['2025-11-25', '2026-07-28'].flatMap((rev) => list.map((c) => `${c.id}@${rev}`)));
    }
  });

  it('run every check in turn with overlap off, and save the waiting time with it on', async () => {
    const inTurn = await run(false);
    const ordered = [...inTurn.log].sort((a, b) => a.start - b.start);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i].start).toBeGreaterThanOrEqual(ordered[i - 1].end);
    expect(inTurn.report.checks.map((c) => `${c.id}@${c.revision}`)).toEqual(PLAN_ORDER);
    // summed sleeps: 2 × (300 + 300 + 1000 + 1000 + 50 + 100 + 200) = 5900 ms in turn; overlapped,
    // the four 1000 ms waits hide behind the rest
    const sum = (r: typeof inTurn) => r.log.reduce((n, s) => n + (s.end - s.start), 0);
    expect(sum(inTurn)).toBeGreaterThanOrEqual(5900);
    const overlapped = await run(true);
    const wall = (r: typeof inTurn) => Math.max(...r.log.map((s) => s.end)) - Math.min(...r.log.map((s) => s.start));
    expect(wall(overlapped)).toBeLessThan(wall(inTurn) - 3000);
  });
});
