// One user's tokens: fetched on first use, renewed shortly before they expire or when the server
// refuses one, and never renewed twice at once — refresh tokens rotate, so two refreshes racing
// with the same refresh token end in invalid_grant for one of them.
import { requestToken, TokenRequestError, type ClientCredentials, type FetchLike, type TokenSet } from './token-request.ts';

/** Where an authenticated client gets its bearer tokens. */
export interface TokenSource {
  /** A current access token, obtained or renewed as needed. */
  accessToken(): Promise<string>;
  /**
   * The server refused `refused`. Returns a newer token: the one another caller already obtained,
   * or a new one — a single token request however many callers ask at the same time.
   */
  renew(refused: string): Promise<string>;
}

export interface TokenManagerOptions extends ClientCredentials {
  /** The fetch that reaches the token endpoint (default: global fetch). */
  fetch?: FetchLike;
  /** Renew this long before expiry; default a tenth of the lifetime, at most 60 s. */
  renewBeforeMs?: number;
}

const MAX_RENEW_BEFORE_MS = 60_000;

export class TokenManager implements TokenSource {
  readonly #opts: TokenManagerOptions;
  #current: TokenSet | undefined;
  #pending: Promise<TokenSet> | undefined;

  constructor(opts: TokenManagerOptions) {
    this.#opts = opts;
  }

  async accessToken(): Promise<string> {
    const current = this.#current;
    if (current && !this.#expiresSoon(current)) return current.accessToken;
    return (await this.#obtain()).accessToken;
  }

  async renew(refused: string): Promise<string> {
    const current = this.#current;
    if (current && current.accessToken !== refused) return current.accessToken;
    return (await this.#obtain()).accessToken;
  }

  /** Single flight: every caller that arrives while a token request is out waits for that one. */
  #obtain(): Promise<TokenSet> {
    this.#pending ??= this.#request(this.#current)
      .then((set) => (this.#current = set))
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  }

  async #request(stale: TokenSet | undefined): Promise<TokenSet> {
    const fetchImpl = this.#opts.fetch ?? fetch;
    if (stale?.refreshToken) {
      try {
        const set = await requestToken(this.#opts, { grant_type: 'refresh_token', refresh_token: stale.refreshToken }, fetchImpl);
        // RFC 6749 §6: without a new refresh token, the old one stays valid.
        return { ...set, refreshToken: set.refreshToken ?? stale.refreshToken };
      } catch (error) {
        // A refresh token that is no longer good (expired, revoked): start over with the credentials.
        if (!(error instanceof TokenRequestError && error.error === 'invalid_grant')) throw error;
      }
    }
    return requestToken(this.#opts, { grant_type: 'client_credentials' }, fetchImpl);
  }

  #expiresSoon(set: TokenSet): boolean {
    if (set.expiresAt === undefined) return false;
    const before = this.#opts.renewBeforeMs ?? Math.min(MAX_RENEW_BEFORE_MS, (set.lifetimeMs ?? 0) / 10);
    return Date.now() >= set.expiresAt - before;
  }
}

export function isTokenSource(v: unknown): v is TokenSource {
  const o = v as Partial<TokenSource> | undefined;
  return typeof o?.accessToken === 'function' && typeof o.renew === 'function';
}
