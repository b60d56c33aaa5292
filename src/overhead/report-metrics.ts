// report.json's metrics.overhead: the overhead family's figures, one per revision, with the
// revision that measured the highest p95 on top (the figure a gate should read), and the overhead
// by pairs in flight (measured in one revision) as byConcurrency.
import type { CheckResult } from '../check.ts';
import type { ConcurrencyFigure } from './by-concurrency.ts';
import type { OverheadFigures } from './figures.ts';

type Measured = OverheadFigures & { byConcurrency?: ConcurrencyFigure[] };

export type OverheadMetrics = OverheadFigures & {
  revision: string;
  byRevision: Record<string, OverheadFigures>;
  /** p50/p95 overhead with 1, 8, 32, 128 pairs in flight, and the revision they were measured in. */
  byConcurrency?: ConcurrencyFigure[];
  byConcurrencyRevision?: string;
};

export function overheadMetrics(results: readonly CheckResult[]): OverheadMetrics | undefined {
  const measured = results.filter((r) => r.family === 'overhead' && isFigures(r.evidence.overhead));
  if (!measured.length) return undefined;
  const figures = (r: CheckResult) => {
    const { byConcurrency: _, ...rest } = r.evidence.overhead as Measured;
    return rest;
  };
  const byRevision: Record<string, OverheadFigures> = {};
  for (const r of measured) byRevision[r.revision] = figures(r);
  const worst = measured.reduce((a, b) => (figures(b).p95Ms > figures(a).p95Ms ? b : a));
  const withLevels = measured.find((r) => Array.isArray((r.evidence.overhead as Measured).byConcurrency));
  return {
    ...figures(worst),
    revision: worst.revision,
    byRevision,
    ...(withLevels ? { byConcurrency: (withLevels.evidence.overhead as Measured).byConcurrency, byConcurrencyRevision: withLevels.revision } : {}),
  };
}

function isFigures(v: unknown): v is OverheadFigures {
  return typeof v === 'object' && v !== null && typeof (v as OverheadFigures).p95Ms === 'number' && typeof (v as OverheadFigures).samples === 'number';
}
