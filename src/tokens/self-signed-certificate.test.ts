import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SIGNING_ALGS, generateSigningKey } from './keys.ts';
import { certificatePem, selfSignedCertificate } from './self-signed-certificate.ts';

describe('selfSignedCertificate', () => {
  for (const alg of SIGNING_ALGS) {
    it(`makes a certificate node:crypto (OpenSSL) parses and verifies, for an ${alg} key`, () => {
      const key = generateSigningKey(alg);
      const der = selfSignedCertificate(key.privateKey, key.publicKey, { commonName: 'attacker.example' });
      const cert = new crypto.X509Certificate(der);
      expect(cert.subject).toBe('CN=attacker.example');
      expect(cert.issuer).toBe('CN=attacker.example');
      expect(cert.verify(key.publicKey)).toBe(true);
      expect(cert.checkIssued(cert)).toBe(true);
      expect(cert.publicKey.export({ format: 'jwk' })).toEqual(key.publicKey.export({ format: 'jwk' }));
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now());
      expect(new crypto.X509Certificate(certificatePem(der)).fingerprint256).toBe(cert.fingerprint256);
    });
  }

  it('is not verified by another key', () => {
    const key = generateSigningKey('ES256');
    const cert = new crypto.X509Certificate(selfSignedCertificate(key.privateKey, key.publicKey, { commonName: 'a' }));
    expect(cert.verify(generateSigningKey('ES256').publicKey)).toBe(false);
  });
});
