// A signed-in caller: an identity with its own valid token and (2025 revisions) its own session.
import type { CheckContext, Identity } from './check.ts';
import type { ToolCall } from './config/config.ts';
import { succeeded, type McpResponse, type Probe, type SendOptions } from './probe/probe.ts';

export interface Principal {
  identity: Identity;
  token: string;
  session?: string;
}

export interface SignIn {
  principal?: Principal;
  response: McpResponse;
}

export async function signIn(ctx: CheckContext, identity: Identity, probe: Probe = ctx.probe): Promise<SignIn> {
  const token = await ctx.forge.valid(identity);
  const opened = await probe.open({ token, label: `${identity.name}'s token` });
  if (!succeeded(opened.response)) return { response: opened.response };
  return { principal: { identity, token, session: opened.id }, response: opened.response };
}

export function callAs(ctx: CheckContext, p: Principal, call: ToolCall, extra: SendOptions = {}, probe: Probe = ctx.probe): Promise<McpResponse> {
  return probe.callTool(call.tool, call.arguments ?? {}, { token: p.token, session: p.session, label: `${p.identity.name}'s token`, ...extra });
}

/** A principal whose identity differs from every configured one: for "another user" checks. */
export function otherIdentity(ctx: CheckContext): Identity {
  return ctx.identities[1] ?? { name: 'mallory', subject: `mallory-${ctx.identity.subject}`, roles: ctx.identity.roles };
}
