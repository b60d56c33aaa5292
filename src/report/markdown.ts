// A Markdown summary fit for a CI step summary: the verdict first, then what needs a human.
// Each failing or warning check appears once, whatever the number of revisions it failed in: its
// level, what an attacker gets, the fix, and one exchange as evidence.
import type { CheckResult, Severity } from '../check.ts';
import { clip, evidenceText } from './evidence-text.ts';
import type { ExcerptLimits } from './evidence-text.ts';
import { citation, fixOf, groupById, impactOf, requirementOf, safeUrl } from './finding.ts';
import { redactDeep } from './redact.ts';
import { exitCodeFor, resultKey } from './report.ts';
import type { RunReport } from './report.ts';

const LIMITS: ExcerptLimits = { exchanges: 1, bodyChars: 400, headerChars: 200, totalChars: 1200 };
const DETAILED_FINDINGS = 25;
const LISTED_ITEMS = 50;
const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low', 'info'];

export function toMarkdown(input: RunReport): string {
  const report = redactDeep(input, []); // defence in depth; writeReports has already redacted known secrets
  const multiRevision = new Set(report.checks.map((c) => c.revision)).size > 1;
  const where = (rs: CheckResult[]) => (multiRevision ? ` (${rs.map((r) => r.revision).join(', ')})` : '');
  const by = (status: CheckResult['status']) => report.checks.filter((c) => c.status === status);
  const failures = groupById(by('fail').filter((c) => !c.baselined)).sort(bySeverity);
  const baselined = groupById(by('fail').filter((c) => c.baselined));
  const baselinedResults = baselined.flat().length;
  const stale = report.baseline?.nowPassing ?? [];

  const out: string[] = [verdictLine(report, failures.length, baselined.length, stale.length), '', targetLine(report), '', ...summaryTable(report, baselinedResults)];

  if (failures.length > 0) {
    out.push('', `### ❌ Failures (${plural(failures.length, 'check')})`);
    out.push(...findingBlocks(failures, 'failed', multiRevision));
  }
  if (stale.length > 0) {
    out.push('', `### 🧹 Baseline entries now passing (${stale.length})`, '');
    out.push(`These no longer fail. Remove them from ${code(report.baseline!.file)}; the run fails until then.`, '');
    out.push(...list(stale.map(code)));
  }
  if (baselined.length > 0) {
    out.push('', `### 📌 Known failures, baselined (${plural(baselined.length, 'check')})`, '');
    out.push(...list(baselined.map((rs) => `${code(rs[0].id)}${where(rs)} (${rs[0].severity}) — ${inline(rs[0].reason ?? rs[0].title)}`)));
  }
  const warnings = groupById(by('warn'));
  if (warnings.length > 0) {
    out.push('', `### ⚠️ Warnings (${plural(warnings.length, 'check')})`);
    out.push(...findingBlocks(warnings, 'warned', multiRevision));
  }
  const errors = groupById(by('error'));
  if (errors.length > 0) {
    out.push('', `### 💥 Errors (${plural(errors.length, 'check')})`, '', 'The harness or the target broke; an error never counts as a pass.', '');
    out.push(...list(errors.map((rs) => `${code(rs[0].id)}${where(rs)} — ${inline(rs[0].reason ?? 'no reason given')}${errorDetail(rs[0])}`)));
  }
  const skips = by('skip');
  if (skips.length > 0) {
    out.push('', `### ⏭️ Skipped (${skips.length})`, '');
    out.push(...list(skipGroups(skips, multiRevision)));
  }
  out.push('', '### Results by family', '', ...familyTable(report.checks));
  const metrics = Object.keys(report.metrics ?? {});
  if (metrics.length > 0) {
    out.push('', '### Metrics', '', ...fenced(clip(JSON.stringify(report.metrics, null, 2), LIMITS.totalChars), 'json'));
  }
  return `${out.join('\n')}\n`;
}

function verdictLine(report: RunReport, failures: number, baselined: number, stale: number): string {
  const s = report.summary;
  if (exitCodeFor(report) === 0) {
    const extra = [
      s.warn && plural(s.warn, 'warning'),
      s.skip && `${s.skip} skipped`,
      baselined && plural(baselined, 'known failure'),
    ].filter(Boolean);
    return `## ✅ mcp-auth-harness: PASS — ${s.pass} passed${extra.length ? `, ${extra.join(', ')}` : ''}`;
  }
  const parts = [
    failures && `${plural(failures, 'check')} failed`,
    s.error && plural(s.error, 'error'),
    stale && plural(stale, 'stale baseline entry', 'stale baseline entries'),
  ].filter(Boolean);
  return `## ❌ mcp-auth-harness: FAIL — ${parts.join(', ')} (${s.pass} passed)`;
}

function targetLine(report: RunReport): string {
  const t = report.target;
  const parts = [
    `Target ${code(t.url)}`,
    `profile ${code(t.profile)}`,
    `${t.revisions.length === 1 ? 'revision' : 'revisions'} ${t.revisions.map(code).join(', ')}`,
  ];
  if (t.flaw) parts.push(`flaw ${code(t.flaw)}`);
  parts.push(`${(report.durationMs / 1000).toFixed(1)} s`, `v${inline(report.version)}`);
  return parts.join(' · ');
}

