// The unit everything turns on: a check is data plus one `run` that returns a verdict.
import type { McpResponse, Probe, SendOptions } from './probe/probe.ts';
import type { Forge } from './tokens/forge.ts';
import type { Issuer } from './issuer/issuer.ts';
import type { ResolvedConfig } from './config/config.ts';
import type { Requirement } from './requirement.ts';

import type { Revision } from './revisions.ts';

export { REVISIONS, type Revision } from './revisions.ts';

export type { Level, Reference, Requirement } from './requirement.ts';

export type Status = 'pass' | 'fail' | 'warn' | 'skip' | 'error';
export type Severity = 'high' | 'medium' | 'low' | 'info';

/**
 * Something a check may need from the run (the auth profile can mint tokens, an oracle is
 * configured, …). The engine declares the profile's (src/runner/capabilities.ts); families declare
 * their own (defineFamily). A check needing one the run lacks is skipped with the declared reason.
 */
export type Capability = string;

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
  /**
   * The requirement this finding violates when it is not the check's own: a SHOULD part of a
   * MUST check (the level policy then judges it by this one's level).
   */
  requirement?: Requirement;
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
  /** The whole run configuration, defaults applied: families read their own sections (rbac, upstream, …) from it. */
  config: ResolvedConfig;
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
  /** The family's name (filled in by defineFamily). */
  family: string;
  title: string;
  spec: string[];
  /** The normative requirement the check tests; its level decides whether a violation fails or warns. */
  requirement?: Requirement;
  /** What an attacker gets when the check fails (one sentence). */
  impact?: string;
  /** How to fix it, library-neutral (one sentence). */
  fix?: string;
  severity: Severity;
  revisions: readonly Revision[];
  needs: Capability[];
  /** The reference defect (FLAW=<name>) that must make this check fail. */
  flaw: string;
  /** Rejection checks are guarded by the family's positive control. Default true. */
  guarded?: boolean;
  /** Services the check needs started (set from its family). */
  starts?: 'baseline'[];
  /** How the check shares the run's time with the others (set from its family unless it says). Default: in turn. */
  schedule?: Schedule;
  /** Allowances of the target's this check needs unspent to judge it (a rotated-in kid needs a JWKS refetch). */
  relies?: Allowance[];
  /** Allowances this check uses up (tokens naming kids the JWKS lacks): it runs after every check relying on them. */
  spends?: Allowance[];
  run(ctx: CheckContext): Promise<Verdict>;
}

/**
 * `waits`: mostly waits out time windows (expiry, skew, caches) — runs from the start beside
 * everything else. `timing`: measures latency — runs once the rest has gone quiet (beside `waits`
 * only). `alone`: changes what every other check relies on (the signing key) — runs after all
 * others. See src/runner/run-checks.ts.
 */
export type Schedule = 'waits' | 'timing' | 'alone';

/**
 * Something of the target's that requests use up and only time gives back. `jwks-refetch`: how
 * often it refetches its JWKS for a kid it does not know (jose: once per 30 s cooldown; jwks-rsa:
 * 10 a minute). A check that spends an allowance runs after every check (of every revision) that
 * relies on it, whatever their schedules: no verdict may depend on what the harness sent before.
 */
export type Allowance = 'jwks-refetch';

export interface CheckResult {
  id: string;
  /** The family's name; 'client' for the checks `mcp-auth-harness client` runs against an MCP client. */
  family: string;
  title: string;
  status: Status;
  severity: Severity;
  spec: string[];
  requirement?: Requirement;
  impact?: string;
  fix?: string;
  revision: Revision;
  reason?: string;
  evidence: Evidence;
  durationMs: number;
  baselined?: boolean;
}
