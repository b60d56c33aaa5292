// POST /token: client_credentials and refresh_token grants, errors per RFC 6749 §5.2.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientRegistry } from './clients.ts';
import { BodyTooLargeError, readBody, sendJson } from './http.ts';
import type { TokenService } from './token-service.ts';

type OAuthError = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

interface ErrorOptions {
  status?: number;
  headers?: Record<string, string>;
}

function sendError(res: ServerResponse, error: OAuthError, description: string, opts: ErrorOptions = {}): void {
  const status = opts.status ?? (error === 'invalid_client' ? 401 : 400);
  const headers: Record<string, string> = { ...NO_STORE, ...opts.headers };
  if (error === 'invalid_client') headers['www-authenticate'] = 'Basic realm="mcp-auth-harness"';
  sendJson(res, status, { error, error_description: description }, headers);
}

/** RFC 6749 §3.2: parameters must not repeat. Returns the first repeated name. */
function repeatedParam(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const name of params.keys()) {
    if (seen.has(name)) return name;
    seen.add(name);
  }
  return undefined;
}

export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  clients: ClientRegistry,
  tokens: TokenService,
): Promise<void> {
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

  const auth = clients.authenticate(req.headers.authorization, params);
  if (!auth.ok) return sendError(res, auth.error, auth.description);

  const grantType = params.get('grant_type');
  if (!grantType) return sendError(res, 'invalid_request', 'grant_type is required');
  if (grantType === 'client_credentials') {
    return sendJson(res, 200, await tokens.issue(auth.client), NO_STORE);
  }
  if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (!refreshToken) return sendError(res, 'invalid_request', 'refresh_token is required');
    const answer = await tokens.refresh(refreshToken, auth.client);
    if (!answer) return sendError(res, 'invalid_grant', 'refresh token is invalid, expired, or already used');
    return sendJson(res, 200, answer, NO_STORE);
  }
  return sendError(res, 'unsupported_grant_type', `unsupported grant_type: ${grantType.slice(0, 64)}`);
}
