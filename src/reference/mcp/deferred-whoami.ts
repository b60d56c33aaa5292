// whoami in two rounds (2026-07-28 multi-round-trip requests): the first answer is input_required
// with a requestState naming the caller; echoed back, the state says whose answer it is.
import { fromJsonSchema, inputRequired, type McpServer } from '@modelcontextprotocol/server';
import type { Identity } from '../auth/identity.ts';
import { mintRequestState } from './request-state.ts';
import { toolIdentity } from './tool-identity.ts';
import { jsonResult, toolError } from './tool-results.ts';

const noInput = fromJsonSchema<Record<string, unknown>>({ type: 'object', properties: {} });

export function registerDeferredWhoami(server: McpServer): void {
  server.registerTool('whoami_deferred', { description: 'The caller, in two rounds: echo the requestState back to get it', inputSchema: noInput }, async (args, ctx) => {
    const state: unknown = ctx.mcpReq.requestState();
    if (state === undefined) return inputRequired({ requestState: await mintRequestState(await toolIdentity(ctx, args), ctx) });
    if (typeof state !== 'string') return jsonResult({ ...(state as Identity) });
    try {
      return jsonResult(JSON.parse(Buffer.from(state, 'base64url').toString()) as Record<string, unknown>);
    } catch {
      return toolError('unreadable requestState');
    }
  });
}
