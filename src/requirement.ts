// The normative requirement a check tests. Its level sets the default verdict policy: a violated
// MUST fails; SHOULD and hardening (best practice beyond the specs) warn unless the run is strict.
export type Level = 'MUST' | 'SHOULD' | 'hardening';

export interface Requirement {
  /** e.g. "RFC 6750", "MCP 2025-11-25 authorization". */
  doc: string;
  /** e.g. "§3.1". */
  section: string;
  url: string;
  level: Level;
  /** One sentence: what is required. */
  text: string;
}
