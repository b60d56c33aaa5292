// A remote JWKS that keeps verifying with the keys it has while a refresh is slow or failing.
// jose refetches a JWKS older than its cache age before verifying, waits for that fetch (up to
// 5 s), and throws when it times out — so a slow or briefly unreachable IdP (a busy machine is
// enough: the reference keeps keys for 2 s) makes the server refuse every valid token until a
// fetch gets through. Real servers keep the last good keys instead. Here a request waits for a
// refresh at most REFRESH_WAIT_MS, then verifies with the keys it has while the refresh goes on;
// a refresh that succeeds replaces them (a removed key is refused from then on), and an unknown
// kid still refetches within jose's cooldown. With nothing cached, the first fetch is awaited.
import { createLocalJWKSet, errors, type RemoteJWKSet } from 'jose';

export const REFRESH_WAIT_MS = 2500;

const STALE = Symbol('stale');

export function staleIfError(remote: RemoteJWKSet, refreshWaitMs = REFRESH_WAIT_MS): RemoteJWKSet {
  const keySet = async (...args: Parameters<RemoteJWKSet>) => {
    const cached = remote.jwks();
    const verifying = remote(...args);
    if (!cached) return verifying;
    let timer: NodeJS.Timeout | undefined;
    const slow = new Promise<typeof STALE>((resolve) => (timer = setTimeout(() => resolve(STALE), refreshWaitMs)));
    try {
      const key = await Promise.race([verifying, slow]);
      if (key !== STALE) return key;
      verifying.catch(() => undefined); // the refresh goes on; its outcome is for the next request
    } catch (error) {
      if (!isFetchFailure(error)) throw error;
    } finally {
      clearTimeout(timer);
    }
    return createLocalJWKSet(cached)(...args);
  };
  return Object.defineProperties(keySet, {
    coolingDown: { get: () => remote.coolingDown, enumerable: true },
    fresh: { get: () => remote.fresh, enumerable: true },
    reloading: { get: () => remote.reloading, enumerable: true },
    reload: { value: () => remote.reload(), enumerable: true },
    jwks: { value: () => remote.jwks(), enumerable: true },
  }) as RemoteJWKSet;
}

/** The fetch itself failed (timeout, refused, not a JWKS) — not a verdict about the token. */
function isFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout) return true;
  if (error instanceof errors.JOSEError) return /JSON Web Key Set HTTP response/.test(error.message);
  return error instanceof TypeError; // fetch failed: connection refused, reset
}
