// TokenManager against an msw token endpoint: first token, reuse, renewal before expiry, single
// flight with rotating refresh tokens, fallback when the refresh token is refused.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockIssuer, CLIENT, TOKEN_URL } from './testing/mock-issuer.ts';
import { TokenManager } from './token-manager.ts';
import { TokenRequestError } from './token-request.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function withIssuer(opts?: Parameters<typeof mockIssuer>[0]) {
  const issuer = mockIssuer(opts);
  server.use(issuer.handler);
  return issuer;
}

const manager = (extra: Partial<ConstructorParameters<typeof TokenManager>[0]> = {}) => new TokenManager({ tokenUrl: TOKEN_URL, ...CLIENT, ...extra });

describe('TokenManager', () => {
  it('gets its first token with client_credentials, authenticating with client_secret_basic', async () => {
    const issuer = withIssuer();
    expect(await manager().accessToken()).toBe('access-1');
    expect(issuer.requests).toEqual([expect.objectContaining({ grantType: 'client_credentials', clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, status: 200 })]);
  });

  it('reuses the token while it is fresh, and refreshes it shortly before it expires', async () => {
    const issuer = withIssuer({ expiresIn: 300 });
    const fresh = manager();
    await fresh.accessToken();
    expect(await fresh.accessToken()).toBe('access-1');
    expect(issuer.requests).toHaveLength(1);

    const expiring = manager({ renewBeforeMs: 301_000 }); // always "about to expire"
    await expiring.accessToken();
    expect(await expiring.accessToken()).toBe('access-3');
    expect(issuer.requests.at(-1)).toEqual(expect.objectContaining({ grantType: 'refresh_token', refreshToken: 'refresh-2' }));
  });

  it('renew: concurrent callers holding the same refused token share one refresh, so a rotating refresh token is spent once', async () => {
    const issuer = withIssuer({ rotate: true });
    const tokens = manager();
    const refused = await tokens.accessToken();
    const renewed = await Promise.all(Array.from({ length: 5 }, () => tokens.renew(refused)));
    expect(new Set(renewed)).toEqual(new Set(['access-2']));
    expect(issuer.requests.map((r) => r.grantType)).toEqual(['client_credentials', 'refresh_token']);
    expect(issuer.requests.filter((r) => r.error === 'invalid_grant')).toEqual([]);
  });

  it('renew: a caller late with an already replaced token gets the newer one without a request', async () => {
    const issuer = withIssuer();
    const tokens = manager();
    const old = await tokens.accessToken();
    await tokens.renew(old);
    expect(await tokens.renew(old)).toBe('access-2');
    expect(issuer.requests).toHaveLength(2);
  });

  it('falls back to client_credentials when the refresh token is refused (invalid_grant)', async () => {
    const issuer = withIssuer();
    const tokens = manager();
    const refused = await tokens.accessToken();
    issuer.revokeRefreshTokens();
    expect(await tokens.renew(refused)).toBe('access-2');
    expect(issuer.requests.map((r) => `${r.grantType}:${r.status}`)).toEqual(['client_credentials:200', 'refresh_token:400', 'client_credentials:200']);
  });

  it('fails with the OAuth error code, never a secret or token in the message', async () => {
    withIssuer();
    const error = await manager({ clientSecret: 'wrong-secret-value' }).accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).error).toBe('invalid_client');
    expect((error as Error).message).toBe('token endpoint answered HTTP 401 (invalid_client)');
  });
});
