// The authorization server the target trusts: JWKS, RFC 8414 metadata, a headless authorization
// endpoint (code flow with PKCE), dynamic client registration, token endpoint, canary upstream.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { generateSecret, generateSigningKey } from '../tokens/keys.ts';
import { certificatePem, selfSignedCertificate } from '../tokens/self-signed-certificate.ts';
import type { SigningAlg, SigningKey } from '../tokens/keys.ts';
import type { ClaimsMapping, TokenShape } from './access-claims.ts';
import { AuthorizationCodeStore } from './authorization-codes.ts';
import { handleAuthorizationRequest } from './authorize-endpoint.ts';
import { canaryHit } from './canary.ts';
import type { CanaryHit } from './canary.ts';
import { ClientRegistry } from './clients.ts';
import type { IssuerClient } from './clients.ts';
import { BodyTooLargeError, readBody, sendJson, sendJsonAndClose } from './http.ts';
import { KeyRing } from './key-ring.ts';
import { isLoopbackHost, urlHost } from './loopback.ts';
import { authorizationServerMetadata } from './metadata.ts';
import type { IssuerEndpoints } from './metadata.ts';
import { redirectUriProblem } from './redirect-uri.ts';
import { handleRegistrationRequest } from './registration-endpoint.ts';
import { handleTokenRequest } from './token-endpoint.ts';
import { TokenService } from './token-service.ts';
import { UserDirectory } from './users.ts';
import type { IssuerIdentity } from './users.ts';

export type { CanaryHit } from './canary.ts';
export { canarySawToken } from './canary.ts';
export type { IssuerClient } from './clients.ts';
export type { IssuerIdentity } from './users.ts';
export { authorizeHeadless } from './user-agent.ts';
export type { AuthorizationOutcome } from './user-agent.ts';
export type { ClaimsMapping, RolesFormat } from './access-claims.ts';
export { bearerFingerprint } from './fingerprint.ts';

export interface IssuerOptions {
  alg?: SigningAlg; // default ES256
  host?: string; // default 127.0.0.1; non-loopback hosts are refused
  port?: number; // default 0 (the OS picks)
  resource: string; // the target's canonical resource URI: audience of access tokens
  accessTokenTtlSeconds?: number; // default 300
  refreshTokenTtlSeconds?: number; // default 3600
  clients?: IssuerClient[];
  claims?: ClaimsMapping; // claim names; default sub / roles (array) / username
  /** Which registered claims access tokens carry, extra fixed claims, and their JOSE typ. */
  token?: TokenShape & { typ?: string };
  /**
   * Users the authorization endpoint can approve for, besides the identities of `clients` (each
   * configured client acts for its own identity). A request picks one with `login_hint`.
   */
  users?: IssuerIdentity[];
  /** Subject or username approving requests that name nobody, from clients that act for nobody. */
  defaultUser?: string;
  authorizationCodeTtlSeconds?: number; // default 60
}

export interface IssuerCounters {
  jwks: number;
  attackerJwks: number;
  /** Fetches of the attacker's certificate (the x5u a forged token names). */
  attackerX5u: number;
  token: number;
  canary: number;
  /** Metadata fetches, at either well-known path. */
  metadata: number;
  authorize: number;
  register: number;
}

export interface Issuer {
  url: string; // the `iss` of every token
  jwksUrl: string;
  metadataUrl: string;
  /** The same metadata as OpenID Connect discovery. */
  openidConfigurationUrl: string;
  /** Headless: answers with the redirect to the client's redirect_uri (see authorizeHeadless). */
  authorizationUrl: string;
  /** RFC 7591 dynamic client registration. */
  registrationUrl: string;
  tokenUrl: string;
  canaryUrl: string;
  attackerJwksUrl: string;
  /** The attacker key's self-signed certificate, PEM, for x5u headers. */
  attackerX5uUrl: string;
  readonly signingKey: SigningKey;
  readonly spareKey: SigningKey;
  /** The most recently rotated-out key, while it is still published. */
  readonly previousKey: SigningKey | undefined;
  attackerKey: SigningKey;
  /** A self-signed certificate (DER) for attackerKey, made for this run: what x5c / x5u forgeries carry. */
  attackerCertificate: Buffer;
  hs256Secret: string;
  resource: string;
  counters: IssuerCounters;
  canaryHits: CanaryHit[];
  /** The JWKS as currently served. */
  jwks(): { keys: JWK[] };
  registerClient(c: IssuerClient): void;
  /** Adds a user the authorization endpoint can approve for (picked by login_hint). */
  registerUser(u: IssuerIdentity): void;
  accessClaims(subject: string, roles: string[], username?: string, ttlSeconds?: number): Record<string, unknown>;
  mintAccess(subject: string, roles: string[], opts?: { ttlSeconds?: number; username?: string }): Promise<string>;
  rotateKeys(): void;
  /**
   * Publishes a new key and returns it without signing with it: a key rotation as the target sees
   * it, while every other token of the run keeps the current key.
   */
  addKey(): SigningKey;
  removeKey(kid: string): void;
  /** Zeroes the counters and empties canaryHits. */
  resetCounters(): void;
  close(): Promise<void>;
}

const PATHS = {
  jwks: '/jwks.json',
  metadata: '/.well-known/oauth-authorization-server',
  openidConfiguration: '/.well-known/openid-configuration',
  token: '/token',
  authorize: '/authorize',
  register: '/register',
  canary: '/canary',
  attackerJwks: '/attacker/jwks.json',
  attackerX5u: '/attacker/x5u.pem',
} as const;

