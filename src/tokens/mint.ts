// Well-formed JWTs via jose. Malformed tokens are the forge's job; this only signs what it is given.
import { SignJWT } from 'jose';
import type { JWTHeaderParameters, JWTPayload } from 'jose';
import type { SigningKey } from './keys.ts';

/** HS256 secrets are used as their UTF-8 bytes, as most in-house servers pass the env string to their JWT library. */
export interface Hs256Key {
  alg: 'HS256';
  secret: string;
  kid?: string;
}

export type MintKey = SigningKey | Hs256Key;

/**
 * Signs `claims` exactly as given (no iat/exp added). `header` is merged over
 * `{ alg, kid, typ: 'JWT' }`, so a caller can change or add any protected header member.
 */
export async function mint(
  key: MintKey,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
): Promise<string> {
  const base: Record<string, unknown> = { alg: key.alg, typ: 'JWT' };
  if (key.kid !== undefined) base.kid = key.kid;
  const protectedHeader = { ...base, ...header } as JWTHeaderParameters;
  const signingKey = key.alg === 'HS256' ? new TextEncoder().encode(key.secret) : key.privateKey;
  return new SignJWT(claims as JWTPayload).setProtectedHeader(protectedHeader).sign(signingKey);
}
