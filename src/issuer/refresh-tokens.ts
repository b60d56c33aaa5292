// Issued refresh tokens by jti: each redeemable once, bound to its client, user and grant.
import type { IssuerIdentity } from './users.ts';

export interface LiveRefreshToken {
  clientId: string;
  /** Whose tokens a redemption issues: the user of a code flow, or the client's own identity. */
  identity: IssuerIdentity;
  /** The authorization grant the token descends from, across rotations; revoked as a whole. */
  grantId: string;
  expiresAt: number; // epoch seconds
}

export class RefreshTokenStore {
  #live = new Map<string, LiveRefreshToken>();

  add(jti: string, entry: LiveRefreshToken): void {
    this.#live.set(jti, entry);
  }

  /**
   * Takes the token out of the store and returns it, or undefined when it was never issued, is
   * already used, or expired. Synchronous, so two concurrent redemptions cannot both succeed.
   */
  redeem(jti: string, nowSeconds = Math.floor(Date.now() / 1000)): LiveRefreshToken | undefined {
    const entry = this.#live.get(jti);
    if (!entry) return undefined;
    this.#live.delete(jti);
    return entry.expiresAt > nowSeconds ? entry : undefined;
  }

  /** Forgets every token of a grant (a replayed authorization code revokes what it was given). */
  revokeGrant(grantId: string): void {
    for (const [jti, entry] of this.#live) if (entry.grantId === grantId) this.#live.delete(jti);
  }

  get size(): number {
    return this.#live.size;
  }
}
