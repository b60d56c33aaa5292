// POST /register: OAuth 2.0 Dynamic Client Registration (RFC 7591). Registered clients use the
// code flow; they have no identity of their own, so client_credentials is not theirs to ask for.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generateSecret } from '../tokens/keys.ts';
import type { ClientRegistry, KnownClient } from './clients.ts';
import { BodyTooLargeError, readBody, sendJson } from './http.ts';
import { redirectUriProblem } from './redirect-uri.ts';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];
const GRANT_TYPES = ['authorization_code', 'refresh_token'];

type RegistrationError = 'invalid_redirect_uri' | 'invalid_client_metadata';

export async function handleRegistrationRequest(req: IncomingMessage, res: ServerResponse, clients: ClientRegistry): Promise<void> {
  const refuse = (error: RegistrationError | 'invalid_request', description: string, status = 400, headers: Record<string, string> = {}) =>
    sendJson(res, status, { error, error_description: description }, { ...NO_STORE, ...headers });
  if (req.method !== 'POST') return refuse('invalid_request', 'the registration endpoint accepts POST only', 405, { allow: 'POST' });
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType !== 'application/json') return refuse('invalid_request', 'body must be application/json', 400, { connection: 'close' });
  let metadata: unknown;
  try {
    metadata = JSON.parse(await readBody(req));
  } catch (err) {
    if (err instanceof BodyTooLargeError) return refuse('invalid_request', err.message, 413, { connection: 'close' });
    if (err instanceof SyntaxError) return refuse('invalid_client_metadata', 'body is not valid JSON');
    throw err;
  }
  const checked = registration(metadata);
  if (!checked.ok) return refuse(checked.error, checked.description);
  const { client, answer } = checked;
  if (!clients.addDynamic(client)) return refuse('invalid_client_metadata', 'too many registered clients');
  sendJson(res, 201, answer, NO_STORE);
}

type Checked =
  | { ok: true; client: KnownClient; answer: Record<string, unknown> }
  | { ok: false; error: RegistrationError; description: string };

/** RFC 7591 §2: validates the client's metadata and fills in the defaults. */
export function registration(metadata: unknown): Checked {
  const fail = (error: RegistrationError, description: string): Checked => ({ ok: false, error, description });
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return fail('invalid_client_metadata', 'metadata must be a JSON object');
  const m = metadata as Record<string, unknown>;
  const authMethod = m.token_endpoint_auth_method ?? 'client_secret_basic';
  if (typeof authMethod !== 'string' || !AUTH_METHODS.includes(authMethod)) {
    return fail('invalid_client_metadata', `token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}`);
  }
  const grantTypes = m.grant_types ?? ['authorization_code'];
  if (!isStringArray(grantTypes) || grantTypes.some((g) => !GRANT_TYPES.includes(g))) {
    return fail('invalid_client_metadata', `grant_types must be among ${GRANT_TYPES.join(', ')}`);
  }
  const responseTypes = m.response_types ?? ['code'];
  if (!isStringArray(responseTypes) || responseTypes.some((r) => r !== 'code')) return fail('invalid_client_metadata', 'response_types must be ["code"]');
  if (!grantTypes.includes('authorization_code')) return fail('invalid_client_metadata', 'grant_types must include authorization_code');
  const redirectUris = m.redirect_uris;
  if (!isStringArray(redirectUris) || redirectUris.length === 0) return fail('invalid_redirect_uri', 'redirect_uris must be a non-empty array of strings');
  for (const uri of redirectUris) {
    const problem = redirectUriProblem(uri);
    if (problem) return fail('invalid_redirect_uri', problem);
  }
  const clientId = `dcr-${randomUUID()}`;
  const secret = authMethod === 'none' ? undefined : generateSecret();
  const clientName = typeof m.client_name === 'string' ? m.client_name : undefined;
  const client: KnownClient = {
    clientId,
    kind: 'registered',
    ...(secret !== undefined ? { secret } : {}),
    redirectUris,
    grantTypes,
    ...(clientName !== undefined ? { clientName } : {}),
  };
  // RFC 7591 §3.2.1: the response holds every registered metadata value, the defaults included.
  const answer: Record<string, unknown> = {
    ...pick(m, ['client_name', 'client_uri', 'logo_uri', 'scope', 'contacts', 'tos_uri', 'policy_uri', 'software_id', 'software_version', 'application_type']),
    client_id: clientId,
    client_id_issued_at: Math.floor(Date.now() / 1000),
    ...(secret !== undefined ? { client_secret: secret, client_secret_expires_at: 0 } : {}),
    redirect_uris: redirectUris,
    token_endpoint_auth_method: authMethod,
    grant_types: grantTypes,
    response_types: responseTypes,
  };
  return { ok: true, client, answer };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function pick(source: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((n) => source[n] !== undefined).map((n) => [n, source[n]]));
}
