// The trusted keys: one that signs, retired ones still published, keys added beside it that sign
// only what a check signs with them, and a spare that never signs.
import type { JWK } from 'jose';
import { generateSigningKey } from '../tokens/keys.ts';
import type { SigningAlg, SigningKey } from '../tokens/keys.ts';

export class KeyRing {
  readonly alg: SigningAlg;
  signingKey: SigningKey;
  readonly spareKey: SigningKey;
  /** Retired signing keys still in the JWKS, newest first. */
  retired: SigningKey[] = [];
  /** Keys published after the start that the issuer does not sign with. */
  added: SigningKey[] = [];
  #removed = new Set<string>();

  constructor(alg: SigningAlg) {
    this.alg = alg;
    this.signingKey = generateSigningKey(alg);
    this.spareKey = generateSigningKey(alg);
  }

  /** The most recently retired key that is still published. */
  get previousKey(): SigningKey | undefined {
    return this.retired[0];
  }

  /** Keys in the JWKS: the signing key first, then added keys, retired keys, the spare. */
  get published(): SigningKey[] {
    return [this.signingKey, ...this.added, ...this.retired, this.spareKey].filter((k) => !this.#removed.has(k.kid));
  }

  /** A new key in the JWKS that the issuer itself does not sign with. */
  add(): SigningKey {
    const key = generateSigningKey(this.alg);
    this.added = [...this.added, key];
    return key;
  }

  rotate(): SigningKey {
    this.retired = [this.signingKey, ...this.retired];
    this.signingKey = generateSigningKey(this.alg);
    return this.signingKey;
  }

  /**
   * Unpublishes a key. Removing the current signing key is allowed on purpose: the issuer then
   * signs with a key the target cannot find, which is a scenario in itself.
   */
  remove(kid: string): void {
    this.#removed.add(kid);
    this.retired = this.retired.filter((k) => k.kid !== kid);
    this.added = this.added.filter((k) => k.kid !== kid);
  }

  find(kid: string | undefined): SigningKey | undefined {
    return this.published.find((k) => k.kid === kid);
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.published.map((k) => k.publicJwk) };
  }
}
