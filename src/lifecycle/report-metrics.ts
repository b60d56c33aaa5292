// report.json's metrics.lifecycle: what the lifecycle family measured rather than judged — the
// target's real clock-skew tolerance and how long a rotated-in key took to be trusted.
import type { CheckResult } from '../check.ts';

export interface LifecycleMetrics {
  clockSkewSeconds?: { measured: number; declared: number };
  newKeyTrustedAfterMs?: number;
}

export function lifecycleMetrics(results: readonly CheckResult[]): LifecycleMetrics | undefined {
  const out: LifecycleMetrics = {};
  const skew = results.find((r) => r.id === 'lifecycle.clock-skew.measured' && typeof r.evidence.measuredSkewSeconds === 'number');
  if (skew) out.clockSkewSeconds = { measured: skew.evidence.measuredSkewSeconds as number, declared: skew.evidence.declaredSkewSeconds as number };
  const kid = results.find((r) => r.id === 'lifecycle.rotation.new-kid' && typeof r.evidence.acceptedAfterMs === 'number');
  if (kid) out.newKeyTrustedAfterMs = kid.evidence.acceptedAfterMs as number;
  return Object.keys(out).length ? out : undefined;
}
