// The pre-minted token pool the load scripts use: many distinct valid tokens per identity, so no
// verification cache can hide the cost of verifying, plus OAuth clients for the refresh script.
//
// k6 reads it from a secret source (`k6 run --secret-source=file=pool.secret`, module k6/secrets),
// never with open(): `k6 archive` bundles every file the init context opens, and an archive gets
// shared. A secret source is read at run time, from outside the archive. k6's file source takes
// one `key=value` per line and silently stops at a line over 64 KiB, so the pool is cut into
// lines: `pool` holds the index (identities, token counts, clients), `tokens.<group>.<chunk>`
// holds a chunk of one identity's tokens separated by spaces (a bearer token has none).

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

/** The pool as `load` mints it. */
export interface TokenPool {
  tokens: PoolToken[];
  clients: PoolClient[];
}

export interface PoolGroup {
  identity: string;
  subject: string;
  /** How many tokens this identity has (in lines `tokens.<group>.<chunk>`). */
  tokens: number;
}

/** The `pool` secret: everything but the tokens themselves. */
export interface PoolIndex {
  version: 2;
  chunkSize: number;
  groups: PoolGroup[];
  clients: PoolClient[];
}

export const POOL_KEY = 'pool';
/** Under k6's 64 KiB line limit with room to spare. */
export const MAX_LINE_BYTES = 48_000;

export function chunkKey(group: number, chunk: number): string {
  return `tokens.${group}.${chunk}`;
}

/** Where the n-th use (rotating) of a group's tokens is: the secret's key and the place in its chunk. */
export function tokenPosition(index: PoolIndex, group: number, n: number): { key: string; offset: number } {
  const count = index.groups[group]?.tokens ?? 0;
  if (count < 1) throw new Error(`token pool: identity #${group} has no tokens`);
  const i = ((n % count) + count) % count;
  return { key: chunkKey(group, Math.floor(i / index.chunkSize)), offset: i % index.chunkSize };
}

export function splitChunk(value: string): string[] {
  return value.split(' ');
}

/** The pool as the lines of a k6 secret file (`--secret-source=file=…`). */
export function poolSecretFile(pool: TokenPool): string {
  const names: string[] = [];
  for (const t of pool.tokens) if (!names.includes(t.identity)) names.push(t.identity);
  const groups = names.map((identity) => pool.tokens.filter((t) => t.identity === identity));
  const longest = Math.max(1, ...pool.tokens.map((t) => t.token.length));
  for (const t of pool.tokens) {
    if (!t.token || /[\s]/.test(t.token)) throw new Error(`token pool: a token of ${t.identity} is empty or contains white space`);
  }
  if (longest + 1 > MAX_LINE_BYTES) throw new Error(`token pool: a token is longer than ${MAX_LINE_BYTES} bytes`);
  const chunkSize = Math.max(1, Math.floor(MAX_LINE_BYTES / (longest + 1)));
  const index: PoolIndex = {
    version: 2,
    chunkSize,
    groups: groups.map((g) => ({ identity: g[0].identity, subject: g[0].subject, tokens: g.length })),
    clients: pool.clients,
  };
  const lines = [`${POOL_KEY}=${JSON.stringify(index)}`];
  if (lines[0].length > MAX_LINE_BYTES) throw new Error('token pool: too many clients for one line of the secret file');
  groups.forEach((g, group) => {
    for (let c = 0; c * chunkSize < g.length; c++) {
      lines.push(`${chunkKey(group, c)}=${g.slice(c * chunkSize, (c + 1) * chunkSize).map((t) => t.token).join(' ')}`);
    }
  });
  return lines.join('\n') + '\n';
}

/** Parses and checks the `pool` secret; errors are one line and never quote a secret. */
export function parsePoolIndex(text: string): PoolIndex {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`token pool: the secret "${POOL_KEY}" is not JSON`);
  }
  const index = raw as Partial<PoolIndex> | null;
  if (!index || typeof index !== 'object' || index.version !== 2 || !Number.isInteger(index.chunkSize) || (index.chunkSize ?? 0) < 1) {
    throw new Error(`token pool: the secret "${POOL_KEY}" must be {"version":2,"chunkSize":N,"groups":[…],"clients":[…]}`);
  }
  const groups = Array.isArray(index.groups) ? index.groups : [];
  const clients = Array.isArray(index.clients) ? index.clients : [];
  groups.forEach((g, i) => {
    if (!g || typeof g.identity !== 'string' || typeof g.subject !== 'string' || !Number.isInteger(g.tokens) || g.tokens < 0) {
      throw new Error(`token pool: groups[${i}] needs identity, subject and a token count`);
    }
  });
  clients.forEach((c, i) => {
    if (!c || typeof c.identity !== 'string' || typeof c.subject !== 'string' || typeof c.clientId !== 'string' || typeof c.clientSecret !== 'string') {
      throw new Error(`token pool: clients[${i}] needs identity, subject, clientId and clientSecret`);
    }
  });
  return { version: 2, chunkSize: index.chunkSize as number, groups, clients };
}

/** The group (identity) a k6 VU (1-based) uses for the whole test. */
export function groupForVu(groups: number, vu: number): number {
  if (groups < 1) throw new Error('token pool: no tokens');
  return (Math.max(1, vu) - 1) % groups;
}

/**
 * How many sessions setup() opens so that VU v can use session (v − 1) mod n opened with a token
 * of its own identity: at least `vus`, a whole multiple of the number of identities.
 */
export function sessionSlots(groups: number, vus: number): number {
  if (groups < 1) throw new Error('token pool: no tokens');
  return Math.ceil(Math.max(1, vus) / groups) * groups;
}

/** The session slot VU v (1-based) uses; its identity matches groupForVu. */
export function slotForVu(slots: number, vu: number): number {
  return (Math.max(1, vu) - 1) % slots;
}

/** Round-robin: the n-th use picks element n mod length. */
export function rotate<T>(list: readonly T[], n: number): T {
  if (!list.length) throw new Error('rotate: empty list');
  return list[((n % list.length) + list.length) % list.length];
}
