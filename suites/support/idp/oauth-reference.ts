// The embedded reference trusting a real IdP (the test IdP, oidc-provider) instead of the harness:
// the harness config for profiles oauth and static, built on the reference's own (identities,
// RBAC, sessions, upstream). Client secrets and keys reach the harness only through ${env.NAME}.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ConfigInput } from '../../../src/config/config.ts';
import { referenceConfig } from '../../../src/reference/harness-config.ts';
import type { IdpSetup } from './start-idp.ts';

/** Clock skew the reference is told to allow, and the harness to expect: small, so the expiry checks wait little. */
export const SKEW_SECONDS = 2;
/** Lifetime of the IdP's access tokens: short, so the expiry checks wait a real token out. */
export const TOKEN_TTL_SECONDS = 8;

/** Per-run client credentials, as a CI job would hold them: in environment variables. */
export function clientCredentials(prefix = 'OAUTH_SUITE'): { env: Record<string, string>; setup: IdpSetup } {
  const root = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const env = {
    [`${prefix}_ALICE_SECRET`]: randomBytes(24).toString('base64url'),
    [`${prefix}_BOB_SECRET`]: randomBytes(24).toString('base64url'),
    [`${prefix}_GUEST_SECRET`]: randomBytes(24).toString('base64url'),
    [`${prefix}_ROOT_KEY`]: root.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const setup: IdpSetup = {
    resource: 'http://127.0.0.1:*/mcp',
    clients: [
      { id: 'alice', secret: env[`${prefix}_ALICE_SECRET`], roles: ['user'] },
      { id: 'root', jwk: { ...root.publicKey.export({ format: 'jwk' }), kid: 'root-key-1', alg: 'ES256', use: 'sig' }, roles: ['user', 'admin', 'auditor'] },
      { id: 'bob', secret: env[`${prefix}_BOB_SECRET`], auth: 'client_secret_post', roles: ['user'] },
      { id: 'guest', secret: env[`${prefix}_GUEST_SECRET`], roles: [] },
    ],
    accessTokenTtlSeconds: TOKEN_TTL_SECONDS,
  };
  return { env, setup };
}

export function oauthReferenceConfig(issuer: string, opts: { flaw?: string; prefix?: string; env?: Record<string, string> } = {}): ConfigInput {
  const prefix = opts.prefix ?? 'OAUTH_SUITE';
  const base = referenceConfig({ flaw: opts.flaw });
  return {
    ...base,
    target: {
      ...base.target,
      // The reference's own environment (every transport and tool it serves), trusting the IdP instead.
      env: {
        ...base.target.env,
        ISSUER: '${idp.issuer}',
        JWKS_URL: '${idp.jwksUrl}',
        CLOCK_SKEW_SECONDS: String(SKEW_SECONDS),
        ...opts.env,
      },
      clockSkewSeconds: SKEW_SECONDS,
      jwksCacheSeconds: undefined,
      baseline: undefined,
    },
    auth: { profile: 'oauth', issuer, tokenTtlSeconds: TOKEN_TTL_SECONDS },
    identities: [
      { name: 'alice', roles: ['user'], client: { id: 'alice', secret: `\${env.${prefix}_ALICE_SECRET}` } },
      { name: 'root', roles: ['user', 'admin', 'auditor'], client: { id: 'root', privateKey: `\${env.${prefix}_ROOT_KEY}`, keyId: 'root-key-1' } },
      { name: 'bob', roles: ['user'], client: { id: 'bob', auth: 'client_secret_post', secret: `\${env.${prefix}_BOB_SECRET}` } },
      // No role at all: the reference refuses it at the door (403 insufficient_scope).
      { name: 'guest', roles: [], client: { id: 'guest', secret: `\${env.${prefix}_GUEST_SECRET}` } },
    ],
  };
}
