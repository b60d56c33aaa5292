// Where one identity's tokens come from under the real-IdP profiles: the IdP's token endpoint,
// a token command, or a token given as is. Every token is registered as a secret the moment it
// arrives, and a valid one is reused while it lives.
import type { OAuthClient } from './client-auth.ts';
import { IdpError } from './idp-error.ts';
import { expiresAtOf } from './jwt-view.ts';
import { runTokenCommand } from './token-command.ts';
import { requestToken, type IssuedToken } from './token-request.ts';

export interface TokenSource {
  readonly identity: string;
  /** How tokens are obtained, for progress and error lines ("client_credentials, client_secret_basic"). */
  readonly how: string;
  /** Whether fresh() can return a token no earlier call returned (false for a token given as is). */
  readonly canRenew: boolean;
  /** A token valid now: the cached one while it has more than a few seconds left. */
  token(): Promise<string>;
  /** A newly obtained token and when it expires, if known. */
  fresh(): Promise<IssuedToken>;
}

/** Reuse a token until this close to its expiry (a quarter of its life for short-lived ones): a check must not start with a token about to die. */
const MARGIN_MS = 5_000;

abstract class CachingSource implements TokenSource {
  abstract readonly identity: string;
  abstract readonly how: string;
  abstract readonly canRenew: boolean;
  private current?: IssuedToken & { obtainedAt: number };
  protected readonly secrets: Set<string>;

  constructor(secrets: Set<string>) {
    this.secrets = secrets;
  }

  async token(): Promise<string> {
    const c = this.current;
    if (c && (c.expiresAt === undefined || c.expiresAt - Date.now() > Math.min(MARGIN_MS, (c.expiresAt - c.obtainedAt) / 4))) return c.accessToken;
    return (await this.fresh()).accessToken;
  }

  async fresh(): Promise<IssuedToken> {
    const obtainedAt = Date.now();
    const issued = await this.obtain();
    this.secrets.add(issued.accessToken);
    if (issued.refreshToken) this.secrets.add(issued.refreshToken);
    // A JWT's own exp wins over the endpoint's expires_in: it is what the target checks.
    const expiresAt = expiresAtOf(issued.accessToken) ?? issued.expiresAt;
    this.current = { ...issued, ...(expiresAt ? { expiresAt } : {}), obtainedAt };
    const { obtainedAt: _, ...token } = this.current;
    return token;
  }

  protected abstract obtain(): Promise<IssuedToken>;
}

export interface OAuthSourceOptions {
  identity: string;
  tokenEndpoint: string;
  client: OAuthClient;
  /** A stored login: tokens come from the refresh_token grant (rotated refresh tokens are kept). */
  refreshToken?: string;
  resource?: string;
  scope?: string;
  timeoutMs: number;
  secrets: Set<string>;
}

export class OAuthTokenSource extends CachingSource {
  readonly identity: string;
  readonly how: string;
  readonly canRenew = true;
  private refreshToken?: string;
  private readonly opts: OAuthSourceOptions;

  constructor(opts: OAuthSourceOptions) {
    super(opts.secrets);
    this.opts = opts;
    this.identity = opts.identity;
    this.refreshToken = opts.refreshToken;
    this.how = `${opts.refreshToken ? 'refresh_token' : 'client_credentials'}, ${opts.client.method}`;
  }

  protected async obtain(): Promise<IssuedToken> {
    const o = this.opts;
    const grant = this.refreshToken ? { type: 'refresh_token' as const, refreshToken: this.refreshToken } : { type: 'client_credentials' as const };
    const issued = await requestToken({ identity: o.identity, tokenEndpoint: o.tokenEndpoint, client: o.client, grant, resource: o.resource, scope: o.scope, timeoutMs: o.timeoutMs, secrets: o.secrets });
    // Rotation (OAuth 2.1 §4.3.1): the old refresh token is spent, the new one is next.
    if (this.refreshToken && issued.refreshToken) this.refreshToken = issued.refreshToken;
    return issued;
  }
}

export class CommandTokenSource extends CachingSource {
  readonly identity: string;
  readonly how: string;
  readonly canRenew = true;
  private readonly opts: { command: string; cwd?: string; timeoutMs: number };

  constructor(identity: string, opts: { command: string; cwd?: string; timeoutMs: number }, secrets: Set<string>) {
    super(secrets);
    this.identity = identity;
    this.opts = opts;
    this.how = 'tokenCommand';
  }

  protected obtain(): Promise<IssuedToken> {
    return runTokenCommand({ identity: this.identity, ...this.opts, secrets: this.secrets });
  }
}

export class GivenTokenSource extends CachingSource {
  readonly identity: string;
  readonly how: string;
  readonly canRenew = false;
  private readonly value: string;

  constructor(identity: string, token: string, how: string, secrets: Set<string>) {
    super(secrets);
    this.identity = identity;
    this.value = token.trim().replace(/^bearer\s+/i, '');
    this.how = how;
    secrets.add(this.value);
  }

  override async token(): Promise<string> {
    const expiresAt = expiresAtOf(this.value);
    if (expiresAt !== undefined && expiresAt <= Date.now()) {
      throw new IdpError(`the ${this.how} given for ${this.identity} expired at ${new Date(expiresAt).toISOString()}; give a fresh one (profile static cannot renew it)`);
    }
    return this.value;
  }

  protected async obtain(): Promise<IssuedToken> {
    return { accessToken: this.value };
  }
}
