// Known failures, so a team can adopt the gate gradually. An entry that no longer fails is
// reported and fails the run: the baseline shrinks as things get fixed, and can't go stale.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REVISIONS } from '../check.ts';
import type { CheckResult, Revision } from '../check.ts';
import { resultKey } from './report.ts';
import type { BaselineOutcome } from './report.ts';

export interface BaselineEntry {
  id: string;
  /** Absent: the entry covers every revision the check runs on. */
  revision?: Revision;
  reason?: string;
}

export interface Baseline {
  file: string;
  known: BaselineEntry[];
}

/**
 * Reads `{ known: [{ id, revision?, reason? }] }` or a plain list of ids (`id` or `id@revision`),
 * as JSON or YAML. Every error is one readable line.
 */
export async function loadBaseline(path: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`baseline file not found: ${path}`);
    if (code === 'EISDIR') throw new Error(`baseline file is a directory: ${path}`);
    throw new Error(`cannot read baseline file ${path}: ${oneLine((err as Error).message)}`);
  }
  return { file: path, known: parseBaseline(text, path) };
}

export function parseBaseline(text: string, file: string): BaselineEntry[] {
  const asJson = extname(file).toLowerCase() === '.json';
  let doc: unknown;
  try {
    doc = asJson ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new Error(`baseline file ${file} is not valid ${asJson ? 'JSON' : 'YAML'}: ${oneLine((err as Error).message)}`);
  }
  const fail = (what: string): never => {
    throw new Error(`baseline file ${file}: ${what}`);
  };
  if (doc === null || doc === undefined) return []; // an empty file: nothing known yet
  let list: unknown = doc;
  if (!Array.isArray(doc)) {
    if (typeof doc !== 'object') fail('expected { "known": [...] } or a list of check ids');
    const extra = Object.keys(doc).filter((k) => k !== 'known' && !k.startsWith('$'));
    if (extra.length > 0) fail(`unknown key "${extra[0]}" (expected "known")`);
    list = (doc as { known?: unknown }).known ?? [];
  }
  if (!Array.isArray(list)) fail('"known" must be a list');
  return (list as unknown[]).map((item, i) => toEntry(item, `known[${i}]`, fail));
}

function toEntry(item: unknown, where: string, fail: (what: string) => never): BaselineEntry {
  if (typeof item === 'string') {
    const at = item.lastIndexOf('@');
    return at > 0 ? toEntry({ id: item.slice(0, at), revision: item.slice(at + 1) }, where, fail) : toEntry({ id: item }, where, fail);
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) fail(`${where} must be a check id or { id, revision?, reason? }`);
  const { id, revision, reason, ...extra } = item as Record<string, unknown>;
  const unknownKey = Object.keys(extra)[0];
  if (unknownKey !== undefined) fail(`${where} has unknown key "${unknownKey}" (expected id, revision, reason)`);
  if (typeof id !== 'string' || id.trim() === '') fail(`${where} needs an "id" string`);
  if (revision !== undefined && !REVISIONS.includes(revision as Revision)) {
    fail(`${where}.revision ${JSON.stringify(revision)} is not one of ${REVISIONS.join(', ')}`);
  }
  if (reason !== undefined && typeof reason !== 'string') fail(`${where}.reason must be a string`);
  const entry: BaselineEntry = { id: (id as string).trim() };
  if (revision !== undefined) entry.revision = revision as Revision;
  if (reason !== undefined) entry.reason = reason as string;
  return entry;
}

/**
 * Marks failing results the baseline knows as `baselined` (in place; status stays `fail`).
 * A known check that ran and passed (or only warned) is now passing. Skips and errors say nothing
 * about the failure, and entries for checks that did not run are ignored. An entry without a
 * revision that passes on one revision is reported too: narrow it with `revision`.
 */
export function applyBaseline(results: CheckResult[], baseline: Baseline): BaselineOutcome {
  const stillFailing: string[] = [];
  const nowPassing: string[] = [];
  for (const result of results) {
    if (!baseline.known.some((e) => covers(e, result))) continue;
    if (result.status === 'fail') {
      result.baselined = true;
      stillFailing.push(resultKey(result));
    } else if (result.status === 'pass' || result.status === 'warn') {
      nowPassing.push(resultKey(result));
    }
  }
  return { file: baseline.file, stillFailing, nowPassing };
}

function covers(entry: BaselineEntry, result: CheckResult): boolean {
  return entry.id === result.id && (entry.revision === undefined || entry.revision === result.revision);
}

function oneLine(s: string): string {
  return (s.split('\n').find((line) => line.trim() !== '') ?? s).trim().replace(/\s+/g, ' ').replace(/:$/, '');
}
