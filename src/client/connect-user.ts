// The workload's connection for one user through the reference client: its own TokenManager
// (the user's client credentials), its own session.
import { createAuthenticatedClient } from './authenticated-client.ts';
import type { HarnessClientEnv, HarnessUser } from './contract.ts';
import type { TokenSource } from './token-manager.ts';
import type { FetchLike } from './token-request.ts';
import type { ConnectUser } from './workload.ts';

export interface ConnectOptions {
  /** The fetch under the auth layer. */
  fetch?: FetchLike;
  /** Where a user's tokens come from; default a TokenManager with the user's own credentials. */
  tokens?: (user: HarnessUser) => TokenSource;
}

export function connectUser(env: HarnessClientEnv, opts: ConnectOptions = {}): ConnectUser {
  return async (user) => {
    const { client, close } = await createAuthenticatedClient({
      url: env.mcpUrl,
      tokens: opts.tokens?.(user) ?? { tokenUrl: env.tokenUrl, clientId: user.clientId, clientSecret: user.clientSecret },
      fetch: opts.fetch,
    });
    return { callTool: (name, args) => client.callTool({ name, arguments: args }), close };
  };
}
