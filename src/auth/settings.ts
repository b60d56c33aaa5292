// The config of the two real-IdP profiles, as zod schemas the config schema composes:
//   auth: { profile: oauth, issuer, … }      tokens from the IdP (client_credentials, refresh, a command)
//   auth: { profile: static, … }             tokens given per identity (env or file)
// and what each identity brings to get its tokens. Secrets are written as ${env.NAME}.
import { z } from 'zod';
import { CLIENT_AUTH_METHODS } from './client-auth.ts';

const text = z.string().min(1);
const claims = z
  .strictObject({
    subject: text.optional(),
    roles: text.optional(),
    username: text.optional(),
    rolesFormat: z.enum(['array', 'space', 'string']).optional(),
  })
  .optional();

/** How long the IdP's access tokens live; the expiry checks wait one out when it is short (≤ 600 s). */
const tokenTtlSeconds = z.number().int().min(1).max(86_400).optional();

export const oauthAuthSchema = z.strictObject({
  profile: z.literal('oauth'),
  /** The IdP's issuer identifier, exactly as in its tokens' iss; endpoints come from discovery. */
  issuer: z.url(),
  /** Skips discovery (an IdP that publishes no metadata). */
  tokenUrl: z.url().optional(),
  /** The IdP's JWKS, when discovery does not name one: key-confusion checks use its public key. */
  jwksUrl: z.url().optional(),
  /** RFC 8707 resource indicator sent on token requests; default target.resource. `false`: none. */
  resource: z.union([text, z.literal(false)]).optional(),
  scope: text.optional(),
  tokenTtlSeconds,
  /** CA of the IdP's https endpoints (PEM file or text); default Node's store + NODE_EXTRA_CA_CERTS. */
  ca: text.optional(),
  /** Per request to the IdP and per tokenCommand run, ms. Default 10000. */
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  claims,
});

export const staticAuthSchema = z.strictObject({
  profile: z.literal('static'),
  /** The IdP that signed the tokens, when known: refines which forgeries run (iss, JWKS). */
  issuer: z.url().optional(),
  jwksUrl: z.url().optional(),
  tokenTtlSeconds,
  ca: text.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  claims,
});

export const clientSchema = z.strictObject({
  id: text,
  /** Default: client_secret_basic with a secret, private_key_jwt with a key, else none. */
  auth: z.enum(CLIENT_AUTH_METHODS).optional(),
  secret: text.optional(),
  /** private_key_jwt: PEM or private JWK (JSON) text — usually ${env.NAME} — or a file. */
  privateKey: text.optional(),
  privateKeyFile: text.optional(),
  keyId: text.optional(),
  alg: text.optional(),
});

/** What an identity brings to get tokens (beside name, subject, roles). */
export const identityCredentialsSchema = {
  /** oauth: the OAuth client this identity is (client_credentials, and refresh with a refreshToken). */
  client: clientSchema.optional(),
  /** oauth: a stored login's refresh token; tokens come from the refresh_token grant. */
  refreshToken: text.optional(),
  /** oauth, static: a shell command printing a token (or a JSON token response). */
  tokenCommand: text.optional(),
  /** static: the token itself (write ${env.NAME}) or a file holding it. */
  token: text.optional(),
  tokenFile: text.optional(),
  /** Scope to ask for, over auth.scope. */
  scope: text.optional(),
};

export type OAuthAuthSettings = z.infer<typeof oauthAuthSchema>;
export type StaticAuthSettings = z.infer<typeof staticAuthSchema>;
export type RealIdpAuthSettings = OAuthAuthSettings | StaticAuthSettings;
export type ClientSettings = z.infer<typeof clientSchema>;
export type IdentityCredentials = { [K in keyof typeof identityCredentialsSchema]?: z.infer<(typeof identityCredentialsSchema)[K]> };
export interface CredentialedIdentity extends IdentityCredentials {
  name: string;
}

export const DEFAULT_IDP_TIMEOUT_MS = 10_000;

export function isRealIdpProfile(profile: string): profile is 'oauth' | 'static' {
  return profile === 'oauth' || profile === 'static';
}

/** One line per identity whose credentials do not fit the profile; empty when all is well. */
export function credentialProblems(profile: 'oauth' | 'static', identities: CredentialedIdentity[]): string[] {
  const problems: string[] = [];
  identities.forEach((id, n) => {
    const at = `identities[${n}] (${id.name})`;
    const ways = (['client', 'tokenCommand', 'token', 'tokenFile'] as const).filter((k) => id[k] !== undefined);
    if (profile === 'oauth') {
      if (id.token !== undefined || id.tokenFile !== undefined) problems.push(`${at}: token/tokenFile belong to profile static; oauth gets tokens with client, refreshToken or tokenCommand`);
      else if (!id.client && !id.tokenCommand) problems.push(`${at}: needs client (client_credentials or refreshToken) or tokenCommand under profile oauth`);
      else if (id.client && id.tokenCommand) problems.push(`${at}: give client or tokenCommand, not both`);
      if (id.refreshToken !== undefined && !id.client) problems.push(`${at}: refreshToken needs the client it was issued to (client.id; auth none for a public client)`);
      const c = id.client;
      if (c) {
        const method = c.auth ?? defaultAuthMethod(c);
        if ((method === 'client_secret_basic' || method === 'client_secret_post') && !c.secret) problems.push(`${at}: client.auth ${method} needs client.secret`);
        if (method === 'private_key_jwt' && !c.privateKey && !c.privateKeyFile) problems.push(`${at}: client.auth private_key_jwt needs client.privateKey or client.privateKeyFile`);
        if (c.privateKey && c.privateKeyFile) problems.push(`${at}: give client.privateKey or client.privateKeyFile, not both`);
        if (method === 'none' && id.refreshToken === undefined) problems.push(`${at}: a client without credentials (auth none) can only refresh: give refreshToken`);
      }
    } else {
      if (id.client || id.refreshToken !== undefined) problems.push(`${at}: client/refreshToken belong to profile oauth; static takes token, tokenFile or tokenCommand`);
      else if (ways.length === 0) problems.push(`${at}: needs token (e.g. \${env.ALICE_TOKEN}), tokenFile or tokenCommand under profile static`);
      else if (ways.length > 1) problems.push(`${at}: give one of token, tokenFile, tokenCommand (got ${ways.join(', ')})`);
    }
  });
  return problems;
}

export function defaultAuthMethod(c: ClientSettings): (typeof CLIENT_AUTH_METHODS)[number] {
  if (c.secret) return 'client_secret_basic';
  if (c.privateKey || c.privateKeyFile) return 'private_key_jwt';
  return 'none';
}
