// whoami in two rounds (2026-07-28 multi-round-trip requests): the first answer is input_required
// with a requestState naming the caller; echoed back, the state says whose answer it is. On its way
// back the state is attacker-controlled input, so the compliant server signs it (HMAC, the SDK's
// codec) and binds it to the caller; the flaws drop one protection or the other.
import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, fromJsonSchema, inputRequired, type McpServer, type ServerContext, type ServerOptions } from '@modelcontextprotocol/server';
import type { Identity } from '../auth/identity.ts';
import { hasFlaw as flaw } from '../flaws.ts';
import { identityOf, toolIdentity } from './tool-identity.ts';
import { jsonResult, toolError } from './tool-results.ts';

const KEY = randomBytes(32); // one process serves every round
const caller = (ctx: ServerContext) => identityOf(ctx.http?.authInfo).sub;
const bound = createRequestStateCodec<Identity>({ key: KEY, ttlSeconds: 300, bind: caller });
const unbound = createRequestStateCodec<Identity>({ key: KEY, ttlSeconds: 300 });

const codec = () => (flaw('request-state-unbound') ? unbound : bound);

/** The McpServer option that verifies an echoed requestState before any handler sees it. */
export function requestStateOptions(): ServerOptions['requestState'] {
  // The bug: no integrity check at all; the handler decodes whatever comes back.
  if (flaw('request-state-unsigned')) return undefined;
  return { verify: (state, ctx) => codec().verify(state, ctx) };
}

const noInput = fromJsonSchema<Record<string, unknown>>({ type: 'object', properties: {} });

export function registerDeferredWhoami(server: McpServer): void {
  server.registerTool('whoami_deferred', { description: 'The caller, in two rounds: echo the requestState back to get it', inputSchema: noInput }, async (args, ctx) => {
    const state: unknown = ctx.mcpReq.requestState();
    if (state === undefined) {
      const identity = await toolIdentity(ctx, args);
      const requestState = flaw('request-state-unsigned') ? Buffer.from(JSON.stringify(identity)).toString('base64url') : await codec().mint(identity, ctx);
      return inputRequired({ requestState });
    }
    if (typeof state !== 'string') return jsonResult({ ...(state as Identity) });
    try {
      return jsonResult(JSON.parse(Buffer.from(state, 'base64url').toString()) as Record<string, unknown>);
    } catch {
      return toolError('unreadable requestState');
    }
  });
}
