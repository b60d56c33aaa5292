// OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, MCP
// 2025-11-25): a client_id that is a URL names the JSON document describing the client. The
// issuer fetches it when the client first sends a user to the authorization endpoint. It fetches
// from loopback only, the harness sends no traffic elsewhere, so http is accepted there.
import type { KnownClient } from './clients.ts';
import { isLoopbackHost } from './loopback.ts';
import { redirectUriProblem } from './redirect-uri.ts';

export type MetadataDocumentResult = { ok: true; client: KnownClient } | { ok: false; description: string };

/** The draft suggests 5 KB; a document is a handful of fields. */
const MAX_DOCUMENT_BYTES = 5 * 1024;
const FETCH_TIMEOUT_MS = 5_000;
/** Methods that need a shared secret, which a published document cannot carry. */
const SHARED_SECRET_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'client_secret_jwt']);

export function isClientIdUrl(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

/** Why `clientId` cannot name a metadata document here, or undefined when it can. */
export function clientIdUrlProblem(clientId: string): string | undefined {
  if (!URL.canParse(clientId)) return 'client_id is not a valid URL';
  const url = new URL(clientId);
  if (!isLoopbackHost(url.hostname)) {
    return 'client metadata documents are fetched from loopback hosts only (the harness sends no traffic elsewhere)';
  }
  if (url.username !== '' || url.password !== '') return 'a client_id URL must not contain credentials';
  if (url.hash !== '' || clientId.includes('#')) return 'a client_id URL must not have a fragment';
  const rawPath = clientId.replace(/^https?:\/\/[^/?#]*/i, '').split('?')[0]!;
  if (rawPath.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) return 'a client_id URL must not contain dot segments';
  if (url.pathname === '/') return 'a client_id URL must have a path';
  return undefined;
}

export async function fetchClientMetadataDocument(clientId: string): Promise<MetadataDocumentResult> {
  const problem = clientIdUrlProblem(clientId);
  if (problem) return { ok: false, description: problem };
  let text: string;
  try {
    const res = await fetch(clientId, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (res.status !== 200) return { ok: false, description: `the client metadata document answered HTTP ${res.status}` };
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && !/^application\/[^/]+\+json$/.test(type)) {
      return { ok: false, description: `the client metadata document is not JSON (content-type ${type || 'missing'})` };
    }
    text = await readLimited(res, MAX_DOCUMENT_BYTES);
  } catch (error) {
    return { ok: false, description: `could not fetch the client metadata document: ${(error as Error).message}` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, description: 'the client metadata document is not valid JSON' };
  }
  return clientFromDocument(clientId, doc);
}

export function clientFromDocument(clientId: string, doc: unknown): MetadataDocumentResult {
  const fail = (description: string): MetadataDocumentResult => ({ ok: false, description: `client metadata document: ${description}` });
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return fail('not a JSON object');
  const d = doc as Record<string, unknown>;
  if (d.client_id !== clientId) return fail('its client_id is not the URL it was fetched from');
  if ('client_secret' in d || 'client_secret_expires_at' in d) return fail('it must not carry a client secret');
  const method = d.token_endpoint_auth_method ?? 'none';
  if (typeof method !== 'string' || SHARED_SECRET_METHODS.has(method)) return fail(`token_endpoint_auth_method ${String(method)} needs a shared secret`);
  if (method !== 'none') return fail(`token_endpoint_auth_method ${method} is not supported here (use none)`);
  if (!Array.isArray(d.redirect_uris) || d.redirect_uris.length === 0) return fail('redirect_uris must be a non-empty array');
  for (const uri of d.redirect_uris) {
    const problem = redirectUriProblem(uri);
    if (problem) return fail(problem);
  }
  const grantTypes = d.grant_types ?? ['authorization_code'];
  if (!Array.isArray(grantTypes) || !grantTypes.includes('authorization_code')) return fail('grant_types must include authorization_code');
  return {
    ok: true,
    client: {
      clientId,
      kind: 'metadata-document',
      redirectUris: d.redirect_uris as string[],
      grantTypes: grantTypes as string[],
      ...(typeof d.client_name === 'string' ? { clientName: d.client_name } : {}),
    },
  };
}

async function readLimited(res: Response, limit: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the document exceeds ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