function summaryTable(report: RunReport, baselined: number): string[] {
  const s = report.summary;
  const fail = baselined > 0 ? `${s.fail} (${baselined} baselined)` : `${s.fail}`;
  return ['| ✅ Pass | ❌ Fail | ⚠️ Warn | ⏭️ Skip | 💥 Error |', '|---:|---:|---:|---:|---:|', `| ${s.pass} | ${fail} | ${s.warn} | ${s.skip} | ${s.error} |`];
}

/** One block per check (the first DETAILED_FINDINGS of them), the rest as a list. */
function findingBlocks(findings: CheckResult[][], verb: 'failed' | 'warned', multiRevision: boolean): string[] {
  const out: string[] = [];
  for (const rs of findings.slice(0, DETAILED_FINDINGS)) out.push('', ...findingBlock(rs, verb, multiRevision));
  const rest = findings.slice(DETAILED_FINDINGS);
  if (rest.length > 0) {
    out.push('', `${plural(rest.length, 'more check')}, without evidence here (see report.json):`, '');
    out.push(...list(rest.map((rs) => `${code(rs[0].id)} (${rs[0].severity}) — ${inline(rs[0].reason ?? rs[0].title)}`)));
  }
  return out;
}

function findingBlock(results: CheckResult[], verb: 'failed' | 'warned', multiRevision: boolean): string[] {
  const [first] = results;
  const req = requirementOf(first);
  const head = [`**${first.severity}**`, ...(req ? [`**${req.level}**`] : [])].join(' · ');
  const lines = [`#### ${code(first.id)} — ${inline(first.title)}`, '', `${head} · ${reasons(results, verb, multiRevision)}`];
  const url = safeUrl(req?.url);
  const cite = inline(citation(first));
  if (req) lines.push('', `Requirement: ${url ? `[${cite}](${url.replace(/[()\s]/g, encodeURIComponent)})` : cite} — ${inline(req.text)}`);
  else if (first.spec.length > 0) lines.push('', `Spec: ${cite}`);
  const impact = impactOf(first);
  const fix = fixOf(first);
  if (impact) lines.push('', `Impact: ${inline(impact)}`);
  if (fix) lines.push('', `Fix: ${inline(fix)}`);
  const shown = results.find((r) => evidenceText(r.evidence, LIMITS)) ?? first;
  const evidence = evidenceText(shown.evidence, LIMITS);
  const whose = multiRevision ? ` (${shown.revision})` : '';
  if (evidence) lines.push('', `<details><summary>Evidence${whose}</summary>`, '', ...fenced(evidence, 'text'), '', '</details>');
  return lines;
}

/** "failed in `a`, `b`: reason"; revisions that failed for another reason get their own clause. */
function reasons(results: CheckResult[], verb: string, multiRevision: boolean): string {
  const byReason = new Map<string, string[]>();
  for (const r of results) {
    const reason = r.reason ?? 'no reason given';
    byReason.set(reason, [...(byReason.get(reason) ?? []), r.revision]);
  }
  const clauses = [...byReason].map(([reason, revisions]) => `${multiRevision ? `in ${revisions.map(code).join(', ')}: ` : ''}${inline(reason)}`);
  return `${verb}${multiRevision ? ' ' : ': '}${clauses.join('; ')}`;
}

function errorDetail(r: CheckResult): string {
  const error = r.evidence?.exchanges?.find((x) => x.error)?.error;
  return error ? ` (${code(clip(error, 200))})` : '';
}

function skipGroups(skips: CheckResult[], multiRevision: boolean): string[] {
  const groups = new Map<string, string[]>();
  for (const r of skips) {
    const reason = r.reason ?? 'no reason given';
    const name = multiRevision ? resultKey(r) : r.id;
    groups.set(reason, [...(groups.get(reason) ?? []), name]);
  }
  return [...groups].map(([reason, names]) => {
    const shown = names.slice(0, 20).map(code).join(', ');
    return `${inline(reason)} (${names.length}): ${shown}${names.length > 20 ? `, … ${names.length - 20} more` : ''}`;
  });
}

function familyTable(checks: CheckResult[]): string[] {
  const rows = new Map<string, Record<CheckResult['status'], number>>();
  for (const c of checks) {
    const row = rows.get(c.family) ?? { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
    row[c.status]++;
    rows.set(c.family, row);
  }
  return [
    '| Family | Pass | Fail | Warn | Skip | Error |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...rows].map(([family, r]) => `| ${inline(family)} | ${r.pass} | ${r.fail} | ${r.warn} | ${r.skip} | ${r.error} |`),
  ];
}

function list(items: string[]): string[] {
  const shown = items.slice(0, LISTED_ITEMS).map((item) => `- ${item}`);
  if (items.length > LISTED_ITEMS) shown.push(`- … ${items.length - LISTED_ITEMS} more (see report.json)`);
  return shown;
}

function bySeverity(a: CheckResult[], b: CheckResult[]): number {
  return SEVERITY_ORDER.indexOf(a[0].severity) - SEVERITY_ORDER.indexOf(b[0].severity);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Text that renders as itself on one line, in prose and in table cells. */
function inline(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#])/g, '\\$1');
}

function code(s: string): string {
  const text = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = '`'.repeat(longest + 1);
  return longest > 0 ? `${ticks} ${text} ${ticks}` : `${ticks}${text}${ticks}`;
}

function fenced(body: string, lang: string): string[] {
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, body, fence];
}
