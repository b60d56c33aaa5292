// Where identity lives in a token: the target's claims mapping decides the names and the roles shape.
import { randomUUID } from 'node:crypto';

export type RolesFormat = 'array' | 'space' | 'string';

export interface ClaimsMapping {
  subject?: string; // default 'sub'
  roles?: string; // default 'roles'
  username?: string; // default 'username'
  rolesFormat?: RolesFormat; // default 'array'
}

export interface AccessClaimsInput {
  issuer: string;
  audience: string;
  subject: string;
  roles: string[];
  username?: string;
  ttlSeconds: number;
  mapping?: ClaimsMapping;
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
  const iat = input.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: input.issuer, aud: input.audience };
  claims[mapping.subject ?? 'sub'] = input.subject;
  const roles = formatRoles(input.roles, mapping.rolesFormat);
  if (roles !== undefined) claims[mapping.roles ?? 'roles'] = roles;
  if (input.username !== undefined) claims[mapping.username ?? 'username'] = input.username;
  claims.iat = iat;
  claims.exp = iat + input.ttlSeconds;
  claims.jti = randomUUID();
  return claims;
}
