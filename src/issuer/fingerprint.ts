// Redaction: tokens and secrets are recorded only as short fingerprints, never raw.
import { createHash } from 'node:crypto';

/** "sha256:" + the first 12 hex digits of sha256(token). Enough to match a known token, useless to replay. */
export function bearerFingerprint(token: string): string {
  return 'sha256:' + createHash('sha256').update(token).digest('hex').slice(0, 12);
}

/** `Bearer abc` → `<bearer sha256:…>`; any other scheme likewise; a bare value → `<credential sha256:…>`. */
export function redactAuthorization(value: string): string {
  const match = /^(\S+)\s+(.*)$/s.exec(value.trim());
  if (!match) return `<credential ${bearerFingerprint(value)}>`;
  return `<${match[1]!.toLowerCase()} ${bearerFingerprint(match[2]!)}>`;
}

/** The credentials of a `Bearer` Authorization header (scheme matched case-insensitively), else undefined. */
export function bearerCredentials(authorization: string | undefined): string | undefined {
  const match = /^bearer\s+(.*)$/is.exec(authorization?.trim() ?? '');
  return match ? match[1]!.trim() : undefined;
}

// A JWS/JWT starts with a base64url JSON header: `{"` encodes as `eyJ`.
const JWT_SHAPED = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*/g;

/** Fingerprints of every JWT-shaped substring of `text`, in order of appearance. */
export function jwtFingerprints(text: string): string[] {
  return [...text.matchAll(JWT_SHAPED)].map((m) => bearerFingerprint(m[0]));
}

/** `text` with every JWT-shaped substring replaced by `<jwt sha256:…>`. */
export function redactJwts(text: string): string {
  return text.replace(JWT_SHAPED, (jwt) => `<jwt ${bearerFingerprint(jwt)}>`);
}
