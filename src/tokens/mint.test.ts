import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSecret, generateSigningKey, SIGNING_ALGS } from './keys.ts';
import { mint } from './mint.ts';

describe('mint', () => {
  it.each(SIGNING_ALGS)('%s: verifies with the public key; claims as given', async (alg) => {
    const key = generateSigningKey(alg);
    const token = await mint(key, { sub: 'alice', roles: ['reader'] });
    const { payload, protectedHeader } = await jwtVerify(token, key.publicKey, { algorithms: [alg] });
    expect(payload).toEqual({ sub: 'alice', roles: ['reader'] });
    expect(protectedHeader).toEqual({ alg, kid: key.kid, typ: 'JWT' });
  });

  it('merges the header over the defaults', async () => {
    const key = generateSigningKey('ES256');
    const token = await mint(key, {}, { typ: 'rt+jwt', kid: 'other', x: 1 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: 'other', typ: 'rt+jwt', x: 1 });
  });

  it('HS256 signs with the UTF-8 bytes of the secret and omits an absent kid', async () => {
    const secret = generateSecret();
    const token = await mint({ alg: 'HS256', secret }, { sub: 'bob' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret));
    expect(payload.sub).toBe('bob');
  });
});
