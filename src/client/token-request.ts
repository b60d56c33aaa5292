// One request to an OAuth token endpoint (RFC 6749 §4.4 client_credentials, §6 refresh_token),
// authenticated with client_secret_basic (§2.3.1), naming its resource (RFC 8707). Errors name the OAuth error, never a token.

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

export interface ClientCredentials {
  tokenUrl: string | URL;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for. */
  scope?: string;
  /**
   * The MCP server the token is for, as its canonical URI (RFC 8707 `resource`): sent with every
   * grant, as MCP requires of clients whether or not the authorization server supports it.
   */
  resource?: string;
}

export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds; undefined when the server did not say (expires_in absent). */
  expiresAt?: number;
  /** Lifetime the server announced, in milliseconds. */
  lifetimeMs?: number;
}

export type Grant = { grant_type: 'client_credentials' } | { grant_type: 'refresh_token'; refresh_token: string };

export class TokenRequestError extends Error {
  readonly status: number;
  /** The OAuth error code (invalid_grant, invalid_client, …), or "invalid_response". */
  readonly error: string;

  constructor(status: number, error: string) {
    super(`token endpoint answered HTTP ${status} (${error})`);
    this.name = 'TokenRequestError';
    this.status = status;
    this.error = error;
  }
}

export async function requestToken(creds: ClientCredentials, grant: Grant, fetchImpl: FetchLike = fetch): Promise<TokenSet> {
  const body = new URLSearchParams(grant);
  if (creds.scope && grant.grant_type === 'client_credentials') body.set('scope', creds.scope);
  if (creds.resource) body.set('resource', creds.resource);
  const basic = Buffer.from(`${formEncode(creds.clientId)}:${formEncode(creds.clientSecret)}`).toString('base64');
  const started = Date.now();
  const response = await fetchImpl(creds.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${basic}` },
    body: body.toString(),
  });
  const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!response.ok) throw new TokenRequestError(response.status, typeof json?.error === 'string' ? json.error : 'invalid_response');
  if (typeof json?.access_token !== 'string' || json.access_token === '') throw new TokenRequestError(response.status, 'invalid_response');
  const expiresIn = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in * 1000 : undefined;
  return {
    accessToken: json.access_token,
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    ...(expiresIn ? { expiresAt: started + expiresIn, lifetimeMs: expiresIn } : {}),
  };
}

/** application/x-www-form-urlencoded, as §2.3.1 requires before the Basic encoding. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
