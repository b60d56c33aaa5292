// authFetch: the bearer on every method and never in the URL, one renewal and one retry on a
// 401, no loop on a second one, one renewal for many concurrent 401s. The token endpoint is an
// msw handler; the protected resource is a plain function recording what it was sent.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authFetch } from './auth-fetch.ts';
import { CLIENT, mockIssuer, TOKEN_URL } from './testing/mock-issuer.ts';
import { TokenManager } from './token-manager.ts';
import type { FetchLike } from './token-request.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const RESOURCE = 'http://mcp.test/mcp';

interface Sent {
  method: string;
  url: string;
  authorization: string | null;
}

/** A resource that accepts only the tokens `accepts` says yes to. */
function resource(accepts: (token: string) => boolean): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      const authorization = new Headers(init?.headers).get('authorization');
      sent.push({ method: init?.method ?? 'GET', url: String(input), authorization });
      const token = authorization?.replace(/^Bearer /, '') ?? '';
      return accepts(token) ? new Response('{}', { status: 200 }) : new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    },
  };
}

function setup(accepts: (token: string) => boolean) {
  const issuer = mockIssuer();
  server.use(issuer.handler);
  const target = resource(accepts);
  const fetchWithAuth = authFetch(new TokenManager({ tokenUrl: TOKEN_URL, ...CLIENT }), target.fetch);
  return { issuer, target, fetchWithAuth };
}

describe('authFetch', () => {
  it('sends the bearer in the Authorization header on POST, GET and DELETE, and never in the URL', async () => {
    const { target, fetchWithAuth } = setup(() => true);
    for (const method of ['POST', 'GET', 'DELETE']) await fetchWithAuth(RESOURCE, { method, headers: { accept: 'text/event-stream' } });
    expect(target.sent).toEqual(['POST', 'GET', 'DELETE'].map((method) => ({ method, url: RESOURCE, authorization: 'Bearer access-1' })));
  });

  it('answers a 401 with exactly one renewal and one retry carrying the new token', async () => {
    const { issuer, target, fetchWithAuth } = setup((t) => t !== 'access-1');
    const response = await fetchWithAuth(RESOURCE, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    expect(response.status).toBe(200);
    expect(target.sent.map((s) => s.authorization)).toEqual(['Bearer access-1', 'Bearer access-2']);
    expect(issuer.requests.map((r) => r.grantType)).toEqual(['client_credentials', 'refresh_token']);
  });

  it('returns a second 401 as it is: one retry, no loop, however long the server refuses', async () => {
    const { issuer, target, fetchWithAuth } = setup(() => false);
    expect((await fetchWithAuth(RESOURCE, { method: 'POST', body: '{}' })).status).toBe(401);
    expect(target.sent).toHaveLength(2);
    expect(issuer.requests).toHaveLength(2);
  });

  it('renews once for many concurrent 401s, and fetches the first token once for many concurrent requests', async () => {
    const { issuer, target, fetchWithAuth } = setup((t) => t !== 'access-1');
    const answers = await Promise.all(Array.from({ length: 5 }, () => fetchWithAuth(RESOURCE, { method: 'POST', body: '{}' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(issuer.requests.map((r) => r.grantType)).toEqual(['client_credentials', 'refresh_token']);
    expect(target.sent.map((s) => s.authorization)).toEqual([...Array(5).fill('Bearer access-1'), ...Array(5).fill('Bearer access-2')]);
  });
});
