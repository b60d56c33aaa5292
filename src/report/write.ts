import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHtml } from './html.ts';
import { toJson } from './json.ts';
import { toJUnit } from './junit.ts';
import { toMarkdown } from './markdown.ts';
import { redactDeep } from './redact.ts';
import { makeDirectory } from './report-dir.ts';
import type { RunReport } from './report.ts';
import { toSarif } from './sarif.ts';

/** The formats a run can write (`--format`), each to its fixed file name. */
export const REPORT_FORMATS = ['json', 'junit', 'markdown', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILES: Record<ReportFormat, string> = {
  json: 'report.json',
  junit: 'junit.xml',
  markdown: 'summary.md',
  sarif: 'report.sarif',
  html: 'report.html',
};

const RENDER: Record<ReportFormat, (report: RunReport) => string> = {
  json: toJson,
  junit: toJUnit,
  markdown: toMarkdown,
  sarif: (report) => `${JSON.stringify(toSarif(report), null, 2)}\n`,
  html: toHtml,
};

export type ReportPaths = Partial<Record<ReportFormat, string>>;

/** Writes the chosen formats (default: all) into `dir`, with every known secret redacted. */
export async function writeReports(dir: string, report: RunReport, secrets: readonly string[], formats: readonly ReportFormat[] = REPORT_FORMATS): Promise<ReportPaths> {
  await makeDirectory(dir);
  const redacted = redactDeep(report, secrets);
  const paths: ReportPaths = {};
  await Promise.all(
    REPORT_FORMATS.filter((f) => formats.includes(f)).map(async (format) => {
      const path = join(dir, REPORT_FILES[format]);
      await writeFile(path, RENDER[format](redacted));
      paths[format] = path;
    }),
  );
  return paths;
}
