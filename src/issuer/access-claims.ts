// Where identity lives in a token: the target's claims mapping decides the names and the roles shape.
import { randomUUID } from 'node:crypto';

export type RolesFormat = 'array' | 'space' | 'string';

export interface ClaimsMapping {
  subject?: string; // default 'sub'
  roles?: string; // default 'roles'
  username?: string; // default 'username'
  rolesFormat?: RolesFormat; // default 'array'
}

/**
 * Which registered claims a valid token carries, and fixed extra ones: tokens shaped like the
 * team's own (many in-house servers never see aud, iss or exp). Default: aud, iss, exp, iat, jti.
 */
export interface TokenShape {
  aud?: boolean;
  iss?: boolean;
  exp?: boolean;
  iat?: boolean;
  nbf?: boolean;
  jti?: boolean;
  extra?: Record<string, unknown>;
}

export const DEFAULT_TOKEN_SHAPE = { aud: true, iss: true, exp: true, iat: true, nbf: false, jti: true } as const;

export interface AccessClaimsInput {
  issuer: string;
  audience: string;
  subject: string;
  roles: string[];
  username?: string;
  ttlSeconds: number;
  mapping?: ClaimsMapping;
  shape?: TokenShape;
  now?: number; // epoch seconds
}

/** 'array' → ["a","b"]; 'space' → "a b" (scope style); 'string' → "a" (first role, omitted when none). */
export function formatRoles(roles: string[], format: RolesFormat = 'array'): string | string[] | undefined {
  if (format === 'space') return roles.join(' ');
  if (format === 'string') return roles[0];
  return [...roles];
}

export function accessClaims(input: AccessClaimsInput): Record<string, unknown> {
  const mapping = input.mapping ?? {};
  const shape = { ...DEFAULT_TOKEN_SHAPE, ...input.shape };
  const iat = input.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { ...shape.extra };
  if (shape.iss) claims.iss = input.issuer;
  if (shape.aud) claims.aud = input.audience;
  claims[mapping.subject ?? 'sub'] = input.subject;
  const roles = formatRoles(input.roles, mapping.rolesFormat);
  if (roles !== undefined) claims[mapping.roles ?? 'roles'] = roles;
  if (input.username !== undefined) claims[mapping.username ?? 'username'] = input.username;
  if (shape.iat) claims.iat = iat;
  if (shape.nbf) claims.nbf = iat;
  if (shape.exp) claims.exp = iat + input.ttlSeconds;
  if (shape.jti) claims.jti = randomUUID();
  return claims;
}
