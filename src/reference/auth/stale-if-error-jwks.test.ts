// The flaky positive control of suites/flaws.test.ts (issue 15 item 9): the reference refused
// valid tokens when a JWKS refresh timed out on a busy machine. It now verifies with the keys it
// has until a refresh gets through. The IdP is simulated by jose's fetch hook, so the timeout is
// certain rather than a matter of machine load.
import { createRemoteJWKSet, customFetch, exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { expect, it } from 'vitest';
import { staleIfError } from './stale-if-error-jwks.ts';

/** An IdP that answers with `jwks` until `stall()`, then only with timeouts. */
function idp(jwks: object) {
  let stalled = false;
  let fetches = 0;
  const fetch = async () => {
    fetches++;
    if (stalled) throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    return Response.json(jwks);
  };
  return { fetch, stall: () => void (stalled = true), fetches: () => fetches };
}

it('a refresh that times out does not turn a valid token away', async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const issuer = idp({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign(privateKey);
  const remote = createRemoteJWKSet(new URL('http://127.0.0.1:9/jwks.json'), { cacheMaxAge: 20, [customFetch]: issuer.fetch });
  const keys = staleIfError(remote);

  await jwtVerify(token, keys); // first fetch: keys cached
  issuer.stall();
  await new Promise((r) => setTimeout(r, 50)); // the cache is now older than its max age

  await expect(jwtVerify(token, remote), 'jose alone refuses the valid token').rejects.toThrow(/timed out/);
  await expect(jwtVerify(token, keys)).resolves.toMatchObject({ payload: { sub: 'alice' } });
  expect(issuer.fetches()).toBe(3); // it did try to refresh, each time
});

it('with nothing cached, a failed fetch still fails', async () => {
  const issuer = idp({ keys: [] });
  issuer.stall();
  const { privateKey } = await generateKeyPair('ES256');
  const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
  const keys = staleIfError(createRemoteJWKSet(new URL('http://127.0.0.1:9/jwks.json'), { [customFetch]: issuer.fetch }));
  await expect(jwtVerify(token, keys)).rejects.toThrow(/timed out/);
});

it('a refresh that is only slow holds a request back at most the refresh wait, then the keys it has verify', async () => {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] };
  let slow = false;
  const fetch = async () => {
    if (slow) await new Promise((r) => setTimeout(r, 3000));
    return Response.json(jwks);
  };
  const token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
  const keys = staleIfError(createRemoteJWKSet(new URL('http://127.0.0.1:9/jwks.json'), { cacheMaxAge: 20, [customFetch]: fetch }), 100);
  await jwtVerify(token, keys);
  slow = true;
  await new Promise((r) => setTimeout(r, 50));
  const started = performance.now();
  await expect(jwtVerify(token, keys)).resolves.toMatchObject({ payload: { sub: 'alice' } });
  expect(performance.now() - started).toBeLessThan(2000);
});

it('a token the keys refuse is still refused', async () => {
  const { publicKey } = await generateKeyPair('ES256');
  const other = await generateKeyPair('ES256');
  const issuer = idp({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] });
  const keys = staleIfError(createRemoteJWKSet(new URL('http://127.0.0.1:9/jwks.json'), { cacheMaxAge: 20, [customFetch]: issuer.fetch }));
  const forged = await new SignJWT({ sub: 'mallory' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(other.privateKey);
  await expect(jwtVerify(forged, keys)).rejects.toThrow(/signature verification failed/);
  issuer.stall();
  await new Promise((r) => setTimeout(r, 50));
  await expect(jwtVerify(forged, keys)).rejects.toThrow(/signature verification failed/);
});
