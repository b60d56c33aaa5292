// The reference client library: what an MCP client of an authenticated server should do, and the
// `client` contract for programs tested with `mcp-auth-harness client`.
export { createAuthenticatedClient, type AuthenticatedClient, type AuthenticatedClientOptions } from './authenticated-client.ts';
export { authFetch } from './auth-fetch.ts';
export { TokenManager, isTokenSource, type TokenManagerOptions, type TokenSource } from './token-manager.ts';
export { requestToken, TokenRequestError, type ClientCredentials, type FetchLike, type TokenSet } from './token-request.ts';
export { ENV, WORKLOAD, readHarnessEnv, toEnv, type HarnessClientEnv, type HarnessUser } from './contract.ts';
export { runWorkload, type ConnectUser, type UserOutcome, type WorkloadSession } from './workload.ts';
export { connectUser } from './connect-user.ts';
export { signIn, type SignInOutcome } from './sign-in.ts';
