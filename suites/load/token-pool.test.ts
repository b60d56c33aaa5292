import { describe, expect, it } from 'vitest';
import { groupByIdentity, groupForVu, identitiesOf, indexesOf, parsePool, rotate } from '../../src/load/model/token-pool.ts';

const pool = {
  version: 1,
  tokens: [
    { identity: 'alice', subject: 'alice', token: 'a1' },
    { identity: 'bob', subject: 'bob', token: 'b1' },
    { identity: 'alice', subject: 'alice', token: 'a2' },
  ],
  clients: [{ identity: 'alice', subject: 'alice', clientId: 'c', clientSecret: 's' }],
};

describe('the token pool', () => {
  it('parses, and gives each VU one identity with its own tokens in rotation', () => {
    const p = parsePool(JSON.stringify(pool));
    expect(identitiesOf(p.tokens)).toEqual(['alice', 'bob']);
    const groups = groupByIdentity(p.tokens);
    expect(groups).toEqual([
      { identity: 'alice', indexes: [0, 2] },
      { identity: 'bob', indexes: [1] },
    ]);
    expect([1, 2, 3, 4].map((vu) => groupForVu(groups, vu).identity)).toEqual(['alice', 'bob', 'alice', 'bob']);
    const alice = indexesOf(p.tokens, 'alice');
    expect([0, 1, 2, 3].map((n) => p.tokens[rotate(alice, n)].token)).toEqual(['a1', 'a2', 'a1', 'a2']);
  });

  it('refuses a malformed pool in one line that quotes no token', () => {
    expect(() => parsePool('nope')).toThrow('token pool: not JSON');
    expect(() => parsePool(JSON.stringify({ tokens: [] }))).toThrow(/version/);
    const bad = { version: 1, tokens: [{ identity: 'alice', token: 'secret-token-value' }] };
    expect(() => parsePool(JSON.stringify(bad))).toThrow('token pool: tokens[0] needs identity, subject and token');
    try {
      parsePool(JSON.stringify(bad));
    } catch (e) {
      expect((e as Error).message).not.toContain('secret-token-value');
    }
  });

  it('has no clients unless given', () => {
    expect(parsePool(JSON.stringify({ version: 1, tokens: [] })).clients).toEqual([]);
  });
});
