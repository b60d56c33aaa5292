import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { redactDeep } from './redact.ts';
import { makeDirectory } from './report-dir.ts';
import type { RunReport } from './report.ts';

export function toJson(report: RunReport): string {
  return `${JSON.stringify(redactDeep(report, []), null, 2)}\n`;
}

/** Writes `report.json` into `dir` and returns its path. */
export async function writeJsonReport(dir: string, report: RunReport): Promise<string> {
  await makeDirectory(dir);
  const path = join(dir, 'report.json');
  await writeFile(path, toJson(report));
  return path;
}
