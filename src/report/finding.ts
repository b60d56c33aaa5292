// What a reader needs to act on a check: the requirement it tests (document, section, URL, level)
// and one sentence each of impact and fix. Results carry these once every check declares them;
// until then (and for results read from an older report.json) each is optional and read defensively.
import type { CheckResult } from '../check.ts';

export type RequirementLevel = 'MUST' | 'SHOULD' | 'hardening';

export interface Requirement {
  doc: string;
  section: string;
  url: string;
  level: RequirementLevel;
  text: string;
}

const LEVELS: readonly string[] = ['MUST', 'SHOULD', 'hardening'];

export function requirementOf(result: CheckResult): Requirement | undefined {
  const r = (result as { requirement?: unknown }).requirement;
  if (typeof r !== 'object' || r === null) return undefined;
  const { doc, section, url, level, text } = r as Record<string, unknown>;
  if (typeof level !== 'string' || !LEVELS.includes(level)) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return { doc: str(doc), section: str(section), url: str(url), level: level as RequirementLevel, text: str(text) };
}

export function impactOf(result: CheckResult): string | undefined {
  return textField(result, 'impact');
}

export function fixOf(result: CheckResult): string | undefined {
  return textField(result, 'fix');
}

/** An http(s) URL, else undefined: nothing else belongs in a link. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const protocol = new URL(url).protocol;
  return protocol === 'https:' || protocol === 'http:' ? url : undefined;
}

/** "RFC 6750 §3.1" from the requirement, else the check's free-text spec references. */
export function citation(result: CheckResult): string {
  const req = requirementOf(result);
  if (req && (req.doc || req.section)) return [req.doc, req.section].filter(Boolean).join(' ');
  return result.spec.join('; ');
}

function textField(result: CheckResult, key: 'impact' | 'fix'): string | undefined {
  const v = (result as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Results grouped by check, in the order the checks first appear: one finding per check. */
export function groupById(checks: readonly CheckResult[]): CheckResult[][] {
  const byId = new Map<string, CheckResult[]>();
  for (const c of checks) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  return [...byId.values()];
}
