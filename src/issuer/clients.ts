// The OAuth clients the issuer knows, and RFC 6749 §2.3 client authentication. A client is
// configured by the harness (with an identity of its own, for client_credentials), registered
// dynamically (RFC 7591), or described by a client ID metadata document (its client_id is a URL).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IssuerIdentity } from './users.ts';

/** A client the harness configures: its own identity, and a secret unless it is a public client. */
export interface IssuerClient extends IssuerIdentity {
  clientId: string;
  /** Absent: a public client, which names itself with client_id alone (PKCE protects its codes). */
  clientSecret?: string;
  /** Where the authorization endpoint may send its users back (code flow); none: no code flow. */
  redirectUris?: string[];
}

export type ClientKind = 'configured' | 'registered' | 'metadata-document';

export interface KnownClient {
  clientId: string;
  kind: ClientKind;
  secret?: string;
  redirectUris: string[];
  /** The client's own identity (configured clients): client_credentials tokens are for it. */
  identity?: IssuerIdentity;
  /** Registered and metadata-document clients: the grant types they declared. */
  grantTypes?: string[];
  clientName?: string;
}

export type ClientAuthResult =
  | { ok: true; client: KnownClient }
  | { ok: false; error: 'invalid_client' | 'invalid_request'; description: string };

/** Dynamic registrations and metadata documents are bounded: a client loop must not exhaust memory. */
export const MAX_DYNAMIC_CLIENTS = 1000;

export class ClientRegistry {
  #clients = new Map<string, KnownClient>();
  #dynamic = 0;

  /** Registers a configured client; a second registration of the same clientId replaces the first. */
  register(client: IssuerClient): void {
    const { clientId, clientSecret, redirectUris, subject, roles, username } = client;
    this.#put({
      clientId,
      kind: 'configured',
      ...(clientSecret !== undefined ? { secret: clientSecret } : {}),
      redirectUris: [...(redirectUris ?? [])],
      identity: { subject, roles: [...roles], ...(username !== undefined ? { username } : {}) },
    });
  }

  /** Adds a registered or metadata-document client; false when the bound is reached. */
  addDynamic(client: KnownClient): boolean {
    const existing = this.#clients.get(client.clientId);
    if (existing?.kind === 'configured') return false;
    if (!existing && this.#dynamic >= MAX_DYNAMIC_CLIENTS) return false;
    this.#put(client);
    return true;
  }

  get(clientId: string): KnownClient | undefined {
    return this.#clients.get(clientId);
  }

  #put(client: KnownClient): void {
    const before = this.#clients.get(client.clientId);
    if (before && before.kind !== 'configured') this.#dynamic--;
    if (client.kind !== 'configured') this.#dynamic++;
    this.#clients.set(client.clientId, client);
  }

  /**
   * Confidential clients authenticate by HTTP Basic (client_secret_basic) or body parameters
   * (client_secret_post), not both; a public client names itself with client_id alone.
   */
  authenticate(authorization: string | undefined, params: URLSearchParams): ClientAuthResult {
    const basic = parseBasic(authorization);
    const bodySecret = params.get('client_secret');
    const bodyId = params.get('client_id');
    if (basic === 'malformed') return failure('invalid_client', 'malformed Basic credentials');
    if (basic && bodySecret !== null) {
      return failure('invalid_request', 'more than one client authentication method');
    }
    if (basic && bodyId !== null && bodyId !== basic.id) {
      return failure('invalid_request', 'client_id does not match the Basic credentials');
    }
    const posted = bodyId !== null && bodySecret !== null ? { id: bodyId, secret: bodySecret } : undefined;
    const credentials = basic ?? posted;
    if (!credentials) {
      const client = bodyId !== null ? this.#clients.get(bodyId) : undefined;
      if (client && client.secret === undefined) return { ok: true, client };
      return failure('invalid_client', 'client authentication required');
    }
    const client = this.#clients.get(credentials.id);
    if (!client || client.secret === undefined || !sameSecret(client.secret, credentials.secret)) {
      return failure('invalid_client', 'client authentication failed');
    }
    return { ok: true, client };
  }
}

function failure(error: 'invalid_client' | 'invalid_request', description: string): ClientAuthResult {
  return { ok: false, error, description };
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded, joined by ':', then base64. */
function parseBasic(authorization: string | undefined): { id: string; secret: string } | 'malformed' | undefined {
  const match = /^basic\s+(\S*)\s*$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'malformed';
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, ' '));
}

function sameSecret(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given));
}
