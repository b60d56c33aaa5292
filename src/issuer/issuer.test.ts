import { X509Certificate } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNING_ALGS } from '../tokens/keys.ts';
import { mint } from '../tokens/mint.ts';
import { bearerFingerprint, canarySawToken, startIssuer } from './issuer.ts';
import type { Issuer, IssuerOptions } from './issuer.ts';

const resource = 'http://127.0.0.1:9/mcp';
const started: Issuer[] = [];

async function issuerWith(opts: Partial<IssuerOptions> = {}): Promise<Issuer> {
  const issuer = await startIssuer({ resource, ...opts });
  started.push(issuer);
  return issuer;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((i) => i.close()));
});

async function jwksKids(issuer: Issuer): Promise<string[]> {
  const body = (await (await fetch(issuer.jwksUrl)).json()) as { keys: { kid: string }[] };
  return body.keys.map((k) => k.kid);
}

describe('startIssuer', () => {
  it.each(SIGNING_ALGS)('%s: minted access tokens verify against the served JWKS', async (alg) => {
    const issuer = await issuerWith({ alg });
    const token = await issuer.mintAccess('alice', ['reader'], { username: 'Alice' });
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUrl)), {
      issuer: issuer.url,
      audience: resource,
      algorithms: [alg],
    });
    expect(protectedHeader).toMatchObject({ alg, kid: issuer.signingKey.kid, typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'alice', roles: ['reader'], username: 'Alice' });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(issuer.counters.jwks).toBe(1);
  });

  it('publishes the signing key and a spare, never the attacker key', async () => {
    const issuer = await issuerWith();
    expect(await jwksKids(issuer)).toEqual([issuer.signingKey.kid, issuer.spareKey.kid]);
    expect(issuer.attackerKey.alg).toBe(issuer.signingKey.alg);
    const attacker = (await (await fetch(issuer.attackerJwksUrl)).json()) as { keys: { kid: string }[] };
    expect(attacker.keys.map((k) => k.kid)).toEqual([issuer.attackerKey.kid]);
    expect(issuer.counters).toMatchObject({ jwks: 1, attackerJwks: 1 });
  });

  it("hosts the attacker key's self-signed certificate for x5u, and counts its fetches", async () => {
    const issuer = await issuerWith();
    const answer = await fetch(issuer.attackerX5uUrl);
    const cert = new X509Certificate(await answer.text());
    expect(cert.fingerprint256).toBe(new X509Certificate(issuer.attackerCertificate).fingerprint256);
    expect(cert.publicKey.export({ format: 'jwk' })).toEqual(issuer.attackerKey.publicKey.export({ format: 'jwk' }));
    expect(cert.checkIssued(cert)).toBe(true);
    expect(issuer.counters).toMatchObject({ jwks: 0, attackerX5u: 1 });
  });

  it('serves RFC 8414 metadata, the same as OpenID Connect discovery', async () => {
    const issuer = await issuerWith({
      clients: [{ clientId: 'c', clientSecret: 's', subject: 'carol', roles: ['writer', 'reader'] }],
      users: [{ subject: 'dave', roles: ['admin'] }],
    });
    expect(issuer.metadataUrl).toBe(issuer.url + '/.well-known/oauth-authorization-server');
    expect(issuer.openidConfigurationUrl).toBe(issuer.url + '/.well-known/openid-configuration');
    const res = await fetch(issuer.metadataUrl);
    expect(res.headers.get('content-type')).toBe('application/json');
    const metadata = await res.json();
    expect(metadata).toEqual({
      issuer: issuer.url,
      authorization_endpoint: issuer.authorizationUrl,
      token_endpoint: issuer.tokenUrl,
      jwks_uri: issuer.jwksUrl,
      registration_endpoint: issuer.registrationUrl,
      scopes_supported: ['admin', 'reader', 'writer'],
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
      subject_types_supported: ['public'],
    });
    expect(await (await fetch(issuer.openidConfigurationUrl)).json()).toEqual(metadata);
    expect(issuer.counters.metadata).toBe(2);
  });

  it('rotateKeys keeps the old key published until removeKey', async () => {
    const issuer = await issuerWith();
    const first = issuer.signingKey;
    const oldToken = await issuer.mintAccess('alice', []);
    issuer.rotateKeys();
    expect(issuer.signingKey.kid).not.toBe(first.kid);
    expect(issuer.previousKey).toBe(first);
    expect(decodeProtectedHeader(await issuer.mintAccess('alice', [])).kid).toBe(issuer.signingKey.kid);
    expect(await jwksKids(issuer)).toEqual([issuer.signingKey.kid, first.kid, issuer.spareKey.kid]);

    issuer.removeKey(first.kid);
    expect(issuer.previousKey).toBeUndefined();
    expect(await jwksKids(issuer)).toEqual([issuer.signingKey.kid, issuer.spareKey.kid]);
    await expect(jwtVerify(oldToken, createRemoteJWKSet(new URL(issuer.jwksUrl)))).rejects.toThrow();
  });

  it('addKey publishes a key it does not sign with, until removeKey', async () => {
    const issuer = await issuerWith();
    const signing = issuer.signingKey;
    const added = issuer.addKey();
    expect(issuer.signingKey).toBe(signing);
    expect(decodeProtectedHeader(await issuer.mintAccess('alice', [])).kid).toBe(signing.kid);
    expect(await jwksKids(issuer)).toEqual([signing.kid, added.kid, issuer.spareKey.kid]);
    issuer.removeKey(added.kid);
    expect(await jwksKids(issuer)).toEqual([signing.kid, issuer.spareKey.kid]);
  });

  it('follows the claims mapping', async () => {
    const issuer = await issuerWith({ claims: { subject: 'user_id', roles: 'role', rolesFormat: 'string' } });
    const claims = issuer.accessClaims('u1', ['admin', 'reader'], undefined, 10);
    expect(claims).toMatchObject({ iss: issuer.url, aud: resource, user_id: 'u1', role: 'admin' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(10);
  });

  it('refuses a non-loopback host', async () => {
    await expect(startIssuer({ resource, host: '0.0.0.0' })).rejects.toThrow(/non-loopback/);
    await expect(startIssuer({ resource, host: '192.168.1.10' })).rejects.toThrow(/non-loopback/);
  });

  it('has a fresh hs256 secret and fresh keys per start', async () => {
    const [a, b] = [await issuerWith(), await issuerWith()];
    expect(a.hs256Secret).not.toBe(b.hs256Secret);
    expect(a.signingKey.kid).not.toBe(b.signingKey.kid);
    expect(a.url).not.toBe(b.url);
  });

  it('answers unknown paths 404 and close() is idempotent', async () => {
    const issuer = await issuerWith();
    expect((await fetch(issuer.url + '/nope')).status).toBe(404);
    await issuer.close();
    await issuer.close();
  });
});

