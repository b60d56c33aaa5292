// The requirements the catalogue's checks test, as shared constants: each check's `requirement`
// is one of these, and its free-text `spec` list is derived from them (specOf).
import { cite, type Reference, type Requirement } from '../../src/requirement.ts';

export * from './mcp.ts';
export * from './oauth.ts';
export * from './jwt.ts';
export * from './practice.ts';
export * as refs from './references.ts';

/** The check's `spec` list: its requirement first, then what else it cites. */
export function specOf(requirement: Requirement, ...also: Reference[]): string[] {
  const lines = [requirement, ...Object.values(requirement.inRevision ?? {}), ...also].map(cite);
  return [...new Set(lines.map((l) => l.trim()))];
}
