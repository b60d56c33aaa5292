import { describe, expect, it } from 'vitest';
import { accessClaims, formatRoles } from './access-claims.ts';

const base = { issuer: 'http://127.0.0.1:1', audience: 'http://127.0.0.1:2/mcp', ttlSeconds: 60, now: 1000 };

describe('accessClaims', () => {
  it('defaults to sub / roles array / username', () => {
    const claims = accessClaims({ ...base, subject: 'alice', roles: ['admin', 'reader'], username: 'Alice' });
    expect(claims).toEqual({
      iss: base.issuer,
      aud: base.audience,
      sub: 'alice',
      roles: ['admin', 'reader'],
      username: 'Alice',
      iat: 1000,
      exp: 1060,
      jti: expect.any(String),
    });
  });

  it('follows the claims mapping', () => {
    const claims = accessClaims({
      ...base,
      subject: 'u1',
      roles: ['a', 'b'],
      mapping: { subject: 'user_id', roles: 'scope', rolesFormat: 'space' },
    });
    expect(claims).toMatchObject({ user_id: 'u1', scope: 'a b' });
    expect(claims).not.toHaveProperty('sub');
    expect(claims).not.toHaveProperty('username');
  });

  it('formats roles', () => {
    expect(formatRoles(['a', 'b'])).toEqual(['a', 'b']);
    expect(formatRoles(['a', 'b'], 'space')).toBe('a b');
    expect(formatRoles(['a', 'b'], 'string')).toBe('a');
    expect(formatRoles([], 'string')).toBeUndefined();
  });

  it('gives every token its own jti', () => {
    const a = accessClaims({ ...base, subject: 's', roles: [] });
    const b = accessClaims({ ...base, subject: 's', roles: [] });
    expect(a.jti).not.toBe(b.jti);
  });
});

describe('token shape', () => {
  const base = { issuer: 'http://as', audience: 'http://rs/mcp', subject: 'alice', roles: ['user'], ttlSeconds: 60, now: 1000 };

  it('carries aud, iss, exp, iat and jti by default, no nbf', () => {
    expect(Object.keys(accessClaims(base)).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'roles', 'sub']);
  });

  it('leaves out what the shape turns off, adds nbf and fixed extra claims', () => {
    const claims = accessClaims({ ...base, shape: { aud: false, iss: false, exp: false, jti: false, nbf: true, extra: { tenant: 'acme' } } });
    expect(claims).toEqual({ tenant: 'acme', sub: 'alice', roles: ['user'], iat: 1000, nbf: 1000 });
  });
});
