// The forge under the real-IdP profiles: valid tokens are the IdP's own (from each identity's
// token source), and every forgery starts from one of them. What needs only the real token runs:
// signature stripped, cut, zeroed, replaced by a foreign key's under the IdP's kid, alg none,
// header tricks, key confusion with the IdP's published key. What needs the IdP's private key —
// a token re-signed with chosen claims — throws CannotForge, and the check is skipped with the reason.
import type { KeyObject } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Identity } from '../check.ts';
import type { Issuer } from '../issuer/issuer.ts';
import { Forge, type Signer, type ValidOptions } from '../tokens/forge.ts';
import { CannotForge, OPAQUE_REASON, RESIGN_REASON } from './cannot-forge.ts';
import type { IdpKey } from './idp-keys.ts';
import { keyForHeader } from './idp-keys.ts';
import { viewJwt, type JwtView } from './jwt-view.ts';
import type { TokenSource } from './token-source.ts';

export interface RealTokenForgeOptions {
  sources: Map<string, TokenSource>;
  /** The IdP's published keys, when its JWKS is known. */
  idpKeys?: IdpKey[];
  /** Declared lifetime of the IdP's tokens: expired() waits one out when set. */
  tokenTtlSeconds?: number;
  /** The target's declared clock skew: an expired token is only refused past it. */
  clockSkewSeconds?: number;
  /** How long expired() may wait, ms. Default 120 s. */
  maxExpiryWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class RealTokenForge extends Forge {
  private readonly opts: RealTokenForgeOptions;
  /** The latest real token seen per identity, decoded. */
  private readonly views = new Map<string, { token: string; view?: JwtView }>();
  private first?: { token: string; view?: JwtView };
  /** Per identity, a token obtained at prepare() and left to expire while the run goes on. */
  private readonly expiring = new Map<string, Promise<{ token: string; expiresAt?: number }>>();
  private readonly waited = new Map<string, Promise<string>>();

  constructor(issuer: Issuer, opts: RealTokenForgeOptions) {
    super(issuer, 'jwks');
    this.opts = opts;
  }

  /** Gets each identity's first token (so a refused client fails the run up front) and, with a short TTL, one to wait out. */
  async prepare(identities: Identity[]): Promise<void> {
    for (const identity of identities) await this.valid(identity);
    this.first = this.views.get(identities[0].name);
    if (!this.opts.tokenTtlSeconds) return;
    for (const identity of identities) {
      const source = this.sourceOf(identity);
      if (!source.canRenew) continue;
      const expiring = source.fresh().then((t) => this.keepIssued(t.accessToken, t.expiresAt));
      expiring.catch(() => undefined); // surfaced when a check asks for it
      this.expiring.set(identity.name, expiring);
    }
  }

  /** Whether the IdP's tokens are JWTs (JWS compact) the forgeries can take apart. */
  get isJwt(): boolean {
    return this.first?.view !== undefined;
  }

  override get alg(): string {
    return String(this.firstView().header.alg);
  }

  override get kid(): string | undefined {
    const kid = this.firstView().header.kid;
    return typeof kid === 'string' ? kid : undefined;
  }

  /** The IdP's own token for `identity`. Changed claims or header would need its private key. */
  override async valid(identity: Identity, opts: ValidOptions = {}): Promise<string> {
    if (Object.keys(opts.claims ?? {}).length || opts.omit?.length || Object.keys(opts.header ?? {}).length) throw new CannotForge(RESIGN_REASON);
    const token = await this.sourceOf(identity).token();
    this.remember(identity, token);
    return this.keep(token);
  }

  /** A newly issued token (a refresh): a token no earlier call returned, when the source can renew. */
  override async fresh(identity: Identity): Promise<string> {
    const token = (await this.sourceOf(identity).fresh()).accessToken;
    this.remember(identity, token);
    return this.keep(token);
  }

  /** The real token's claims (of the identity's latest token), with overrides — for tokens the harness signs itself. */
  override claimsFor(identity: Identity, opts: ValidOptions = {}): Record<string, unknown> {
    const view = this.views.get(identity.name)?.view ?? this.firstView();
    const claims: Record<string, unknown> = { ...view.payload, ...opts.claims };
    for (const name of opts.omit ?? []) delete claims[name];
    return claims;
  }

  override header(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...this.firstView().header, ...overrides };
  }

  /**
   * A token from parts. The trusted signer can only "sign" exactly what the IdP signed (the real
   * token comes back); any other signer works on any parts.
   */
  override raw(header: Record<string, unknown> | string, payload: Record<string, unknown> | string, signer: Signer): string {
    if (signer.kind !== 'trusted') return super.raw(header, payload, signer);
    for (const { token, view } of this.views.values()) {
      if (view && isDeepStrictEqual(header, view.header) && isDeepStrictEqual(payload, view.payload)) return token;
    }
    throw new CannotForge(RESIGN_REASON);
  }

  /** The IdP's published key that signed its tokens (key confusion uses it as an HMAC secret). */
  override trustedPublicKey(): KeyObject {
    const key = this.opts.idpKeys && keyForHeader(this.opts.idpKeys, this.firstView().header);
    if (!key) throw new CannotForge(this.opts.idpKeys ? `the IdP's JWKS has no key with the kid of its tokens` : "the IdP's JWKS is unknown (no jwks_uri in its metadata; set auth.jwksUrl)");
    return key.publicKey;
  }

  /**
   * A real token past its expiry plus the declared clock skew: the token prepare() obtained, waited
   * out. Only with auth.tokenTtlSeconds (short-lived tokens), and only as long as maxExpiryWaitMs.
   */
  override async expired(identity: Identity): Promise<string> {
    const expiring = this.expiring.get(identity.name);
    if (!expiring) throw new CannotForge(`${RESIGN_REASON}; with short-lived IdP tokens, set auth.tokenTtlSeconds and the expiry checks wait one out`);
    let waited = this.waited.get(identity.name);
    if (!waited) this.waited.set(identity.name, (waited = this.waitOut(expiring)));
    return waited;
  }

  private async waitOut(expiring: Promise<{ token: string; expiresAt?: number }>): Promise<string> {
    const { token, expiresAt } = await expiring;
    if (expiresAt === undefined) throw new CannotForge("the IdP's token carries no expiry (no exp, no expires_in) to wait out");
    const until = expiresAt + ((this.opts.clockSkewSeconds ?? 0) + 2) * 1000;
    const wait = until - Date.now();
    const max = this.opts.maxExpiryWaitMs ?? 120_000;
    if (wait > max) throw new CannotForge(`the IdP's token expires (plus the declared clock skew) in ${Math.ceil(wait / 1000)} s, longer than the ${max / 1000} s the harness waits`);
    if (wait > 0) await (this.opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))))(wait);
    return token;
  }

  private keepIssued(token: string, expiresAt: number | undefined): { token: string; expiresAt?: number } {
    this.keep(token);
    return { token, ...(expiresAt ? { expiresAt } : {}) };
  }

  private remember(identity: Identity, token: string): void {
    this.views.set(identity.name, { token, view: viewJwt(token) });
  }

  private firstView(): JwtView {
    const view = this.first?.view ?? [...this.views.values()][0]?.view;
    if (!view) throw new CannotForge(OPAQUE_REASON);
    return view;
  }

  private sourceOf(identity: Identity): TokenSource {
    const source = this.opts.sources.get(identity.name);
    if (!source) throw new Error(`no token source for identity ${identity.name}`);
    return source;
  }
}
