// The forge under oauth, working from real tokens of a real IdP (oidc-provider in process).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from '../../fixtures/idp/provider.ts';
import { startIssuer, type Issuer } from '../issuer/issuer.ts';
import { CannotForge, OPAQUE_REASON, RESIGN_REASON } from './cannot-forge.ts';
import { connectIdp } from './connect-idp.ts';
import { fetchIdpKeys } from './idp-keys.ts';
import { viewJwt } from './jwt-view.ts';
import { RealTokenForge } from './real-token-forge.ts';

const RESOURCE = 'http://127.0.0.1:7/mcp';
const SECRET = randomBytes(18).toString('base64url');
const alice = { name: 'alice', subject: 'alice', roles: ['user'] };
let idp: RunningIdp;
let issuer: Issuer;

beforeAll(async () => {
  idp = await startIdp({ resource: RESOURCE, clients: [{ id: 'alice', secret: SECRET, roles: ['user'] }], accessTokenTtlSeconds: 2 });
  issuer = await startIssuer({ resource: RESOURCE, alg: 'RS256' });
});
afterAll(async () => {
  await idp?.close();
  await issuer?.close();
});

async function forgeFor(extra: { resource?: false; tokenTtlSeconds?: number } = {}) {
  const connected = await connectIdp({ profile: 'oauth', issuer: idp.issuer, ...extra }, [{ name: 'alice', client: { id: 'alice', secret: SECRET } }], { resource: RESOURCE, secrets: new Set() });
  const forge = new RealTokenForge(issuer, { sources: connected.sources, idpKeys: await fetchIdpKeys(connected.jwksUrl!, 5000), tokenTtlSeconds: extra.tokenTtlSeconds, clockSkewSeconds: 0 });
  await forge.prepare([alice]);
  return forge;
}

const reason = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e instanceof CannotForge ? e.reason : `not CannotForge: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('RealTokenForge', () => {
  it("hands out the IdP's own token and builds forgeries from its parts", async () => {
    const forge = await forgeFor();
    const token = await forge.valid(alice);
    const real = viewJwt(token)!;
    expect(forge.isJwt).toBe(true);
    expect([forge.alg, forge.kid]).toEqual([real.header.alg, real.header.kid]);
    // The trusted signer reproduces only what the IdP signed.
    expect(forge.raw(forge.header(), forge.claimsFor(alice), { kind: 'trusted' })).toBe(token);
    const none = viewJwt(forge.raw(forge.header({ alg: 'none' }), forge.claimsFor(alice), { kind: 'none' }))!;
    expect(none.payload).toEqual(real.payload);
    expect(none.header).toEqual({ ...real.header, alg: 'none' });
    expect(forge.minted.has(token)).toBe(true);
  });

  it('refuses what needs the private key, with the reason a skip shows', async () => {
    const forge = await forgeFor();
    expect(await reason(forge.valid(alice, { claims: { aud: 'https://other.example' } }))).toBe(RESIGN_REASON);
    expect(await reason(() => forge.raw(forge.header({ crit: ['x'] }), forge.claimsFor(alice), { kind: 'trusted' }))).toBe(RESIGN_REASON);
    expect(await reason(() => forge.expired(alice))).toMatch(/set auth\.tokenTtlSeconds/);
  });

  it("exposes the IdP's published key that signed its tokens", async () => {
    const forge = await forgeFor();
    const jwks = (await (await fetch(idp.jwksUrl)).json()) as { keys: { kid: string; n?: string }[] };
    const published = jwks.keys.find((k) => k.kid === forge.kid)!;
    expect(forge.trustedPublicKey().export({ format: 'jwk' }).n).toBe(published.n);
  });

  it('gives a fresh token on request, and a real expired one by waiting out a short-lived token', async () => {
    const forge = await forgeFor({ tokenTtlSeconds: 2 });
    const first = await forge.valid(alice);
    expect(await forge.fresh(alice)).not.toBe(first);
    const expired = await forge.expired(alice);
    const exp = viewJwt(expired)!.payload.exp as number;
    // Past exp plus skew (0) plus the 2 s margin, and not much later: it waits once, for that token.
    // (Timers never fire early; a busy machine only makes them late.)
    const pastDeadline = Date.now() - (exp * 1000 + 2000);
    expect(pastDeadline).toBeGreaterThanOrEqual(0);
    expect(pastDeadline).toBeLessThan(5000);
    expect(await forge.expired(alice)).toBe(expired); // one wait serves every expiry check
  });

  it('with opaque tokens, the JWT forgeries are refused with the reason', async () => {
    const forge = await forgeFor({ resource: false });
    expect(forge.isJwt).toBe(false);
    expect(await reason(() => forge.header())).toBe(OPAQUE_REASON);
    expect(await forge.valid(alice)).toMatch(/^[\w-]{20,}$/);
  });
});
