// The IdP's published signing keys (its JWKS): public by design, so the harness may use them as
// an attacker would — the RSA/EC public key as an HMAC secret (key confusion), or a kid to copy.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { IdpError } from './idp-error.ts';
import { idpRequest } from './idp-request.ts';

export interface IdpKey {
  kid?: string;
  alg?: string;
  publicKey: KeyObject;
  jwk: JWK;
}

export async function fetchIdpKeys(jwksUrl: string, timeoutMs: number): Promise<IdpKey[]> {
  const { status, json } = await idpRequest({ what: "the IdP's JWKS", url: jwksUrl, timeoutMs });
  if (status !== 200 || !Array.isArray(json.keys)) throw new IdpError(`the IdP's JWKS at ${jwksUrl} answered HTTP ${status} without a keys list`);
  const keys: IdpKey[] = [];
  for (const jwk of json.keys as JWK[]) {
    if (!jwk || typeof jwk !== 'object' || (jwk.use && jwk.use !== 'sig')) continue;
    if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') continue;
    try {
      const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
      keys.push({ kid: jwk.kid, alg: jwk.alg, publicKey: createPublicKey({ key: pub as JWK & { kty: string }, format: 'jwk' }), jwk: pub });
    } catch {
      // a key this Node cannot import is not one the forgeries can use
    }
  }
  return keys;
}

/** The key that signed `header`: by kid, else the only key of a fitting type. */
export function keyForHeader(keys: IdpKey[], header: Record<string, unknown>): IdpKey | undefined {
  if (typeof header.kid === 'string') return keys.find((k) => k.kid === header.kid);
  const alg = String(header.alg ?? '');
  const kty = alg.startsWith('RS') || alg.startsWith('PS') ? 'RSA' : alg.startsWith('ES') ? 'EC' : alg === 'EdDSA' ? 'OKP' : '';
  const fitting = keys.filter((k) => k.jwk.kty === kty);
  return fitting.length === 1 ? fitting[0] : undefined;
}
