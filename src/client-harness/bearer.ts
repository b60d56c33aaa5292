// What the gate needs to know about a bearer token it forwards: whose it is and which one. Not a
// verification — the MCP server behind the gate verifies; this only attributes the request.

export interface BearerClaims {
  jti?: string;
  sub?: string;
  clientId?: string;
}

export interface Credential {
  /** 'none': no Authorization header; 'other': another scheme, or Bearer with nothing after it. */
  kind: 'bearer' | 'none' | 'other';
  token?: string;
  claims?: BearerClaims;
}

export function readCredential(authorization: string | undefined): Credential {
  if (authorization === undefined) return { kind: 'none' };
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return { kind: 'other' };
  return { kind: 'bearer', token: match[1], claims: decodeClaims(match[1]!) };
}

function decodeClaims(token: string): BearerClaims | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { jti: str(payload.jti), sub: str(payload.sub), clientId: str(payload.client_id) };
  } catch {
    return undefined;
  }
}
