import { describe, expect, it } from 'vitest';
import { generateSecret, generateSigningKey, SIGNING_ALGS } from './keys.ts';

describe('generateSigningKey', () => {
  it.each(SIGNING_ALGS)('%s: public JWK carries kid, alg, use and no private part', (alg) => {
    const key = generateSigningKey(alg, 'k1');
    expect(key).toMatchObject({ alg, kid: 'k1' });
    expect(key.publicJwk).toMatchObject({ kid: 'k1', alg, use: 'sig' });
    expect(key.publicJwk.kty).toBe({ ES256: 'EC', RS256: 'RSA', EdDSA: 'OKP' }[alg]);
    expect(key.publicJwk.d).toBeUndefined();
    expect(key.privateKey.type).toBe('private');
    expect(key.publicKey.type).toBe('public');
  });

  it('picks a random url-safe kid by default', () => {
    const a = generateSigningKey('ES256');
    const b = generateSigningKey('ES256');
    expect(a.kid).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(a.kid).not.toBe(b.kid);
  });
});

describe('generateSecret', () => {
  it('is base64url of the requested byte length', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(Buffer.from(generateSecret(48), 'base64url')).toHaveLength(48);
    expect(generateSecret()).not.toBe(secret);
  });
});
