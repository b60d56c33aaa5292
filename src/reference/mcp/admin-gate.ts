// How the admin-only tools refuse a caller without the admin role: the SDK's 403 insufficient_scope
// before the tool runs, or (the denial-as-jsonrpc-error bug) an in-band refusal inside it.
import type { CallToolResult, ScopeChallengeHandler } from '@modelcontextprotocol/server';
import { ADMIN_ROLE, hasRole, roleDeniedDescription } from '../auth/roles.ts';
import { hasFlaw as flaw } from '../flaws.ts';
import { identityOf, type ToolCallContext } from './tool-identity.ts';
import { toolError } from './tool-results.ts';

export interface AdminGate {
  scopeChallenge?: ScopeChallengeHandler;
  /** The tool's own refusal, when the gate is in-band. */
  refusal(ctx: ToolCallContext): CallToolResult | undefined;
}

/** `roleGated` false: no gate at all (AUTH=off, or the admin-without-role bug). */
export function adminGate(roleGated: boolean): AdminGate {
  // The bug: the tool refuses in-band (HTTP 200), so the client never hears which scope to ask for.
  const inBand = roleGated && flaw('denial-as-jsonrpc-error');
  return {
    ...(roleGated && !inBand ? { scopeChallenge: requireRole(ADMIN_ROLE) } : {}),
    refusal: (ctx) => (inBand && !hasRole(identityOf(ctx.http?.authInfo).roles, ADMIN_ROLE) ? toolError('forbidden') : undefined),
  };
}

/** Answered by the SDK before the tool runs: 403 insufficient_scope with scope="<role>". */
export function requireRole(role: string): ScopeChallengeHandler {
  return ({ authInfo }) => (hasRole(identityOf(authInfo).roles, role) ? undefined : { scopes: [role], errorDescription: roleDeniedDescription(role) });
}
