// The forge: valid tokens for an identity (through jose) and the malformed or mis-signed ones
// no library will produce (built from base64url segments and node:crypto).
import crypto, { type KeyObject } from 'node:crypto';
import type { Identity } from '../check.ts';
import type { Issuer } from '../issuer/issuer.ts';
import { mint } from './mint.ts';

export type Profile = 'jwks' | 'hs256';

/** How the third segment is made. */
export type Signer =
  | { kind: 'trusted' } // the key the target trusts (issuer signing key, or the HS256 secret)
  | { kind: 'foreign' } // the issuer's attacker key: same algorithm, never published in the trusted JWKS
  | { kind: 'none' } // empty signature
  | { kind: 'hmac'; secret: string | Buffer; hash?: 'sha256' | 'sha384' | 'sha512' }
  | { kind: 'key'; key: KeyObject; hash: string | null; pss?: boolean } // any asymmetric key, any hash
  | { kind: 'bytes'; bytes: Buffer }; // a literal signature

export interface ValidOptions {
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /** Claim names to drop from the payload. */
  omit?: string[];
}

export class Forge {
  readonly issuer: Issuer;
  readonly profile: Profile;
  /** Every token this forge produced: reports redact them all. */
  readonly minted = new Set<string>();

  /** The JOSE `typ` of a valid token (auth.token.typ). */
  readonly typ: string;

  constructor(issuer: Issuer, profile: Profile, typ = 'JWT') {
    this.issuer = issuer;
    this.profile = profile;
    this.typ = typ;
  }

  get alg(): string {
    return this.profile === 'hs256' ? 'HS256' : this.issuer.signingKey.alg;
  }

  get kid(): string | undefined {
    return this.profile === 'hs256' ? undefined : this.issuer.signingKey.kid;
  }

  /** The claims a valid token for this identity carries, before overrides. */
  claimsFor(identity: Identity, opts: ValidOptions = {}): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      ...this.issuer.accessClaims(identity.subject, identity.roles, identity.username),
      ...opts.claims,
    };
    for (const name of opts.omit ?? []) delete claims[name];
    return claims;
  }

  /** A well-formed token signed by the trusted key, via jose. */
  async valid(identity: Identity, opts: ValidOptions = {}): Promise<string> {
    const key = this.profile === 'hs256' ? { alg: 'HS256' as const, secret: this.issuer.hs256Secret } : this.issuer.signingKey;
    return this.keep(await mint(key, this.claimsFor(identity, opts), { typ: this.typ, ...opts.header }));
  }

  /** A trusted token that expired `secondsAgo` (default an hour) ago. */
  expired(identity: Identity, secondsAgo = 3600): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return this.valid(identity, { claims: { iat: now - secondsAgo - 3600, exp: now - secondsAgo } });
  }

  /** The same token with the end of its signature changed: well-formed, but no longer valid. */
  corruptedSignature(token: string): string {
    return this.keep(token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'));
  }

  /** A token no earlier call returned, as a refresh gives (minted anew here). */
  fresh(identity: Identity): Promise<string> {
    return this.valid(identity);
  }

  /** The public key the target verifies with (key confusion uses it as an HMAC secret). */
  trustedPublicKey(): KeyObject {
    return this.issuer.signingKey.publicKey;
  }

  /** The header a trusted token would carry, with overrides. */
  header(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { alg: this.alg, ...(this.kid ? { kid: this.kid } : {}), typ: this.typ, ...overrides };
  }

  /** A compact JWS from raw parts: objects are JSON-encoded, strings used verbatim as JSON text. */
  raw(header: Record<string, unknown> | string, payload: Record<string, unknown> | string, signer: Signer): string {
    const h = b64url(typeof header === 'string' ? header : JSON.stringify(header));
    const p = b64url(typeof payload === 'string' ? payload : JSON.stringify(payload));
    const input = `${h}.${p}`;
    return this.keep(`${input}.${this.signature(input, signer).toString('base64url')}`);
  }

  /** Registers a token built elsewhere so reports redact it. */
  keep(token: string): string {
    this.minted.add(token);
    return token;
  }

  private signature(input: string, signer: Signer): Buffer {
    switch (signer.kind) {
      case 'none':
        return Buffer.alloc(0);
      case 'bytes':
        return signer.bytes;
      case 'hmac':
        return crypto.createHmac(signer.hash ?? 'sha256', signer.secret).update(input).digest();
      case 'key':
        return signWithKey(input, signer.key, signer.hash, signer.pss);
      case 'foreign':
        return signWithKey(input, this.issuer.attackerKey.privateKey, hashFor(this.issuer.attackerKey.alg));
      case 'trusted':
        if (this.profile === 'hs256') return crypto.createHmac('sha256', this.issuer.hs256Secret).update(input).digest();
        return signWithKey(input, this.issuer.signingKey.privateKey, hashFor(this.issuer.signingKey.alg));
    }
  }
}

export function b64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

export function hashFor(alg: string): string | null {
  if (alg === 'EdDSA') return null;
  const bits = alg.slice(2);
  return `sha${bits}`;
}

function signWithKey(input: string, key: KeyObject, hash: string | null, pss = false): Buffer {
  const ec = key.asymmetricKeyType === 'ec';
  return crypto.sign(hash, Buffer.from(input), {
    key,
    ...(ec ? { dsaEncoding: 'ieee-p1363' as const } : {}),
    ...(pss ? { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST } : {}),
  });
}
