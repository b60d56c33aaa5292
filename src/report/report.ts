// The JSON contract other tools read, and the verdict CI gates on.
import type { CheckResult } from '../check.ts';

export interface RunReport {
  tool: 'mcp-auth-harness';
  version: string;
  target: { url: string; revisions: string[]; profile: string; flaw?: string };
  startedAt: string;
  durationMs: number;
  summary: { pass: number; fail: number; warn: number; skip: number; error: number };
  checks: CheckResult[];
  baseline?: BaselineOutcome;
  metrics: Record<string, unknown>;
}

/** Which baseline entries still fail and which now pass, as `id@revision` keys. */
export interface BaselineOutcome {
  file: string;
  stillFailing: string[];
  nowPassing: string[];
}

/** One check runs once per protocol revision; this names one of those runs. */
export function resultKey(result: Pick<CheckResult, 'id' | 'revision'>): string {
  return `${result.id}@${result.revision}`;
}

export function summarize(results: readonly CheckResult[]): RunReport['summary'] {
  const summary = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const r of results) summary[r.status]++;
  return summary;
}

/** A failure the baseline does not know about. */
export function isBlockingFailure(result: CheckResult): boolean {
  return result.status === 'error' || (result.status === 'fail' && !result.baselined);
}

/**
 * 1 when anything failed or errored. Baselined failures don't count; a baseline entry that now
 * passes does, so the baseline can't go stale.
 */
export function exitCodeFor(report: RunReport): 0 | 1 {
  if (report.checks.some(isBlockingFailure)) return 1;
  return (report.baseline?.nowPassing.length ?? 0) > 0 ? 1 : 0;
}
