import { describe, expect, it } from 'vitest';
import { catalogue } from '../../scenarios/index.ts';
import { profilesFor } from './profile-support.ts';

const profilesOf = (id: string) => profilesFor(catalogue.find((c) => c.id === id)!.needs);

describe('the profiles a check runs under', () => {
  it('follow from its needs', () => {
    expect(profilesOf('claims.aud.foreign')).toEqual(['jwks', 'hs256']); // re-signed claims
    expect(profilesOf('signature.foreign-key')).toEqual(['jwks', 'oauth', 'static']); // a real token, a foreign key
    expect(profilesOf('signature.hmac-weak-secret')).toEqual(['hs256']);
    expect(profilesOf('claims.exp.expired')).toEqual(['jwks', 'hs256', 'oauth']); // oauth waits a real token out
    expect(profilesOf('headers.missing.refused')).toEqual(['jwks', 'hs256', 'oauth', 'static']);
    expect(profilesOf('signature.kid-flood')).toEqual(['jwks']); // counts fetches of the harness's JWKS
  });
});
