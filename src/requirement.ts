// The normative requirement a check tests. Its level sets the default verdict policy: a violated
// MUST fails; SHOULD and hardening (best practice beyond the specs) warn unless the run is strict.
import type { Revision } from './revisions.ts';

export type Level = 'MUST' | 'SHOULD' | 'hardening';

/** Where something is written: a document, a section of it and a link. */
export interface Reference {
  /** e.g. "RFC 6750", "MCP 2025-11-25 authorization". */
  doc: string;
  /** e.g. "§3.1", "§Token Handling". */
  section: string;
  url: string;
}

export interface Requirement extends Reference {
  level: Level;
  /** One sentence: what is required. */
  text: string;
  /**
   * Where a protocol revision states it differently (another section, another level): that
   * revision's requirement. Results carry the one of their revision.
   */
  inRevision?: Partial<Record<Revision, Omit<Requirement, 'inRevision'>>>;
}

/** The requirement as it stands in one revision (without the per-revision table). */
export function requirementIn(requirement: Requirement, revision: Revision): Requirement {
  const { inRevision, ...base } = requirement;
  return inRevision?.[revision] ?? base;
}

/** "RFC 6750 §3.1": how a reference reads in the free-text `spec` list. */
export function cite(ref: Reference): string {
  return `${ref.doc} ${ref.section}`;
}
