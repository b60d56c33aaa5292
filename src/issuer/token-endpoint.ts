// POST /token: authorization_code (PKCE), refresh_token (rotation) and client_credentials grants,
// errors per RFC 6749 §5.2, resource indicators per RFC 8707.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import type { ClientRegistry, KnownClient } from './clients.ts';
import { BodyTooLargeError, readBody, sendJson } from './http.ts';
import { verifierMatches } from './pkce.ts';
import { resourceProblem } from './resource-indicator.ts';
import type { TokenResponse, TokenService } from './token-service.ts';

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_target';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export interface TokenEndpointContext {
  clients: ClientRegistry;
  tokens: TokenService;
  codes: AuthorizationCodeStore;
  /** The one resource this issuer issues tokens for. */
  resource: string;
}

interface ErrorOptions {
  status?: number;
  headers?: Record<string, string>;
}

class GrantError {
  readonly error: OAuthError;
  readonly description: string;
  constructor(error: OAuthError, description: string) {
    this.error = error;
    this.description = description;
  }
}

function sendError(res: ServerResponse, error: OAuthError, description: string, opts: ErrorOptions = {}): void {
  const status = opts.status ?? (error === 'invalid_client' ? 401 : 400);
  const headers: Record<string, string> = { ...NO_STORE, ...opts.headers };
  if (error === 'invalid_client') headers['www-authenticate'] = 'Basic realm="mcp-auth-harness"';
  sendJson(res, status, { error, error_description: description }, headers);
}

/** RFC 6749 §3.2: parameters must not repeat (RFC 8707 `resource` may). Returns the first repeated name. */
function repeatedParam(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name) && name !== 'resource') return name;
    seen.add(name);
  }
  return undefined;
}

export async function handleTokenRequest(req: IncomingMessage, res: ServerResponse, ctx: TokenEndpointContext): Promise<void> {
  if (req.method !== 'POST') {
    return sendError(res, 'invalid_request', 'the token endpoint accepts POST only', {
      status: 405,
      headers: { allow: 'POST' },
    });
  }
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') {
    return sendError(res, 'invalid_request', 'body must be application/x-www-form-urlencoded', {
      headers: { connection: 'close' },
    });
  }
  let body: string;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      return sendError(res, 'invalid_request', err.message, { status: 413, headers: { connection: 'close' } });
    }
    throw err;
  }
  const params = new URLSearchParams(body);
  const repeated = repeatedParam(params);
  if (repeated) return sendError(res, 'invalid_request', `parameter repeated: ${repeated}`);

  const auth = ctx.clients.authenticate(req.headers.authorization, params);
  if (!auth.ok) return sendError(res, auth.error, auth.description);

  const grantType = params.get('grant_type');
  if (!grantType) return sendError(res, 'invalid_request', 'grant_type is required');
  const grant = GRANTS[grantType];
  if (!grant) return sendError(res, 'unsupported_grant_type', `unsupported grant_type: ${grantType.slice(0, 64)}`);
  const targetProblem = resourceProblem(params.getAll('resource'), ctx.resource);
  if (targetProblem) return sendError(res, 'invalid_target', targetProblem);
  const answer = await grant(params, auth.client, ctx);
  if (answer instanceof GrantError) return sendError(res, answer.error, answer.description);
  sendJson(res, 200, answer, NO_STORE);
}

type Grant = (params: URLSearchParams, client: KnownClient, ctx: TokenEndpointContext) => Promise<TokenResponse | GrantError>;

const GRANTS: Record<string, Grant> = {
  authorization_code: authorizationCodeGrant,
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
};

async function clientCredentialsGrant(_: URLSearchParams, client: KnownClient, ctx: TokenEndpointContext): Promise<TokenResponse | GrantError> {
  // A public client cannot authenticate, and a registered client has no identity of its own.
  if (client.secret === undefined || !client.identity) {
    return new GrantError('unauthorized_client', 'client_credentials is for configured confidential clients');
  }
  return ctx.tokens.issue({ ...client, identity: client.identity });
}

async function refreshTokenGrant(params: URLSearchParams, client: KnownClient, ctx: TokenEndpointContext): Promise<TokenResponse | GrantError> {
  const refreshToken = params.get('refresh_token');
  if (!refreshToken) return new GrantError('invalid_request', 'refresh_token is required');
  const answer = await ctx.tokens.refresh(refreshToken, client.clientId);
  return answer ?? new GrantError('invalid_grant', 'refresh token is invalid, expired, or already used');
}

/** OAuth 2.1 §4.1.3: the code is single use, and bound to its client, redirect URI and PKCE challenge. */
async function authorizationCodeGrant(params: URLSearchParams, client: KnownClient, ctx: TokenEndpointContext): Promise<TokenResponse | GrantError> {
  const code = params.get('code');
  const verifier = params.get('code_verifier');
  const redirectUri = params.get('redirect_uri');
  if (!code) return new GrantError('invalid_request', 'code is required');
  if (!verifier) return new GrantError('invalid_request', 'code_verifier is required (PKCE)');
  if (!redirectUri) return new GrantError('invalid_request', 'redirect_uri is required');
  const redemption = ctx.codes.redeem(code);
  if (redemption.status === 'reused') {
    ctx.tokens.revokeGrant(redemption.grantId);
    return new GrantError('invalid_grant', 'authorization code already used; the tokens it gave are revoked');
  }
  if (redemption.status === 'invalid') return new GrantError('invalid_grant', 'authorization code is invalid or expired');
  const { grant, grantId } = redemption;
  if (grant.clientId !== client.clientId) return new GrantError('invalid_grant', 'authorization code was issued to another client');
  if (grant.redirectUri !== redirectUri) return new GrantError('invalid_grant', 'redirect_uri differs from the authorization request');
  if (!verifierMatches(verifier, grant.codeChallenge)) return new GrantError('invalid_grant', 'code_verifier does not match the code_challenge');
  return ctx.tokens.issueFor(grant.user, client.clientId, grantId);
}
