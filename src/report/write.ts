import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonReport } from './json.ts';
import { toJUnit } from './junit.ts';
import { toMarkdown } from './markdown.ts';
import { redactDeep } from './redact.ts';
import type { RunReport } from './report.ts';

export interface ReportPaths {
  json: string;
  junit: string;
  markdown: string;
}

/** Writes report.json, junit.xml and summary.md into `dir`, with every known secret redacted. */
export async function writeReports(dir: string, report: RunReport, secrets: readonly string[]): Promise<ReportPaths> {
  await mkdir(dir, { recursive: true });
  const redacted = redactDeep(report, secrets);
  const junit = join(dir, 'junit.xml');
  const markdown = join(dir, 'summary.md');
  const [json] = await Promise.all([
    writeJsonReport(dir, redacted),
    writeFile(junit, toJUnit(redacted)),
    writeFile(markdown, toMarkdown(redacted)),
  ]);
  return { json, junit, markdown };
}
