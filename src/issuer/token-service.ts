// Mints the issuer's access and refresh tokens and redeems refresh tokens (with rotation).
import { randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import { mint } from '../tokens/mint.ts';
import { accessClaims } from './access-claims.ts';
import type { ClaimsMapping, TokenShape } from './access-claims.ts';
import type { KnownClient } from './clients.ts';
import type { KeyRing } from './key-ring.ts';
import { RefreshTokenStore } from './refresh-tokens.ts';
import type { IssuerIdentity } from './users.ts';

/** Refresh tokens carry the same claims as access tokens and differ only in this header `typ`. */
export const REFRESH_TOKEN_TYP = 'rt+jwt';

export interface TokenServiceOptions {
  issuer: string;
  resource: string;
  keys: KeyRing;
  mapping?: ClaimsMapping;
  shape?: TokenShape;
  /** The JOSE `typ` of access tokens (default JWT). */
  typ?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

export interface MintAccessOptions {
  ttlSeconds?: number;
  username?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  scope: string;
}

export class TokenService {
  readonly #opts: TokenServiceOptions;
  readonly #refreshTokens = new RefreshTokenStore();

  constructor(opts: TokenServiceOptions) {
    this.#opts = opts;
  }

  accessClaims(subject: string, roles: string[], username?: string, ttlSeconds?: number): Record<string, unknown> {
    return accessClaims({
      issuer: this.#opts.issuer,
      audience: this.#opts.resource,
      subject,
      roles,
      username,
      ttlSeconds: ttlSeconds ?? this.#opts.accessTokenTtlSeconds,
      mapping: this.#opts.mapping,
      shape: this.#opts.shape,
    });
  }

  mintAccess(subject: string, roles: string[], opts: MintAccessOptions = {}): Promise<string> {
    const claims = this.accessClaims(subject, roles, opts.username, opts.ttlSeconds);
    return mint(this.#opts.keys.signingKey, claims, this.#opts.typ ? { typ: this.#opts.typ } : undefined);
  }

  /** Access plus refresh token for a configured client's own identity (client_credentials). */
  issue(client: KnownClient & { identity: IssuerIdentity }): Promise<TokenResponse> {
    return this.issueFor(client.identity, client.clientId, randomBytes(12).toString('base64url'));
  }

  /** Access plus refresh token for `identity`, obtained by `clientId`, as part of grant `grantId`. */
  async issueFor(identity: IssuerIdentity, clientId: string, grantId: string): Promise<TokenResponse> {
    const { keys, accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.#opts;
    const { subject, roles, username } = identity;
    const clientClaim = { client_id: clientId };
    const access: Record<string, unknown> = { ...this.accessClaims(subject, roles, username), ...clientClaim };
    const refresh: Record<string, unknown> = { ...this.accessClaims(subject, roles, username, refreshTokenTtlSeconds), ...clientClaim };
    const [accessToken, refreshToken] = await Promise.all([
      mint(keys.signingKey, access),
      mint(keys.signingKey, refresh, { typ: REFRESH_TOKEN_TYP }),
    ]);
    this.#refreshTokens.add(refresh.jti as string, { clientId, identity, grantId, expiresAt: refresh.exp as number });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: accessTokenTtlSeconds,
      refresh_token: refreshToken,
      scope: roles.join(' '),
    };
  }

  /** New tokens (rotation) for a valid, unused refresh token issued to `clientId`; undefined means invalid_grant. */
  async refresh(refreshToken: string, clientId: string): Promise<TokenResponse | undefined> {
    const jti = await this.#verifiedRefreshJti(refreshToken);
    if (jti === undefined) return undefined;
    const entry = this.#refreshTokens.redeem(jti);
    if (!entry) return undefined;
    // A token presented by another client is burnt anyway: it has leaked.
    if (entry.clientId !== clientId) return undefined;
    return this.issueFor(entry.identity, clientId, entry.grantId);
  }

  /** Refresh tokens of a grant stop working (access tokens are self-contained and run out on their own). */
  revokeGrant(grantId: string): void {
    this.#refreshTokens.revokeGrant(grantId);
  }

  async #verifiedRefreshJti(token: string): Promise<string | undefined> {
    const { keys, issuer, resource } = this.#opts;
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          const key = keys.find(header.kid);
          if (!key) throw new Error('unknown kid');
          return key.publicKey;
        },
        { issuer, audience: resource, typ: REFRESH_TOKEN_TYP, algorithms: [keys.alg] },
      );
      return typeof payload.jti === 'string' ? payload.jti : undefined;
    } catch {
      return undefined;
    }
  }
}
