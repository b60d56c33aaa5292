// admin_reset in two rounds (2026-07-28 multi-round-trip requests): the first answer is
// input_required with a requestState, and echoing it back completes the reset. Every round is
// authorized by its own token: the SDK runs the scope challenge on each request, continuation or not.
import { fromJsonSchema, inputRequired, type McpServer, type ScopeChallengeHandler } from '@modelcontextprotocol/server';
import { hasFlaw as flaw } from '../flaws.ts';
import type { AdminGate } from './admin-gate.ts';
import { mintRequestState } from './request-state.ts';

const noInput = fromJsonSchema<Record<string, unknown>>({ type: 'object', properties: {} });

export function registerDeferredAdminReset(server: McpServer, gate: AdminGate): void {
  const scopeChallenge = gate.scopeChallenge && flaw('request-state-carries-authorization') ? firstRoundOnly(gate.scopeChallenge) : gate.scopeChallenge;
  server.registerTool(
    'admin_reset_deferred',
    { description: 'Requires the admin role; in two rounds: echo the requestState back to reset', inputSchema: noInput, ...(scopeChallenge ? { scopeChallenge } : {}) },
    async (_args, ctx) => {
      const refused = gate.refusal(ctx);
      if (refused) return refused;
      // 2025 revisions have no rounds (no envelope): the SDK's shim would pace each one 250 ms.
      if (ctx.mcpReq.envelope !== undefined && ctx.mcpReq.requestState() === undefined) return inputRequired({ requestState: await mintRequestState({ op: 'admin_reset' }, ctx) });
      return { content: [{ type: 'text', text: 'reset' }] };
    },
  );
}

/** The bug: "the first round checked the role, the state proves it", so a continuation skips the check. */
function firstRoundOnly(check: ScopeChallengeHandler): ScopeChallengeHandler {
  return (context) => (context.request.params?.requestState === undefined ? check(context) : undefined);
}
