// The verdict policy (DESIGN.md): a violated MUST fails; a violated SHOULD or hardening rule warns,
// unless the run is strict. The check judges the behaviour; this decides what it costs.
import type { Verdict } from '../check.ts';
import type { Level } from './client-check.ts';

export function applyLevel(verdict: Verdict, level: Level, strict: boolean): Verdict {
  if (verdict.status !== 'fail' || level === 'MUST' || strict) return verdict;
  return { ...verdict, status: 'warn', reason: `${verdict.reason ?? 'violated'} (${level}: warns; --strict fails)` };
}
