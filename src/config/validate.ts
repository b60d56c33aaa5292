// Checks a parsed config and says, in one line, what is wrong and where.
import { REVISIONS } from '../check.ts';
import type { HarnessConfig } from './config.ts';

export class ConfigError extends Error {}

type Obj = Record<string, unknown>;

export function validateConfig(raw: unknown, source: string): HarnessConfig {
  const fail = (path: string, what: string): never => {
    throw new ConfigError(`${source}: ${path} ${what}`);
  };
  const obj = (v: unknown, path: string): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : fail(path, 'must be an object'));
  const str = (v: unknown, path: string): string => (typeof v === 'string' && v.length > 0 ? v : fail(path, 'must be a non-empty string'));
  const optional = <T>(v: unknown, check: (v: unknown) => T): T | undefined => (v === undefined ? undefined : check(v));
  const known = (o: Obj, path: string, keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${path}.${k}`, `is not a known setting (expected one of: ${keys.join(', ')})`);
  };

  const root = obj(raw, 'the config');
  known(root, 'config', ['target', 'auth', 'identities', 'oracle', 'probe']);

  const t = obj(root.target, 'target');
  known(t, 'target', ['url', 'command', 'env', 'cwd', 'resource', 'revisions', 'clockSkewSeconds', 'readyTimeoutMs']);
  str(t.url, 'target.url');
  optional(t.command, (v) => str(v, 'target.command'));
  optional(t.cwd, (v) => str(v, 'target.cwd'));
  optional(t.resource, (v) => str(v, 'target.resource'));
  optional(t.env, (v) => {
    for (const [k, val] of Object.entries(obj(v, 'target.env'))) if (typeof val !== 'string') fail(`target.env.${k}`, 'must be a string');
  });
  optional(t.revisions, (v) => {
    if (!Array.isArray(v) || v.length === 0) fail('target.revisions', 'must be a non-empty list');
    for (const r of v as unknown[]) if (!REVISIONS.includes(r as never)) fail('target.revisions', `has ${JSON.stringify(r)}; supported: ${REVISIONS.join(', ')}`);
  });
  for (const k of ['clockSkewSeconds', 'readyTimeoutMs'] as const) {
    optional(t[k], (v) => (typeof v === 'number' && v >= 0 ? v : fail(`target.${k}`, 'must be a number ≥ 0')));
  }

  const a = obj(root.auth, 'auth');
  known(a, 'auth', ['profile', 'alg', 'claims']);
  if (a.profile !== 'jwks' && a.profile !== 'hs256') fail('auth.profile', `must be "jwks" or "hs256" (got ${JSON.stringify(a.profile)})`);
  optional(a.alg, (v) => (['ES256', 'RS256', 'EdDSA'].includes(v as string) ? v : fail('auth.alg', 'must be ES256, RS256 or EdDSA')));
  optional(a.claims, (v) => {
    const c = obj(v, 'auth.claims');
    known(c, 'auth.claims', ['subject', 'roles', 'username', 'rolesFormat']);
    for (const k of ['subject', 'roles', 'username']) optional(c[k], (x) => str(x, `auth.claims.${k}`));
    optional(c.rolesFormat, (x) => (['array', 'space', 'string'].includes(x as string) ? x : fail('auth.claims.rolesFormat', 'must be array, space or string')));
  });

  optional(root.identities, (v) => {
    if (!Array.isArray(v) || v.length === 0) fail('identities', 'must be a non-empty list');
    (v as unknown[]).forEach((i, n) => {
      const id = obj(i, `identities[${n}]`);
      str(id.name, `identities[${n}].name`);
      str(id.subject, `identities[${n}].subject`);
      optional(id.roles, (r) => (Array.isArray(r) && r.every((x) => typeof x === 'string') ? r : fail(`identities[${n}].roles`, 'must be a list of strings')));
    });
  });
  optional(root.oracle, (v) => {
    const o = obj(v, 'oracle');
    str(o.tool, 'oracle.tool');
    str(o.subjectPath, 'oracle.subjectPath');
  });
  optional(root.probe, (v) => str(obj(v, 'probe').method, 'probe.method'));
  return root as unknown as HarnessConfig;
}
