// The contract between `mcp-auth-harness client` and the program under test: what the harness
// passes in the environment, and the scripted workload the program runs with it.
//
// For every user in MCP_HARNESS_USERS, all users at the same time, through one client/proxy:
//   1. get a token (client_credentials at MCP_HARNESS_TOKEN_URL) and connect to MCP_HARNESS_MCP_URL
//      (initialize; the GET event stream if the client opens one);
//   2. call the tool `echo` with {"text": "<user>/<i>"} for i = 1 … MCP_HARNESS_STEPS, one after
//      another; a call that fails is not repeated by the workload, it moves on;
//   3. MCP_HARNESS_BURST concurrent calls of `echo` with {"text": "<user>/burst/<j>"};
//   4. close the session (HTTP DELETE) and exit.
//
// Tokens: client_credentials with the user's clientId/clientSecret, or the authorization code flow
// with PKCE (S256), the client registering itself (RFC 7591 at the registration_endpoint, or a
// client ID metadata document) as it discovers from the protected-resource metadata. To sign a user
// in, open the authorization URL the client built with `login_hint=<user name>` added, as the
// user's browser would (signIn in sign-in.ts): the harness approves at once and redirects to the
// client's redirect_uri with the code.

export const ENV = {
  mcpUrl: 'MCP_HARNESS_MCP_URL',
  tokenUrl: 'MCP_HARNESS_TOKEN_URL',
  issuerUrl: 'MCP_HARNESS_ISSUER_URL',
  users: 'MCP_HARNESS_USERS',
  clientId: 'MCP_HARNESS_CLIENT_ID',
  clientSecret: 'MCP_HARNESS_CLIENT_SECRET',
  steps: 'MCP_HARNESS_STEPS',
  burst: 'MCP_HARNESS_BURST',
} as const;

export const WORKLOAD = { tool: 'echo', steps: 6, burst: 4 } as const;

export interface HarnessUser {
  name: string;
  clientId: string;
  clientSecret: string;
}

export interface HarnessClientEnv {
  /** The MCP endpoint (Streamable HTTP). */
  mcpUrl: string;
  /** OAuth token endpoint: client_credentials and refresh_token grants; refresh tokens rotate. */
  tokenUrl: string;
  /** The authorization server (RFC 8414 metadata under /.well-known/oauth-authorization-server). */
  issuerUrl: string;
  users: HarnessUser[];
  steps: number;
  burst: number;
}

export type Marker = { user: string; step: number } | { user: string; burst: number };

export function stepMarker(user: string, step: number): string {
  return `${user}/${step}`;
}

export function burstMarker(user: string, call: number): string {
  return `${user}/burst/${call}`;
}

export function markerText(m: Marker): string {
  return 'step' in m ? stepMarker(m.user, m.step) : burstMarker(m.user, m.burst);
}

export function parseMarker(text: unknown): Marker | undefined {
  if (typeof text !== 'string') return undefined;
  const burst = /^([^/]+)\/burst\/(\d+)$/.exec(text);
  if (burst) return { user: burst[1]!, burst: Number(burst[2]) };
  const step = /^([^/]+)\/(\d+)$/.exec(text);
  return step ? { user: step[1]!, step: Number(step[2]) } : undefined;
}

/** The environment the program under test is started with. */
export function toEnv(env: HarnessClientEnv): Record<string, string> {
  return {
    [ENV.mcpUrl]: env.mcpUrl,
    [ENV.tokenUrl]: env.tokenUrl,
    [ENV.issuerUrl]: env.issuerUrl,
    [ENV.users]: JSON.stringify(env.users),
    [ENV.clientId]: env.users[0]!.clientId,
    [ENV.clientSecret]: env.users[0]!.clientSecret,
    [ENV.steps]: String(env.steps),
    [ENV.burst]: String(env.burst),
  };
}

/** The program's side: reads the contract from its environment, or says in one line what is missing. */
export function readHarnessEnv(vars: Record<string, string | undefined> = process.env): HarnessClientEnv {
  const need = (name: string): string => {
    const value = vars[name];
    if (!value) throw new Error(`${name} is not set: run this program under \`mcp-auth-harness client --command …\``);
    return value;
  };
  let users: unknown;
  try {
    users = JSON.parse(need(ENV.users));
  } catch (e) {
    if (e instanceof SyntaxError) throw new Error(`${ENV.users} is not JSON`);
    throw e;
  }
  if (!Array.isArray(users) || !users.every(isUser)) throw new Error(`${ENV.users} must be a list of {name, clientId, clientSecret}`);
  return {
    mcpUrl: need(ENV.mcpUrl),
    tokenUrl: need(ENV.tokenUrl),
    issuerUrl: need(ENV.issuerUrl),
    users,
    steps: Number(vars[ENV.steps] ?? WORKLOAD.steps),
    burst: Number(vars[ENV.burst] ?? WORKLOAD.burst),
  };
}

function isUser(u: unknown): u is HarnessUser {
  const o = u as Record<string, unknown>;
  return !!o && typeof o.name === 'string' && typeof o.clientId === 'string' && typeof o.clientSecret === 'string';
}
