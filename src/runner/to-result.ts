// A verdict becomes a report row: the check's data, the revision, and the verdict after the level
// policy (a violated MUST fails; SHOULD and hardening warn unless the run is strict).
import type { CheckResult, Revision, Verdict } from '../check.ts';
import { requirementIn, type Requirement } from '../requirement.ts';

export interface ResultSource {
  id: string;
  family: string;
  title: string;
  severity: CheckResult['severity'];
  spec: string[];
  requirement?: Requirement;
  impact?: string;
  fix?: string;
}

export function toResult(check: ResultSource, revision: Revision, verdict: Verdict, durationMs: number, strict = false): CheckResult {
  const { requirement: violated, ...judged } = verdict;
  // The finding's own requirement (a SHOULD part of a MUST check) only when it is a finding.
  const requirement = (judged.status === 'fail' && violated) || (check.requirement && requirementIn(check.requirement, revision));
  const v = underPolicy(judged, requirement || undefined, strict);
  return {
    id: check.id,
    family: check.family,
    title: check.title,
    status: v.status,
    severity: check.severity,
    spec: check.spec,
    ...(requirement ? { requirement } : {}),
    ...(check.impact ? { impact: check.impact } : {}),
    ...(check.fix ? { fix: check.fix } : {}),
    revision,
    ...(v.reason ? { reason: v.reason } : {}),
    evidence: v.evidence ?? {},
    durationMs: Math.round(durationMs),
  };
}

export function underPolicy(v: Verdict, requirement: Requirement | undefined, strict: boolean): Verdict {
  if (v.status !== 'fail' || !requirement || requirement.level === 'MUST' || strict) return v;
  return { ...v, status: 'warn', reason: `${v.reason ?? 'violated'} (${requirement.level}: a warning by default; --strict fails it)` };
}
