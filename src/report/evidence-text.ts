// Evidence as a reviewer reads it: request, status, headers, body excerpt. Bounded, so one
// runaway body cannot swamp a CI log or a step summary.
import type { Evidence, Exchange } from '../check.ts';

export interface ExcerptLimits {
  exchanges: number;
  bodyChars: number;
  headerChars: number;
  totalChars: number;
}

export function evidenceText(evidence: Evidence | undefined, limits: ExcerptLimits): string {
  if (!evidence || typeof evidence !== 'object') return '';
  const { exchanges, note, ...rest } = evidence;
  const lines: string[] = [];
  if (typeof note === 'string' && note !== '') lines.push(`note: ${note}`);
  const list = Array.isArray(exchanges) ? exchanges : [];
  for (const exchange of list.slice(0, limits.exchanges)) lines.push(...exchangeLines(exchange, limits));
  if (list.length > limits.exchanges) lines.push(`… ${list.length - limits.exchanges} more exchanges`);
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) lines.push(`${key}: ${clip(compact(value), limits.headerChars)}`);
  }
  return clip(lines.join('\n'), limits.totalChars);
}

function exchangeLines(x: Exchange, limits: ExcerptLimits): string[] {
  const lines = [`> ${x.request}`];
  if (x.status !== undefined) lines.push(`< ${x.status}`);
  for (const [name, value] of Object.entries(x.headers ?? {})) lines.push(`< ${name}: ${clip(String(value), limits.headerChars)}`);
  if (x.body) lines.push(clip(x.body, limits.bodyChars));
  if (x.error) lines.push(`! ${x.error}`);
  return lines;
}

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [+${s.length - max} chars]`;
}

function compact(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
