// A fetch that carries the bearer on every request (POST, the GET stream, DELETE) — in the
// Authorization header only, never in the URL — and answers a 401 with exactly one renewal and
// one retry. A second 401 is returned as it is: no loop, whatever the server keeps saying.
import type { TokenSource } from './token-manager.ts';
import type { FetchLike } from './token-request.ts';

export function authFetch(tokens: TokenSource, base: FetchLike = fetch): FetchLike {
  return async (input, init = {}) => {
    const token = await tokens.accessToken();
    const first = await base(input, withBearer(init, token));
    if (first.status !== 401) return first;
    await first.body?.cancel().catch(() => undefined);
    const renewed = await tokens.renew(token);
    return base(input, withBearer(init, renewed));
  };
}

function withBearer(init: RequestInit, token: string): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}