describe('canary', () => {
  it('records any method and path below /canary, with the bearer redacted', async () => {
    const issuer = await issuerWith();
    const token = await issuer.mintAccess('alice', ['reader']);
    const res = await fetch(issuer.canaryUrl + '/api/v1/items?x=1', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(res.status).toBe(200);
    await fetch(issuer.canaryUrl);

    expect(issuer.counters.canary).toBe(2);
    expect(issuer.canaryHits).toHaveLength(2);
    expect(issuer.canaryHits[0]).toMatchObject({
      method: 'POST',
      path: '/canary/api/v1/items?x=1',
      authorization: `<bearer ${bearerFingerprint(token)}>`,
      bearerFingerprint: bearerFingerprint(token),
    });
    expect(issuer.canaryHits[1]).toMatchObject({ method: 'GET', path: '/canary' });
    expect(issuer.canaryHits[1]!.authorization).toBeUndefined();
    expect(JSON.stringify(issuer.canaryHits)).not.toContain(token);
    expect(canarySawToken(issuer.canaryHits, token)).toBe(true);
  });

  it('spots a token forwarded outside Authorization, without storing it', async () => {
    const issuer = await issuerWith();
    const inQuery = await issuer.mintAccess('a', []);
    const inHeader = await issuer.mintAccess('b', []);
    const inBody = await mint(issuer.signingKey, { sub: 'c' });
    await fetch(`${issuer.canaryUrl}/x?access_token=${inQuery}`, {
      method: 'POST',
      headers: { 'x-forwarded-access-token': inHeader },
      body: JSON.stringify({ token: inBody }),
    });
    const stored = JSON.stringify(issuer.canaryHits);
    for (const token of [inQuery, inHeader, inBody]) {
      expect(stored).not.toContain(token);
      expect(canarySawToken(issuer.canaryHits, token)).toBe(true);
    }
    expect(canarySawToken(issuer.canaryHits, await issuer.mintAccess('d', []))).toBe(false);
  });

  it('resetCounters zeroes counters and forgets hits', async () => {
    const issuer = await issuerWith();
    await fetch(issuer.canaryUrl);
    await fetch(issuer.jwksUrl);
    await fetch(issuer.tokenUrl);
    expect(issuer.counters).toEqual({ jwks: 1, attackerJwks: 0, attackerX5u: 0, token: 1, canary: 1, metadata: 0, authorize: 0, register: 0 });
    issuer.resetCounters();
    expect(issuer.counters).toEqual({ jwks: 0, attackerJwks: 0, attackerX5u: 0, token: 0, canary: 0, metadata: 0, authorize: 0, register: 0 });
    expect(issuer.canaryHits).toEqual([]);
  });
});
