// Authorization codes: random, short-lived, single use, each bound to the request that made it.
import { randomBytes } from 'node:crypto';
import type { IssuerIdentity } from './users.ts';

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  user: IssuerIdentity;
}

export type Redemption =
  | { status: 'ok'; grant: CodeGrant; grantId: string }
  /** Used before: OAuth 2.1 §4.1.3 — refuse, and revoke what the first use was given. */
  | { status: 'reused'; grantId: string }
  | { status: 'invalid' };

interface LiveCode extends CodeGrant {
  grantId: string;
  expiresAt: number; // epoch ms
}

/** How long a spent code is remembered, so that a replay is recognised as one. */
const SPENT_MEMORY_MS = 10 * 60_000;
/** Bounds memory if a client loops on the authorization endpoint. */
const MAX_LIVE_CODES = 10_000;

export class AuthorizationCodeStore {
  readonly #ttlMs: number;
  readonly #now: () => number;
  #live = new Map<string, LiveCode>();
  #spent = new Map<string, { grantId: string; forgetAt: number }>();

  constructor(ttlSeconds: number, now: () => number = Date.now) {
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = now;
  }

  /** A new code for `grant`, or undefined when too many codes are outstanding. */
  issue(grant: CodeGrant): string | undefined {
    this.#sweep();
    if (this.#live.size >= MAX_LIVE_CODES) return undefined;
    const code = randomBytes(32).toString('base64url');
    this.#live.set(code, { ...grant, grantId: randomBytes(12).toString('base64url'), expiresAt: this.#now() + this.#ttlMs });
    return code;
  }

  /** Takes the code out of the store. Synchronous, so two concurrent redemptions cannot both succeed. */
  redeem(code: string): Redemption {
    const spent = this.#spent.get(code);
    if (spent) return { status: 'reused', grantId: spent.grantId };
    const live = this.#live.get(code);
    if (!live) return { status: 'invalid' };
    this.#live.delete(code);
    this.#spent.set(code, { grantId: live.grantId, forgetAt: this.#now() + SPENT_MEMORY_MS });
    if (live.expiresAt <= this.#now()) return { status: 'invalid' };
    const { grantId, expiresAt: _, ...grant } = live;
    return { status: 'ok', grant, grantId };
  }

  /** Both maps are in expiry order (one lifetime for all), so the sweep stops at the first live entry. */
  #sweep(): void {
    const now = this.#now();
    for (const [code, entry] of this.#live) {
      if (entry.expiresAt > now) break;
      this.#live.delete(code);
    }
    for (const [code, entry] of this.#spent) {
      if (entry.forgetAt > now) break;
      this.#spent.delete(code);
    }
  }
}
