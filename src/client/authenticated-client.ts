// The reference MCP client for an authenticated server: the SDK's Client over its
// StreamableHTTPClientTransport, with the bearer handled by authFetch and a TokenManager per user.
//
//   const { client, close } = await createAuthenticatedClient({
//     url: 'https://mcp.example.com/mcp',
//     tokens: { tokenUrl, clientId, clientSecret },   // or your own TokenSource
//   });
//   await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
//   await close();
//
// One TokenManager per user: a client object shared between users must never share its tokens.
import { Client } from '@modelcontextprotocol/sdk/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { VERSION } from '../version.ts';
import { authFetch } from './auth-fetch.ts';
import { isTokenSource, TokenManager, type TokenManagerOptions, type TokenSource } from './token-manager.ts';
import type { FetchLike } from './token-request.ts';

export interface AuthenticatedClientOptions {
  /** The MCP endpoint. */
  url: string | URL;
  /** Client credentials for the token endpoint, or any TokenSource. */
  tokens: TokenManagerOptions | TokenSource;
  clientInfo?: { name: string; version: string };
  /** The fetch under the auth layer (default: global fetch). */
  fetch?: FetchLike;
}

export interface AuthenticatedClient {
  client: Client;
  tokens: TokenSource;
  /** Ends the session (HTTP DELETE, with the bearer) and closes the client. */
  close(): Promise<void>;
}

export async function createAuthenticatedClient(opts: AuthenticatedClientOptions): Promise<AuthenticatedClient> {
  // The token names the server it is for (RFC 8707): this endpoint, unless the options say otherwise.
  const tokens = isTokenSource(opts.tokens) ? opts.tokens : new TokenManager({ resource: String(opts.url), ...opts.tokens });
  const transport = new StreamableHTTPClientTransport(new URL(opts.url), { fetch: authFetch(tokens, opts.fetch) });
  const client = new Client(opts.clientInfo ?? { name: 'mcp-auth-harness-client', version: VERSION });
  await client.connect(transport);
  return {
    client,
    tokens,
    async close() {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}
