// A Markdown summary fit for a CI step summary: the verdict first, then what needs a human.
import type { CheckResult, Severity } from '../check.ts';
import { clip, evidenceText } from './evidence-text.ts';
import type { ExcerptLimits } from './evidence-text.ts';
import { redactDeep } from './redact.ts';
import { exitCodeFor, resultKey } from './report.ts';
import type { RunReport } from './report.ts';

const LIMITS: ExcerptLimits = { exchanges: 3, bodyChars: 400, headerChars: 200, totalChars: 1500 };
const DETAILED_FAILURES = 25;
const LISTED_ITEMS = 50;
const SEVERITY_ORDER: Severity[] = ['high', 'medium', 'low', 'info'];

export function toMarkdown(input: RunReport): string {
  const report = redactDeep(input, []); // defence in depth; writeReports has already redacted known secrets
  const multiRevision = new Set(report.checks.map((c) => c.revision)).size > 1;
  const label = (r: CheckResult) => `${code(r.id)}${multiRevision ? ` · ${r.revision}` : ''}`;
  const by = (status: CheckResult['status']) => report.checks.filter((c) => c.status === status);
  const failures = by('fail').filter((c) => !c.baselined).sort(bySeverity);
  const baselined = by('fail').filter((c) => c.baselined);
  const stale = report.baseline?.nowPassing ?? [];

  const out: string[] = [verdictLine(report, failures.length, baselined.length, stale.length), '', targetLine(report), '', ...summaryTable(report, baselined.length)];

  if (failures.length > 0) {
    out.push('', `### ❌ Failures (${failures.length})`);
    for (const r of failures.slice(0, DETAILED_FAILURES)) out.push('', ...failureBlock(r, label(r)));
    const rest = failures.slice(DETAILED_FAILURES);
    if (rest.length > 0) {
      out.push('', `${rest.length} more failures, without evidence here (see report.json):`, '');
      out.push(...list(rest.map((r) => `${label(r)} (${r.severity}) — ${inline(r.reason ?? r.title)}`)));
    }
  }
  if (stale.length > 0) {
    out.push('', `### 🧹 Baseline entries now passing (${stale.length})`, '');
    out.push(`These no longer fail. Remove them from ${code(report.baseline!.file)}; the run fails until then.`, '');
    out.push(...list(stale.map(code)));
  }
  if (baselined.length > 0) {
    out.push('', `### 📌 Known failures, baselined (${baselined.length})`, '');
    out.push(...list(baselined.map((r) => `${label(r)} (${r.severity}) — ${inline(r.reason ?? r.title)}`)));
  }
  const warnings = by('warn');
  if (warnings.length > 0) {
    out.push('', `### ⚠️ Warnings (${warnings.length})`, '');
    out.push(...list(warnings.map((r) => `${label(r)} — ${inline(r.title)}: ${inline(r.reason ?? '')}`)));
  }
  const errors = by('error');
  if (errors.length > 0) {
    out.push('', `### 💥 Errors (${errors.length})`, '', 'The harness or the target broke; an error never counts as a pass.', '');
    out.push(...list(errors.map((r) => `${label(r)} — ${inline(r.reason ?? 'no reason given')}${errorDetail(r)}`)));
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
    failures && `${failures} failed`,
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

function failureBlock(r: CheckResult, label: string): string[] {
  const lines = [`#### ${label} — ${inline(r.title)}`, '', `**${r.severity}** · ${inline(r.reason ?? 'no reason given')}`];
  if (r.spec.length > 0) lines.push('', `Spec: ${r.spec.map(inline).join('; ')}`);
  const evidence = evidenceText(r.evidence, LIMITS);
  if (evidence) lines.push('', '<details><summary>Evidence</summary>', '', ...fenced(evidence, 'text'), '', '</details>');
  return lines;
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

function bySeverity(a: CheckResult, b: CheckResult): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity);
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
