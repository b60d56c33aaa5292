// GET /authorize: a headless authorization endpoint. Nobody logs in and nobody clicks "allow": the
// harness decides which user approves (see users.ts), and the answer is the redirect a browser
// would follow — 302 to the client's redirect_uri with code, state and iss (RFC 9207).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationCodeStore } from './authorization-codes.ts';
import { fetchClientMetadataDocument, isClientIdUrl } from './client-metadata-document.ts';
import type { ClientRegistry, KnownClient } from './clients.ts';
import { sendJson } from './http.ts';
import { isS256Challenge } from './pkce.ts';
import { registeredRedirectUri } from './redirect-uri.ts';
import { resourceProblem } from './resource-indicator.ts';
import type { UserDirectory } from './users.ts';

export interface AuthorizeContext {
  issuer: string;
  resource: string;
  clients: ClientRegistry;
  users: UserDirectory;
  codes: AuthorizationCodeStore;
  /** Subject (or username) approving when the request names nobody and its client acts for nobody. */
  defaultUser?: string;
}

const NO_STORE = { 'cache-control': 'no-store' };
/** Parameters that must not repeat (RFC 6749 §3.1); RFC 8707 `resource` may. */
const SINGLE_VALUED = ['response_type', 'client_id', 'redirect_uri', 'state', 'scope', 'code_challenge', 'code_challenge_method', 'login_hint'];

export async function handleAuthorizationRequest(req: IncomingMessage, res: ServerResponse, ctx: AuthorizeContext): Promise<void> {
  if (req.method !== 'GET') {
    return sendJson(res, 405, { error: 'invalid_request', error_description: 'the authorization endpoint accepts GET only' }, { allow: 'GET', ...NO_STORE });
  }
  const params = new URL(req.url ?? '/', 'http://issuer.invalid').searchParams;
  // Until client and redirect URI are known good, errors go to the user, never to a redirect
  // (RFC 6749 §4.1.2.1): an unchecked redirect_uri would make this an open redirector.
  const refuse = (description: string) => sendJson(res, 400, { error: 'invalid_request', error_description: description }, NO_STORE);
  const repeated = SINGLE_VALUED.find((name) => params.getAll(name).length > 1);
  if (repeated) return refuse(`parameter repeated: ${repeated}`);
  const clientId = params.get('client_id');
  if (!clientId) return refuse('client_id is required');
  const found = await findClient(clientId, ctx.clients);
  if (!found.ok) return sendJson(res, 400, { error: 'invalid_client', error_description: found.description }, NO_STORE);
  const client = found.client;
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri) return refuse('redirect_uri is required');
  if (client.redirectUris.length === 0) return refuse('this client has no registered redirect_uri');
  if (!registeredRedirectUri(client.redirectUris, redirectUri)) return refuse('redirect_uri is not registered for this client');

  const redirect = (answer: Record<string, string>) => {
    const location = new URL(redirectUri);
    for (const [name, value] of Object.entries(answer)) location.searchParams.set(name, value);
    const state = params.get('state');
    if (state !== null) location.searchParams.set('state', state);
    location.searchParams.set('iss', ctx.issuer);
    res.writeHead(302, { location: location.href, ...NO_STORE, 'content-length': 0 });
    res.end();
  };
  const error = (code: string, description: string) => redirect({ error: code, error_description: description });

  const responseType = params.get('response_type');
  if (responseType !== 'code') return error('unsupported_response_type', 'response_type must be code');
  const challenge = params.get('code_challenge');
  const method = params.get('code_challenge_method');
  if (challenge === null) return error('invalid_request', 'code_challenge is required (PKCE)');
  // Absent means plain (RFC 7636 §4.3), which this issuer refuses like an explicit plain.
  if (method !== 'S256') return error('invalid_request', 'code_challenge_method must be S256');
  if (!isS256Challenge(challenge)) return error('invalid_request', 'code_challenge is not a base64url SHA-256 digest');
  const targetProblem = resourceProblem(params.getAll('resource'), ctx.resource);
  if (targetProblem) return error('invalid_target', targetProblem);
  const chosen = ctx.users.choose(params.get('login_hint'), client.identity, ctx.defaultUser);
  if (!chosen.ok) return error('access_denied', chosen.description);
  const code = ctx.codes.issue({ clientId: client.clientId, redirectUri, codeChallenge: challenge, user: chosen.user });
  if (!code) return error('temporarily_unavailable', 'too many outstanding authorization codes');
  redirect({ code });
}

type FoundClient = { ok: true; client: KnownClient } | { ok: false; description: string };

/** A known client; a URL client_id is (re)read from its metadata document each time. */
async function findClient(clientId: string, clients: ClientRegistry): Promise<FoundClient> {
  const known = clients.get(clientId);
  if (known && known.kind !== 'metadata-document') return { ok: true, client: known };
  if (!isClientIdUrl(clientId)) return { ok: false, description: 'unknown client_id' };
  const fetched = await fetchClientMetadataDocument(clientId);
  if (!fetched.ok) return fetched;
  if (!clients.addDynamic(fetched.client)) return { ok: false, description: 'too many dynamic clients' };
  return { ok: true, client: fetched.client };
}
