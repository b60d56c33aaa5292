// One token request (RFC 6749 §4.4 client_credentials, §6 refresh_token) with the RFC 8707
// `resource` parameter. Errors name the identity, the cause and what to check — never a secret.
import { clientAuthentication, type OAuthClient } from './client-auth.ts';
import { IdpError } from './idp-error.ts';
import { idpRequest, quoteIdp } from './idp-request.ts';

export type TokenGrant = { type: 'client_credentials' } | { type: 'refresh_token'; refreshToken: string };

export interface TokenRequestOptions {
  /** The identity the token is for (error lines name it). */
  identity: string;
  tokenEndpoint: string;
  client: OAuthClient;
  grant: TokenGrant;
  /** RFC 8707 resource indicator: the target's canonical URI. */
  resource?: string;
  scope?: string;
  timeoutMs: number;
  secrets?: Iterable<string>;
}

export interface IssuedToken {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms, when the IdP said (expires_in). */
  expiresAt?: number;
}

export async function requestToken(opts: TokenRequestOptions): Promise<IssuedToken> {
  const form = new URLSearchParams();
  if (opts.grant.type === 'client_credentials') form.set('grant_type', 'client_credentials');
  else {
    form.set('grant_type', 'refresh_token');
    form.set('refresh_token', opts.grant.refreshToken);
  }
  if (opts.resource) form.set('resource', opts.resource);
  if (opts.scope) form.set('scope', opts.scope);
  const auth = await clientAuthentication(opts.client, opts.tokenEndpoint);
  for (const [k, v] of Object.entries(auth.form)) form.set(k, v);
  const secrets = [...(opts.secrets ?? []), ...(opts.client.secret ? [opts.client.secret] : [])];
  const started = Date.now();
  const what = `the token endpoint (${opts.grant.type} for ${opts.identity})`;
  const { status, json } = await idpRequest({ what, url: opts.tokenEndpoint, headers: auth.headers, form, timeoutMs: opts.timeoutMs, secrets });
  if (status !== 200) throw new IdpError(refusal(opts, status, json, secrets));
  if (typeof json.access_token !== 'string' || !json.access_token) throw new IdpError(`${what} answered HTTP 200 without an access_token`);
  const type = typeof json.token_type === 'string' ? json.token_type : '';
  if (type.toLowerCase() !== 'bearer') throw new IdpError(`${what} issued a ${type ? `"${quoteIdp(type, secrets)}"` : 'untyped'} token; the harness sends Bearer tokens only`);
  const expiresIn = Number(json.expires_in);
  return {
    accessToken: json.access_token,
    ...(typeof json.refresh_token === 'string' && json.refresh_token ? { refreshToken: json.refresh_token } : {}),
    ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: started + expiresIn * 1000 } : {}),
  };
}

function refusal(opts: TokenRequestOptions, status: number, json: Record<string, unknown>, secrets: string[]): string {
  const code = typeof json.error === 'string' ? json.error : 'no error code';
  const description = typeof json.error_description === 'string' ? `: ${quoteIdp(json.error_description, secrets)}` : '';
  const head = `the IdP refused the ${opts.grant.type} request for ${opts.identity} (HTTP ${status} ${quoteIdp(code, secrets)}${description})`;
  if (code === 'invalid_client') return `${head}: check the client id, its secret or key, and the auth method (${opts.client.method})`;
  if (code === 'invalid_target') return `${head}: the IdP does not issue tokens for the resource ${opts.resource}; register it or set auth.resource`;
  if (code === 'invalid_grant' && opts.grant.type === 'refresh_token') return `${head}: the refresh token is expired, revoked or already used`;
  if (code === 'unauthorized_client' || code === 'unsupported_grant_type') return `${head}: allow the ${opts.grant.type} grant for client ${opts.client.id}`;
  if (code === 'invalid_scope') return `${head}: check auth.scope`;
  return head;
}
