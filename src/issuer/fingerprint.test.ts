import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerCredentials, bearerFingerprint, jwtFingerprints, redactAuthorization, redactJwts } from './fingerprint.ts';

const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';

describe('fingerprints', () => {
  it('bearerFingerprint is sha256: plus 12 hex digits', () => {
    const hex = createHash('sha256').update('tok').digest('hex');
    expect(bearerFingerprint('tok')).toBe('sha256:' + hex.slice(0, 12));
  });

  it('redactAuthorization keeps the scheme, never the credentials', () => {
    expect(redactAuthorization(`Bearer ${jwt}`)).toBe(`<bearer ${bearerFingerprint(jwt)}>`);
    expect(redactAuthorization('Basic dXNlcjpwdw==')).toBe(`<basic ${bearerFingerprint('dXNlcjpwdw==')}>`);
    expect(redactAuthorization(jwt)).toBe(`<credential ${bearerFingerprint(jwt)}>`);
  });

  it('bearerCredentials reads any case of the scheme', () => {
    expect(bearerCredentials(`bearer ${jwt}`)).toBe(jwt);
    expect(bearerCredentials('Basic x')).toBeUndefined();
    expect(bearerCredentials(undefined)).toBeUndefined();
  });

  it('finds and redacts JWT-shaped strings inside text', () => {
    const text = `/canary?access_token=${jwt}&x=1 and "${jwt}.more"`;
    expect(jwtFingerprints(text)).toEqual([bearerFingerprint(jwt), bearerFingerprint(jwt + '.more')]);
    expect(redactJwts(text)).not.toContain(jwt);
    expect(redactJwts(text)).toContain(`<jwt ${bearerFingerprint(jwt)}>`);
  });
});
