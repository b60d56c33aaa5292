import { describe, expect, it } from 'vitest';
import { AuthorizationCodeStore } from './authorization-codes.ts';

const grant = { clientId: 'c', redirectUri: 'http://127.0.0.1/cb', codeChallenge: 'x'.repeat(43), user: { subject: 'alice', roles: [] } };

describe('AuthorizationCodeStore', () => {
  it('redeems a code once; a second redemption is a reuse of the same grant', () => {
    const store = new AuthorizationCodeStore(60);
    const code = store.issue(grant)!;
    const first = store.redeem(code);
    expect(first).toMatchObject({ status: 'ok', grant });
    expect(store.redeem(code)).toEqual({ status: 'reused', grantId: (first as { grantId: string }).grantId });
    expect(store.redeem('never-issued')).toEqual({ status: 'invalid' });
  });

  it('a code is dead once its lifetime is over', () => {
    let now = 1_000_000;
    const store = new AuthorizationCodeStore(60, () => now);
    const late = store.issue(grant)!;
    const inTime = store.issue(grant)!;
    now += 59_999;
    expect(store.redeem(inTime).status).toBe('ok');
    now += 1;
    expect(store.redeem(late)).toEqual({ status: 'invalid' });
  });

  it('codes are distinct and unguessably long', () => {
    const store = new AuthorizationCodeStore(60);
    const codes = new Set(Array.from({ length: 50 }, () => store.issue(grant)));
    expect(codes.size).toBe(50);
    for (const code of codes) expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
