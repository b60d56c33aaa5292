// report.json's metrics.overhead: the overhead family's figures, one per revision, with the
// revision that measured the highest p95 on top (the figure a gate should read).
import type { CheckResult } from '../check.ts';
import type { OverheadFigures } from './figures.ts';

export type OverheadMetrics = OverheadFigures & { revision: string; byRevision: Record<string, OverheadFigures> };

export function overheadMetrics(results: readonly CheckResult[]): OverheadMetrics | undefined {
  const measured = results.filter((r) => r.family === 'overhead' && isFigures(r.evidence.overhead));
  if (!measured.length) return undefined;
  const byRevision: Record<string, OverheadFigures> = {};
  for (const r of measured) byRevision[r.revision] = r.evidence.overhead as OverheadFigures;
  const worst = measured.reduce((a, b) => ((b.evidence.overhead as OverheadFigures).p95Ms > (a.evidence.overhead as OverheadFigures).p95Ms ? b : a));
  return { ...(worst.evidence.overhead as OverheadFigures), revision: worst.revision, byRevision };
}

function isFigures(v: unknown): v is OverheadFigures {
  return typeof v === 'object' && v !== null && typeof (v as OverheadFigures).p95Ms === 'number' && typeof (v as OverheadFigures).samples === 'number';
}
