// From the config of a real-IdP profile to one token source per identity: env placeholders
// resolved (and registered as secrets), the IdP's CA trusted, endpoints discovered, keys read.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { trustCa } from '../probe/tls-trust.ts';
import { readCa } from '../targets/read-ca.ts';
import { parsePrivateKey, type OAuthClient } from './client-auth.ts';
import { discover, type IdpMetadata } from './discovery.ts';
import { resolveEnvPlaceholdersDeep } from './env-placeholders.ts';
import { IdpError } from './idp-error.ts';
import { credentialProblems, DEFAULT_IDP_TIMEOUT_MS, defaultAuthMethod, type CredentialedIdentity, type RealIdpAuthSettings } from './settings.ts';
import { CommandTokenSource, GivenTokenSource, OAuthTokenSource, type TokenSource } from './token-source.ts';

export interface ConnectOptions {
  /** The target's canonical resource URI: the default RFC 8707 resource indicator. */
  resource: string;
  /** Relative files (tokenFile, privateKeyFile, ca) and token commands start here. */
  baseDir?: string;
  /** The run's secret list: every credential and token is added. */
  secrets: Set<string>;
  env?: NodeJS.ProcessEnv;
}

export interface ConnectedIdp {
  profile: 'oauth' | 'static';
  /** The iss of the IdP's tokens, when known. */
  issuer?: string;
  metadata?: IdpMetadata;
  jwksUrl?: string;
  tokenTtlSeconds?: number;
  timeoutMs: number;
  sources: Map<string, TokenSource>;
  /** Undoes the CA trust registered for the IdP. */
  close(): void;
}

export async function connectIdp(rawAuth: RealIdpAuthSettings, rawIdentities: CredentialedIdentity[], opts: ConnectOptions): Promise<ConnectedIdp> {
  const problems = credentialProblems(rawAuth.profile, rawIdentities);
  if (problems.length) throw new IdpError(problems[0]);
  const resolve = { env: opts.env, secrets: opts.secrets };
  const auth = resolveEnvPlaceholdersDeep(rawAuth, 'auth', resolve);
  const baseDir = opts.baseDir ?? process.cwd();
  const timeoutMs = auth.timeoutMs ?? DEFAULT_IDP_TIMEOUT_MS;
  const undo: (() => void)[] = [];
  if (auth.ca) {
    const ca = await readCa(auth.ca, 'auth.ca', baseDir);
    for (const url of [auth.issuer, auth.profile === 'oauth' ? auth.tokenUrl : undefined, auth.jwksUrl]) if (url) undo.push(trustCa(url, ca));
  }
  const close = () => undo.forEach((u) => u());
  try {
    let metadata: IdpMetadata | undefined;
    if (auth.profile === 'oauth' && !auth.tokenUrl) {
      metadata = await discover(auth.issuer, timeoutMs);
      // Discovered endpoints may live on other origins (a CDN'd JWKS): trust the same CA there.
      if (auth.ca) for (const url of [metadata.tokenEndpoint, metadata.jwksUri]) if (url) undo.push(trustCa(url, await readCa(auth.ca, 'auth.ca', baseDir)));
    }
    const sources = new Map<string, TokenSource>();
    for (const [n, raw] of rawIdentities.entries()) {
      const id = resolveEnvPlaceholdersDeep(raw, `identities[${n}]`, resolve);
      sources.set(id.name, await sourceFor(id, n, auth, metadata, { ...opts, baseDir, timeoutMs }));
    }
    return {
      profile: auth.profile,
      ...(auth.issuer ? { issuer: auth.issuer } : {}),
      ...(metadata ? { metadata } : {}),
      ...((auth.jwksUrl ?? metadata?.jwksUri) ? { jwksUrl: auth.jwksUrl ?? metadata?.jwksUri } : {}),
      ...(auth.tokenTtlSeconds ? { tokenTtlSeconds: auth.tokenTtlSeconds } : {}),
      timeoutMs,
      sources,
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}

async function sourceFor(
  id: CredentialedIdentity,
  n: number,
  auth: RealIdpAuthSettings,
  metadata: IdpMetadata | undefined,
  opts: ConnectOptions & { baseDir: string; timeoutMs: number },
): Promise<TokenSource> {
  const at = `identities[${n}]`;
  if (id.tokenCommand) return new CommandTokenSource(id.name, { command: id.tokenCommand, cwd: opts.baseDir, timeoutMs: opts.timeoutMs }, opts.secrets);
  if (id.token) return new GivenTokenSource(id.name, id.token, 'token', opts.secrets);
  if (id.tokenFile) {
    const file = path.resolve(opts.baseDir, id.tokenFile);
    const token = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new IdpError(`${at}.tokenFile: cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.code}`);
    });
    if (!token.trim()) throw new IdpError(`${at}.tokenFile: ${file} is empty`);
    return new GivenTokenSource(id.name, token, 'tokenFile', opts.secrets);
  }
  if (auth.profile !== 'oauth' || !id.client) throw new IdpError(`${at}: no way to get a token`);
  const c = id.client;
  const client: OAuthClient = { id: c.id, method: c.auth ?? defaultAuthMethod(c), ...(c.secret ? { secret: c.secret } : {}), ...(c.keyId ? { keyId: c.keyId } : {}), ...(c.alg ? { alg: c.alg } : {}) };
  if (client.method === 'private_key_jwt') {
    const keyText = c.privateKey ?? (await readFile(path.resolve(opts.baseDir, c.privateKeyFile!), 'utf8').catch(() => {
      throw new IdpError(`${at}.client.privateKeyFile: cannot read ${path.resolve(opts.baseDir, c.privateKeyFile!)}`);
    }));
    opts.secrets.add(keyText.trim());
    client.privateKey = parsePrivateKey(keyText, `${at}.client.${c.privateKey ? 'privateKey' : 'privateKeyFile'}`);
  }
  if (metadata?.tokenEndpointAuthMethods && client.method !== 'none' && !metadata.tokenEndpointAuthMethods.includes(client.method)) {
    throw new IdpError(`${at}.client.auth: the IdP supports ${metadata.tokenEndpointAuthMethods.join(', ')}, not ${client.method}`);
  }
  const resource = auth.resource === false ? undefined : (auth.resource ?? opts.resource);
  return new OAuthTokenSource({
    identity: id.name,
    tokenEndpoint: auth.tokenUrl ?? metadata!.tokenEndpoint,
    client,
    ...(id.refreshToken ? { refreshToken: id.refreshToken } : {}),
    ...(resource ? { resource } : {}),
    ...((id.scope ?? auth.scope) ? { scope: id.scope ?? auth.scope } : {}),
    timeoutMs: opts.timeoutMs,
    secrets: opts.secrets,
  });
}
