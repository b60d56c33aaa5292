// The pre-minted token pool the load scripts read (k6: SharedArray, from TOKEN_FILE or TOKENS):
// many distinct valid tokens per identity, so no verification cache can hide the cost of
// verifying, plus OAuth clients for the refresh script. The file is a secret: `load` writes it
// into a private temp dir and deletes it afterwards.

export interface PoolToken {
  identity: string;
  /** What the identity oracle must answer for this token. */
  subject: string;
  token: string;
}

export interface PoolClient {
  identity: string;
  subject: string;
  clientId: string;
  clientSecret: string;
}

export interface TokenPool {
  version: 1;
  tokens: PoolToken[];
  clients: PoolClient[];
}

/** Parses and checks a pool; errors are one line and never quote a token. */
export function parsePool(text: string): TokenPool {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('token pool: not JSON');
  }
  const pool = raw as Partial<TokenPool> | null;
  if (!pool || typeof pool !== 'object' || pool.version !== 1) throw new Error('token pool: expected {"version":1,"tokens":[…]}');
  const tokens = Array.isArray(pool.tokens) ? pool.tokens : [];
  const clients = Array.isArray(pool.clients) ? pool.clients : [];
  tokens.forEach((t, i) => {
    if (!t || typeof t.identity !== 'string' || typeof t.subject !== 'string' || typeof t.token !== 'string' || !t.token) {
      throw new Error(`token pool: tokens[${i}] needs identity, subject and token`);
    }
  });
  clients.forEach((c, i) => {
    if (!c || typeof c.identity !== 'string' || typeof c.subject !== 'string' || typeof c.clientId !== 'string' || typeof c.clientSecret !== 'string') {
      throw new Error(`token pool: clients[${i}] needs identity, subject, clientId and clientSecret`);
    }
  });
  return { version: 1, tokens, clients };
}

/** Distinct identity names, in pool order. */
export function identitiesOf(entries: ArrayLike<{ identity: string }>): string[] {
  const seen: string[] = [];
  for (let i = 0; i < entries.length; i++) if (!seen.includes(entries[i].identity)) seen.push(entries[i].identity);
  return seen;
}

/** Indexes of the entries that belong to `identity`. */
export function indexesOf(entries: ArrayLike<{ identity: string }>, identity: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < entries.length; i++) if (entries[i].identity === identity) out.push(i);
  return out;
}

/** Each identity with the indexes of its tokens: computed once in k6's init context (SharedArray). */
export function groupByIdentity(entries: ArrayLike<{ identity: string }>): { identity: string; indexes: number[] }[] {
  return identitiesOf(entries).map((identity) => ({ identity, indexes: indexesOf(entries, identity) }));
}

/** The group a k6 VU (1-based) uses for the whole test. */
export function groupForVu<T>(groups: ArrayLike<T>, vu: number): T {
  if (!groups.length) throw new Error('token pool: no tokens');
  return groups[(Math.max(1, vu) - 1) % groups.length];
}

/** Round-robin: the n-th use picks element n mod length. */
export function rotate<T>(list: readonly T[], n: number): T {
  if (!list.length) throw new Error('rotate: empty list');
  return list[((n % list.length) + list.length) % list.length];
}
