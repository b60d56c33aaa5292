// Registered OAuth clients, one per harness identity, and RFC 6749 §2.3.1 client authentication.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface IssuerClient {
  clientId: string;
  clientSecret: string;
  subject: string;
  roles: string[];
  username?: string;
}

export type ClientAuthResult =
  | { ok: true; client: IssuerClient }
  | { ok: false; error: 'invalid_client' | 'invalid_request'; description: string };

export class ClientRegistry {
  #clients = new Map<string, IssuerClient>();

  /** Registers a client; a second registration of the same clientId replaces the first. */
  register(client: IssuerClient): void {
    this.#clients.set(client.clientId, { ...client, roles: [...client.roles] });
  }

  get(clientId: string): IssuerClient | undefined {
    return this.#clients.get(clientId);
  }

  /** Authenticates by HTTP Basic (client_secret_basic) or body parameters (client_secret_post), not both. */
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
    if (!credentials) return failure('invalid_client', 'client authentication required');
    const client = this.#clients.get(credentials.id);
    if (!client || !sameSecret(client.clientSecret, credentials.secret)) {
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
