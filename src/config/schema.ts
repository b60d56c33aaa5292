// The engine's part of the config schema (target, auth, identities, oracle, probe, issuer), with
// every default in one place. Families add their own sections (defineFamily's `settings`); the
// whole schema is composed in config-schema.ts.
import { z } from 'zod';
import { REVISIONS } from '../revisions.ts';
import { CLIENT_AUTH_METHODS } from '../auth/client-auth.ts';
import { bool, httpUrl, int, milliseconds, oneOf, port, section, stringList, strings, text, toolCall } from './schema-kit.ts';

const container = section({
  image: text().optional(),
  build: section({ context: text(), dockerfile: text().optional(), args: strings().optional() }).optional(),
}).refine((c) => (c.image === undefined) !== (c.build === undefined), { error: 'needs exactly one of image or build' });

const compose = section({
  file: text(),
  service: text(),
  profiles: stringList('profile names').optional(),
  /** Build the service's image before starting it (`up --build`): never test a stale image. */
  build: bool().default(true),
});

const baseline = section({
  url: text(),
  command: text().optional(),
  env: strings().optional(),
  cwd: text().optional(),
  readyTimeoutMs: milliseconds().default(15_000),
});

const TARGET_KINDS = ['command', 'container', 'compose'] as const;

const target = section({
  /** MCP endpoint; may use ${target.port} when the harness picks the port. */
  url: text(),
  command: text().optional(),
  container: container.optional(),
  compose: compose.optional(),
  /** Values may use ${issuer.url}, ${issuer.jwksUrl}, ${issuer.secret}, ${target.resource}, ${target.port}. */
  env: strings().optional(),
  cwd: text().optional(),
  /** Canonical resource URI (aud). Default: the URL. */
  resource: text().optional(),
  /** CA of an https target (PEM file or text); default Node's store, which includes NODE_EXTRA_CA_CERTS. */
  ca: text().optional(),
  revisions: z
    .array(oneOf(REVISIONS), { error: 'must be a non-empty list' })
    .min(1, { error: 'must be a non-empty list' })
    .default(['2025-11-25']),
  /** The clock-skew tolerance the target declares; 0 skips the within-skew check. */
  clockSkewSeconds: int(0, 3600, ' s').default(0),
  /** How long the target trusts a fetched JWKS; enables the removed-key check. */
  jwksCacheSeconds: int(0, 86_400, ' s').optional(),
  readyTimeoutMs: milliseconds().default(15_000),
  /** More endpoints of the target that must demand a token (paths on its origin): each gets the MCP request target.url gets. */
  endpoints: z.array(text(), { error: 'must be a list of paths' }).default([]),
  /** The same server with authentication off: the overhead family and `load` compare against it. */
  baseline: baseline.optional(),
}).superRefine((t, ctx) => {
  const kinds = TARGET_KINDS.filter((k) => t[k] !== undefined);
  if (kinds.length > 1) ctx.addIssue({ code: 'custom', path: [], message: `has ${kinds.join(' and ')}: give at most one way to start the target` });
  else if (kinds[0] && kinds[0] !== 'command' && t.cwd !== undefined) ctx.addIssue({ code: 'custom', path: ['cwd'], message: `applies to command targets only (not ${kinds[0]})` });
});

/** Tokens shaped like the team's own: which registered claims valid tokens carry, their lifetime and typ, fixed extra claims. */
const token = section({
  claims: section({
    aud: bool().default(true),
    iss: bool().default(true),
    exp: bool().default(true),
    iat: bool().default(true),
    nbf: bool().default(false),
    jti: bool().default(true),
  }).prefault({}),
  lifetimeSeconds: int(10, 86_400, ' s').default(300),
  typ: text().default('JWT'),
  extra: z.record(z.string(), z.unknown(), { error: 'must be an object' }).default({}),
}).prefault({});

