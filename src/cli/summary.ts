// The end-of-run text: the verdict, what failed and why, where the reports are.
import type { CheckResult } from '../check.ts';
import { redactText } from '../report/redact.ts';
import type { RunReport } from '../report/report.ts';
import { REPORT_FORMATS, type ReportPaths } from '../report/write.ts';

export function printSummary(out: NodeJS.WritableStream, report: RunReport, paths: ReportPaths, secrets: string[]): void {
  const s = report.summary;
  const lines: string[] = [];
  const show = (title: string, rows: CheckResult[]) => {
    if (!rows.length) return;
    lines.push(`${title}:`);
    for (const r of rows) lines.push(`  ${r.id} @${r.revision}${r.baselined ? ' (baselined)' : ''}: ${r.reason ?? ''}`);
  };
  show('Failed', report.checks.filter((r) => r.status === 'fail'));
  show('Errors', report.checks.filter((r) => r.status === 'error'));
  show('Warnings', report.checks.filter((r) => r.status === 'warn'));
  if (report.baseline?.nowPassing.length) {
    lines.push(`Baseline entries that no longer fail (remove them from ${report.baseline.file}):`);
    for (const k of report.baseline.nowPassing) lines.push(`  ${k}`);
  }
  const target = report.metrics.target as { down?: { reason: string; during?: string }; exit?: string } | undefined;
  if (target?.down) lines.push(`Target down: it ${target.down.reason}${target.down.during ? ` during ${target.down.during}` : ''}; every check from there on is an error, not a finding.`);
  else if (target?.exit) lines.push(`Target down: it ${target.exit} after the checks.`);
  lines.push(`${s.pass} passed, ${s.fail} failed, ${s.warn} warned, ${s.skip} skipped, ${s.error} errors in ${(report.durationMs / 1000).toFixed(1)} s`);
  lines.push(`reports: ${REPORT_FORMATS.flatMap((f) => paths[f] ?? []).join(', ')}`);
  out.write(redactText(lines.join('\n'), secrets) + '\n');
}
