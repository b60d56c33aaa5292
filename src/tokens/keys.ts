// Asymmetric signing keys as node:crypto KeyObjects (jose accepts them directly), plus shared secrets.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

export type SigningAlg = 'ES256' | 'RS256' | 'EdDSA';

export const SIGNING_ALGS: readonly SigningAlg[] = ['ES256', 'RS256', 'EdDSA'];

export interface SigningKey {
  alg: SigningAlg;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Public JWK as published in a JWKS: key material plus kid, alg and use 'sig'. */
  publicJwk: JWK;
}

function generatePair(alg: SigningAlg): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (alg) {
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'RS256':
      return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
    default:
      throw new Error(`unsupported signing alg: ${String(alg)}`);
  }
}

export function generateSigningKey(alg: SigningAlg, kid: string = randomKid()): SigningKey {
  const { privateKey, publicKey } = generatePair(alg);
  const publicJwk: JWK = { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, publicKey, publicJwk };
}

/** Random, URL-safe key id. */
export function randomKid(): string {
  return randomBytes(12).toString('base64url');
}

/** Random shared secret, base64url-encoded. */
export function generateSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