const AUTH_PROFILES = ['jwks', 'hs256', 'oauth', 'static'] as const;
/** Settings of the real-IdP profiles (src/auth/settings.ts says what each means). */
const REAL_IDP_ONLY = ['issuer', 'tokenUrl', 'jwksUrl', 'resource', 'scope', 'tokenTtlSeconds', 'ca', 'timeoutMs'] as const;

const auth = section({
  /** jwks / hs256: the harness is the issuer. oauth: tokens from a real IdP. static: tokens given per identity. */
  profile: oneOf(AUTH_PROFILES),
  alg: oneOf(['ES256', 'RS256', 'EdDSA']).default('ES256'),
  /** Where identity lives in the token. */
  claims: section({
    subject: text().default('sub'),
    roles: text().default('roles'),
    username: text().default('username'),
    rolesFormat: oneOf(['array', 'space', 'string']).default('array'),
  }).prefault({}),
  /** jwks / hs256: how the harness's valid tokens look. */
  token,
  // oauth / static: the IdP. Secrets anywhere below are written ${env.NAME}.
  issuer: httpUrl().optional(),
  tokenUrl: httpUrl().optional(),
  jwksUrl: httpUrl().optional(),
  resource: z.union([text(), z.literal(false)], { error: 'must be a URI, or false to send none' }).optional(),
  scope: text().optional(),
  tokenTtlSeconds: int(1, 86_400, ' s').optional(),
  ca: text().optional(),
  timeoutMs: milliseconds(100).optional(),
}).superRefine((a, ctx) => {
  const realIdp = a.profile === 'oauth' || a.profile === 'static';
  if (a.profile === 'oauth' && !a.issuer) ctx.addIssue({ code: 'custom', path: ['issuer'], message: 'is required for profile oauth (the IdP\'s issuer identifier, as in its tokens\' iss)' });
  if (a.profile === 'static' && (a.tokenUrl || a.resource !== undefined || a.scope)) ctx.addIssue({ code: 'custom', path: [a.tokenUrl ? 'tokenUrl' : a.scope ? 'scope' : 'resource'], message: 'applies to profile oauth only' });
  if (!realIdp) for (const k of REAL_IDP_ONLY) if (a[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `applies to profiles oauth and static only (profile is ${a.profile})` });
});

const client = section({
  id: text(),
  auth: oneOf(CLIENT_AUTH_METHODS).optional(),
  secret: text().optional(),
  privateKey: text().optional(),
  privateKeyFile: text().optional(),
  keyId: text().optional(),
  alg: text().optional(),
});

const identity = section({
  name: text(),
  /** The subject the target sees. Under oauth/static, default: the subject claim of the identity's first token. */
  subject: text().optional(),
  roles: stringList().default([]),
  username: text().optional(),
  // oauth / static: how this identity gets its tokens (src/auth/settings.ts).
  client: client.optional(),
  refreshToken: text().optional(),
  tokenCommand: text().optional(),
  token: text().optional(),
  tokenFile: text().optional(),
  scope: text().optional(),
});

export const DEFAULT_IDENTITY = { name: 'alice', subject: 'alice', roles: ['user'], username: 'alice' };

export const coreShape = {
  target,
  auth,
  /** Named principals; the first is the caller of the token checks. */
  identities: z
    .array(identity, { error: 'must be a non-empty list' })
    .min(1, { error: 'must be a non-empty list' })
    .default([DEFAULT_IDENTITY]),
  /** A tool whose answer names the caller. */
  oracle: section({ tool: text(), arguments: toolCall.shape.arguments.default({}), subjectPath: text() }).optional(),
  /** The authenticated request rejection checks send. */
  probe: section({
    method: text().default('tools/list'),
    params: z.record(z.string(), z.unknown(), { error: 'must be an object' }).default({}),
    timeoutMs: milliseconds().default(5000),
  }).prefault({}),
  /** The harness's own issuer: a fixed loopback port for a target started beforehand. */
  issuer: section({ port: port().optional() }).optional(),
  /** SHOULD and hardening violations fail instead of warning. */
  strict: bool().default(false),
};
