// The token pool as the scripts read it: a k6 secret file (key=value lines, read at run time, so
// `k6 archive` cannot bundle it), cut into lines k6's file source can read, each VU with one
// identity, its tokens in rotation, and a setup() session of its own identity.
import { describe, expect, it } from 'vitest';
import {
  groupForVu,
  MAX_LINE_BYTES,
  parsePoolIndex,
  POOL_KEY,
  poolSecretFile,
  rotate,
  sessionSlots,
  slotForVu,
  splitChunk,
  tokenPosition,
  type TokenPool,
} from '../../src/load/model/token-pool.ts';

/** What k6's `file` secret source reads: `key=value` per line, cut at the first `=`; bufio.Scanner stops at a line over 64 KiB. */
function k6SecretSource(text: string): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const line of text.split('\n').slice(0, -1)) {
    if (Buffer.byteLength(line) > 64 * 1024) break;
    const at = line.indexOf('=');
    if (at < 0) throw new Error(`parsing ${JSON.stringify(line)}, needs =`);
    secrets.set(line.slice(0, at), line.slice(at + 1));
  }
  return secrets;
}

function tokenAt(secrets: Map<string, string>, group: number, n: number): string {
  const index = parsePoolIndex(String(secrets.get(POOL_KEY)));
  const at = tokenPosition(index, group, n);
  return splitChunk(String(secrets.get(at.key)))[at.offset];
}

const pool: TokenPool = {
  tokens: [
    { identity: 'alice', subject: 'alice', token: 'a1' },
    { identity: 'bob', subject: 'bob', token: 'b1' },
    { identity: 'alice', subject: 'alice', token: 'a2=x' },
  ],
  clients: [{ identity: 'alice', subject: 'alice', clientId: 'c', clientSecret: 's' }],
};

describe('the token pool as a k6 secret file', () => {
  it('gives each identity its own tokens in rotation, and the clients', () => {
    const secrets = k6SecretSource(poolSecretFile(pool));
    const index = parsePoolIndex(String(secrets.get(POOL_KEY)));
    expect(index.groups).toEqual([
      { identity: 'alice', subject: 'alice', tokens: 2 },
      { identity: 'bob', subject: 'bob', tokens: 1 },
    ]);
    expect(index.clients).toEqual(pool.clients);
    expect([0, 1, 2, 3].map((n) => tokenAt(secrets, 0, n))).toEqual(['a1', 'a2=x', 'a1', 'a2=x']);
    expect(tokenAt(secrets, 1, 7)).toBe('b1');
  });

  it('keeps every line readable by k6 with 20 000 long tokens, and every token reachable', () => {
    const big: TokenPool = { tokens: [], clients: [] };
    for (let i = 0; i < 20_000; i++) big.tokens.push({ identity: `id${i % 4}`, subject: `id${i % 4}`, token: `eyJ${String(i).padStart(6, '0')}${'x'.repeat(900)}` });
    const text = poolSecretFile(big);
    for (const line of text.split('\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES + 64);
    const secrets = k6SecretSource(text);
    const byIdentity = (g: number) => big.tokens.filter((t) => t.identity === `id${g}`).map((t) => t.token);
    for (const g of [0, 3]) {
      const want = byIdentity(g);
      for (const n of [0, 1, 52, 53, 4_999, 5_000, 12_345]) expect(tokenAt(secrets, g, n)).toBe(rotate(want, n));
    }
  });

  it('refuses a token it cannot carry, and a malformed index in one line that quotes no secret', () => {
    expect(() => poolSecretFile({ tokens: [{ identity: 'a', subject: 'a', token: 'two words' }], clients: [] })).toThrow(/white space/);
    expect(() => parsePoolIndex('nope')).toThrow('token pool: the secret "pool" is not JSON');
    expect(() => parsePoolIndex(JSON.stringify({ version: 1, tokens: [] }))).toThrow(/version":2/);
    const bad = JSON.stringify({ version: 2, chunkSize: 5, groups: [], clients: [{ identity: 'a', clientSecret: 'secret-value' }] });
    expect(() => parsePoolIndex(bad)).toThrow('token pool: clients[0] needs identity, subject, clientId and clientSecret');
    expect(() => parsePoolIndex(bad)).not.toThrow(/secret-value/);
  });
});

describe('VUs, identities and setup() sessions', () => {
  it('gives every VU a session opened with a token of its own identity', () => {
    for (const [groups, vus] of [[4, 10], [3, 50], [1, 7], [5, 5]]) {
      const slots = sessionSlots(groups, vus);
      expect(slots).toBeGreaterThanOrEqual(vus);
      // setup() opens slot s with a token of group groupForVu(groups, s + 1)
      for (let vu = 1; vu <= 3 * vus; vu++) expect(groupForVu(groups, slotForVu(slots, vu) + 1)).toBe(groupForVu(groups, vu));
    }
  });
});
