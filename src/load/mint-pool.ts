// Mints the load scripts' token pool: many distinct valid tokens per identity (each with its own
// jti), long-lived enough for the whole test, plus one registered OAuth client per identity for
// the refresh script. Every token and client secret goes through the forge, so reports redact it.
import type { Identity } from '../check.ts';
import type { Issuer } from '../issuer/issuer.ts';
import { generateSecret } from '../tokens/keys.ts';
import type { Forge } from '../tokens/forge.ts';
import type { PoolClient, PoolToken, TokenPool } from './model/token-pool.ts';

export interface PoolOptions {
  identities: Identity[];
  tokensPerIdentity: number;
  ttlSeconds: number;
  clients: boolean;
}

/** The configured identities, topped up with generated ones (load-user-N) to `count`. */
export function loadIdentities(configured: Identity[], count: number): Identity[] {
  const out = [...configured];
  for (let n = out.length + 1; out.length < count; n++) out.push({ name: `load-user-${n}`, subject: `load-user-${n}`, roles: ['user'], username: `load-user-${n}` });
  return out;
}

export async function mintPool(forge: Forge, issuer: Issuer, opts: PoolOptions): Promise<TokenPool> {
  const exp = Math.floor(Date.now() / 1000) + opts.ttlSeconds;
  const tokens: PoolToken[] = [];
  for (let i = 0; i < opts.tokensPerIdentity; i++) {
    for (const identity of opts.identities) {
      tokens.push({ identity: identity.name, subject: identity.subject, token: await forge.valid(identity, { claims: { exp } }) });
    }
  }
  const clients: PoolClient[] = [];
  if (opts.clients) {
    for (const identity of opts.identities) {
      const client = { clientId: `load-${identity.name}-${generateSecret(6)}`, clientSecret: forge.keep(generateSecret()) };
      issuer.registerClient({ ...client, subject: identity.subject, roles: identity.roles, username: identity.username });
      clients.push({ identity: identity.name, subject: identity.subject, ...client });
    }
  }
  return { tokens, clients };
}
