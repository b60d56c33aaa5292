// Refresh tokens that may still be redeemed, by jti. Redeeming removes the entry: rotation, single use.
export interface LiveRefreshToken {
  clientId: string;
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

  get size(): number {
    return this.#live.size;
  }
}
