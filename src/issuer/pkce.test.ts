import { describe, expect, it } from 'vitest';
import { isS256Challenge, s256Challenge, verifierMatches } from './pkce.ts';

// RFC 7636 Appendix B.
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE S256', () => {
  it('matches the RFC 7636 example', () => {
    expect(s256Challenge(verifier)).toBe(challenge);
    expect(isS256Challenge(challenge)).toBe(true);
    expect(verifierMatches(verifier, challenge)).toBe(true);
  });

  it('refuses another verifier, the challenge itself (plain), and malformed verifiers', () => {
    expect(verifierMatches(verifier.replace('d', 'e'), challenge)).toBe(false);
    expect(verifierMatches(challenge, challenge)).toBe(false);
    expect(verifierMatches('short', s256Challenge('short'))).toBe(false);
    const long = 'a'.repeat(129);
    expect(verifierMatches(long, s256Challenge(long))).toBe(false);
    const spaced = 'a'.repeat(42) + ' ';
    expect(verifierMatches(spaced, s256Challenge(spaced))).toBe(false);
  });

  it('a challenge is 43 base64url characters', () => {
    expect(isS256Challenge(challenge + 'A')).toBe(false);
    expect(isS256Challenge(challenge.slice(1) + '=')).toBe(false);
  });
});
