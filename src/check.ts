// The unit everything turns on: a check is data plus one `run` that returns a verdict.
import type { McpResponse, Probe, SendOptions } from './probe/probe.ts';
import type { Forge } from './tokens/forge.ts';
import type { Issuer } from './issuer/issuer.ts';
import type { HarnessConfig } from './config/config.ts';

import type { Revision } from './revisions.ts';

export { REVISIONS, type Revision } from './revisions.ts';

/** Report order. A new family is a new file in scenarios/ plus its name here. */
export const FAMILIES = ['headers', 'signature', 'claims', 'discovery', 'transport', 'rbac', 'sessions', 'hygiene', 'lifecycle', 'overhead'] as const;
export type Family = (typeof FAMILIES)[number];

export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export type Severity = 'high' | 'medium' | 'low' | 'info';

/** What the auth profile lets the harness do; a check needing something absent is skipped. */
export type Capability =
  | 'mint' // harness can mint valid tokens (jwks, hs256)
  | 'asymmetric' // target verifies with a public key from the harness's JWKS
  | 'hs256' // target verifies with a shared secret the harness knows
  | 'es256' // the signing key is P-256 (ES256)
  | 'clock-skew' // target declares a clock-skew tolerance > 0
  | 'oracle'; // target has a tool that names the caller (whoami)

/** Redacted, reviewer-facing record of one exchange. */
export interface Exchange {
  request: string; // e.g. "POST /mcp (Authorization: Bearer <token:expired>)"
  status?: number;
  headers?: Record<string, string>;
  body?: string; // excerpt
  error?: string;
}

export interface Evidence {
  exchanges?: Exchange[];
  note?: string;
  [k: string]: unknown;
}

export interface Verdict {
  status: Status;
  reason?: string;
  evidence?: Evidence;
}

export interface Identity {
  name: string;
  subject: string;
  roles: string[];
  username?: string;
}

export interface CheckContext {
  probe: Probe;
  forge: Forge;
  issuer: Issuer;
  revision: Revision;
  identity: Identity; // the default identity for rejection checks
  /** Every configured identity (the first is `identity`). */
  identities: Identity[];
  /** The whole run configuration: families read their own sections (rbac, upstream, …) from it. */
  config: HarnessConfig;
  clockSkewSeconds: number;
  /** Canonical resource URI of the target (RFC 8707 / RFC 9728 `resource`). */
  resource: string;
  /** The session the family's positive control opened (2025 revisions), else undefined. */
  session?: string;
  /** MCP endpoint of the baseline twin (the same server, auth off), when one is configured. */
  baseline?: string;
  /** Sends the family's probe request (an authenticated MCP call) on the control's session. */
  attempt(opts: SendOptions): Promise<McpResponse>;
  /** Calls the identity oracle (a whoami tool) on the control's session. */
  whoami(opts: SendOptions): Promise<McpResponse>;
  /** The caller the oracle's answer names, if any. */
  identityOf(response: McpResponse): string | undefined;
  /** Where the target reads identity from (claims mapping). */
  claimNames: { subject: string; roles: string; username: string };
}

export interface Check {
  id: string;
  family: Family;
  title: string;
  spec: string[];
  severity: Severity;
  revisions: readonly Revision[];
  needs: Capability[];
  /** The reference defect (FLAW=<name>) that must make this check fail. */
  flaw: string;
  /** Rejection checks are guarded by the family's positive control. Default true. */
  guarded?: boolean;
  run(ctx: CheckContext): Promise<Verdict>;
}

export interface CheckResult {
  id: string;
  /** 'client': the checks `mcp-auth-harness client` runs against an MCP client (scenarios/client.ts). */
  family: Family | 'client';
  title: string;
  status: Status;
  severity: Severity;
  spec: string[];
  revision: Revision;
  reason?: string;
  evidence: Evidence;
  durationMs: number;
  baselined?: boolean;
}
