// The 2026-07-28 requestState of the reference's multi-round tools. On its way back the state is
// attacker-controlled input, so the compliant server seals it (HMAC, the SDK's codec) and binds it
// to the caller; the flaws drop one protection or the other.
import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, type ServerContext, type ServerOptions } from '@modelcontextprotocol/server';
import { hasFlaw as flaw } from '../flaws.ts';
import { identityOf } from './tool-identity.ts';

const KEY = randomBytes(32); // one process serves every round
const caller = (ctx: ServerContext) => identityOf(ctx.http?.authInfo).sub;
const bound = createRequestStateCodec<object>({ key: KEY, ttlSeconds: 300, bind: caller });
const unbound = createRequestStateCodec<object>({ key: KEY, ttlSeconds: 300 });

// The bug (both flaws): the state is sealed but not bound to the caller, so anyone may echo it back.
const codec = () => (flaw('request-state-unbound') || flaw('request-state-carries-authorization') ? unbound : bound);

/** The McpServer option that verifies an echoed requestState before any handler sees it. */
export function requestStateOptions(): ServerOptions['requestState'] {
  // The bug: no integrity check at all; the handler decodes whatever comes back.
  if (flaw('request-state-unsigned')) return undefined;
  return { verify: (state, ctx) => codec().verify(state, ctx) };
}

export function mintRequestState(payload: object, ctx: ServerContext): Promise<string> {
  if (flaw('request-state-unsigned')) return Promise.resolve(Buffer.from(JSON.stringify(payload)).toString('base64url'));
  return codec().mint(payload, ctx);
}
