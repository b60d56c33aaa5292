// A real token seen from outside: is it a JWS the harness can mutate, and what does it say?
// Nothing here verifies anything; the target does that.
export interface JwtView {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The signature segment, base64url. */
  signature: string;
}

/** Three base64url segments whose first two are JSON objects; else undefined (an opaque token). */
export function viewJwt(token: string): JwtView | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const header = decodeObject(parts[0]);
  const payload = decodeObject(parts[1]);
  if (!header || !payload || typeof header.alg !== 'string') return undefined;
  return { header, payload, signature: parts[2] };
}

function decodeObject(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const v = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's exp as epoch ms, when it is a JWT with a numeric exp. */
export function expiresAtOf(token: string): number | undefined {
  const exp = viewJwt(token)?.payload.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
}