export async function startIssuer(opts: IssuerOptions): Promise<Issuer> {
  const host = opts.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(`issuer refuses to listen on non-loopback host ${JSON.stringify(host)}: it mints trusted tokens`);
  }
  const alg = opts.alg ?? 'ES256';
  const keys = new KeyRing(alg);
  const attackerKey = generateSigningKey(alg);
  const attackerCertificate = selfSignedCertificate(attackerKey.privateKey, attackerKey.publicKey, { commonName: 'attacker.invalid' });
  const clients = new ClientRegistry();
  const users = new UserDirectory();
  const registerClient = (c: IssuerClient): void => {
    const problem = (c.redirectUris ?? []).map(redirectUriProblem).find(Boolean);
    if (problem) throw new Error(`client ${c.clientId}: ${problem}`);
    clients.register(c);
    users.add({ subject: c.subject, roles: c.roles, ...(c.username !== undefined ? { username: c.username } : {}) });
  };
  for (const c of opts.clients ?? []) registerClient(c);
  // Explicit users win over client identities with the same subject.
  for (const u of opts.users ?? []) users.add(u);
  const counters: IssuerCounters = { jwks: 0, attackerJwks: 0, attackerX5u: 0, token: 0, canary: 0, metadata: 0, authorize: 0, register: 0 };
  const canaryHits: CanaryHit[] = [];
  const codes = new AuthorizationCodeStore(opts.authorizationCodeTtlSeconds ?? 60);
  // Assigned once the port is known; requests cannot arrive before that.
  let wired: { url: string; tokens: TokenService; endpoints: IssuerEndpoints } | undefined;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { url, tokens, endpoints } = wired!;
    const path = (req.url ?? '/').split('?')[0]!;
    const isGet = req.method === 'GET' || req.method === 'HEAD';
    if (path === PATHS.canary || path.startsWith(PATHS.canary + '/')) {
      counters.canary++;
      return recordCanary(req, res, canaryHits);
    }
    if (path === PATHS.jwks && isGet) {
      counters.jwks++;
      return sendJson(res, 200, keys.jwks());
    }
    if (path === PATHS.attackerJwks && isGet) {
      counters.attackerJwks++;
      return sendJson(res, 200, { keys: [attackerKey.publicJwk] });
    }
    if (path === PATHS.attackerX5u && isGet) {
      counters.attackerX5u++;
      res.writeHead(200, { 'content-type': 'application/pem-certificate-chain' }).end(certificatePem(attackerCertificate));
      return;
    }
    if (path === PATHS.token) {
      counters.token++;
      return handleTokenRequest(req, res, { clients, tokens, codes, resource: opts.resource });
    }
    if ((path === PATHS.metadata || path === PATHS.openidConfiguration) && isGet) {
      counters.metadata++;
      return sendJson(res, 200, authorizationServerMetadata(endpoints, users.roles()));
    }
    if (path === PATHS.authorize) {
      counters.authorize++;
      const context = { issuer: url, resource: opts.resource, clients, users, codes, defaultUser: opts.defaultUser };
      return handleAuthorizationRequest(req, res, context);
    }
    if (path === PATHS.register) {
      counters.register++;
      return handleRegistrationRequest(req, res, clients);
    }
    sendJson(res, 404, { error: 'not_found' });
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      // Deliberately no logging: errors here may carry request material.
      if (!res.headersSent) sendJsonAndClose(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  });
  const port = await listen(server, host, opts.port ?? 0);
  const url = `http://${urlHost(host)}:${port}`;
  const endpoints = {
    url,
    jwksUrl: url + PATHS.jwks,
    metadataUrl: url + PATHS.metadata,
    openidConfigurationUrl: url + PATHS.openidConfiguration,
    authorizationUrl: url + PATHS.authorize,
    registrationUrl: url + PATHS.register,
    tokenUrl: url + PATHS.token,
    canaryUrl: url + PATHS.canary,
    attackerJwksUrl: url + PATHS.attackerJwks,
    attackerX5uUrl: url + PATHS.attackerX5u,
  };
  const service = new TokenService({
    issuer: url,
    resource: opts.resource,
    keys,
    mapping: opts.claims,
    shape: opts.token,
    typ: opts.token?.typ,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 300,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds ?? 3600,
  });
  wired = { url, tokens: service, endpoints };

  let closing: Promise<void> | undefined;

  return {
    ...endpoints,
    get signingKey() {
      return keys.signingKey;
    },
    get spareKey() {
      return keys.spareKey;
    },
    get previousKey() {
      return keys.previousKey;
    },
    attackerKey,
    attackerCertificate,
    hs256Secret: generateSecret(),
    resource: opts.resource,
    counters,
    canaryHits,
    jwks: () => keys.jwks(),
    registerClient,
    registerUser: (u) => users.add(u),
    accessClaims: (subject, roles, username, ttlSeconds) => service.accessClaims(subject, roles, username, ttlSeconds),
    mintAccess: (subject, roles, mintOpts) => service.mintAccess(subject, roles, mintOpts),
    rotateKeys: () => void keys.rotate(),
    addKey: () => keys.add(),
    removeKey: (kid) => keys.remove(kid),
    resetCounters: () => {
      for (const name of Object.keys(counters) as (keyof IssuerCounters)[]) counters[name] = 0;
      canaryHits.length = 0;
    },
    close: () => (closing ??= close(server)),
  };
}

async function recordCanary(req: IncomingMessage, res: ServerResponse, hits: CanaryHit[]): Promise<void> {
  let body = '';
  try {
    body = await readBody(req);
  } catch (err) {
    // The headers alone can carry a leaked token: record the hit whatever happened to the body.
    hits.push(canaryHit(req, body));
    if (err instanceof BodyTooLargeError) return sendJsonAndClose(res, 413, { error: 'body_too_large' });
    throw err;
  }
  hits.push(canaryHit(req, body));
  sendJson(res, 200, { canary: true });
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    server.closeAllConnections();
  });
}
