// Checks a parsed config and says, in one line, what is wrong and where.
import { REVISIONS } from '../check.ts';
import type { HarnessConfig } from './config.ts';
import { validateContainerTargets, validateIssuer } from './container-target.ts';

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
  known(root, 'config', ['target', 'auth', 'identities', 'oracle', 'probe', 'rbac', 'sessions', 'upstream', 'overhead', 'issuer']);

  const t = obj(root.target, 'target');
  known(t, 'target', ['url', 'command', 'env', 'cwd', 'resource', 'revisions', 'clockSkewSeconds', 'jwksCacheSeconds', 'readyTimeoutMs', 'baseline', 'container', 'compose']);
  validateContainerTargets(t, fail);
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
  for (const k of ['clockSkewSeconds', 'jwksCacheSeconds', 'readyTimeoutMs'] as const) {
    optional(t[k], (v) => (typeof v === 'number' && v >= 0 ? v : fail(`target.${k}`, 'must be a number ≥ 0')));
  }
  optional(t.baseline, (v) => {
    const b = obj(v, 'target.baseline');
    known(b, 'target.baseline', ['url', 'command', 'env', 'cwd', 'readyTimeoutMs']);
    str(b.url, 'target.baseline.url');
    optional(b.command, (x) => str(x, 'target.baseline.command'));
    optional(b.cwd, (x) => str(x, 'target.baseline.cwd'));
    optional(b.env, (x) => {
      for (const [k, val] of Object.entries(obj(x, 'target.baseline.env'))) if (typeof val !== 'string') fail(`target.baseline.env.${k}`, 'must be a string');
    });
    optional(b.readyTimeoutMs, (x) => (typeof x === 'number' && x >= 0 ? x : fail('target.baseline.readyTimeoutMs', 'must be a number ≥ 0')));
  });

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
  const toolCall = (v: unknown, path: string): Obj => {
    const o = obj(v, path);
    str(o.tool, `${path}.tool`);
    optional(o.arguments, (x) => obj(x, `${path}.arguments`));
    return o;
  };
  const names = new Set(((root.identities as Obj[] | undefined) ?? []).map((i) => i.name));
  optional(root.rbac, (v) => {
    const r = obj(v, 'rbac');
    known(r, 'rbac', ['rules', 'inBandDenial']);
    if (!Array.isArray(r.rules) || r.rules.length === 0) fail('rbac.rules', 'must be a non-empty list');
    (r.rules as unknown[]).forEach((rule, n) => {
      const o = toolCall(rule, `rbac.rules[${n}]`);
      if (!Array.isArray(o.allow) || !o.allow.every((x) => typeof x === 'string')) fail(`rbac.rules[${n}].allow`, 'must be a list of identity names (or "*")');
      for (const name of o.allow as string[]) if (name !== '*' && !names.has(name)) fail(`rbac.rules[${n}].allow`, `names "${name}", which is not in identities`);
    });
    optional(r.inBandDenial, (x) => (x === 'warn' || x === 'fail' ? x : fail('rbac.inBandDenial', 'must be "warn" or "fail"')));
  });
  optional(root.sessions, (v) => {
    const s = obj(v, 'sessions');
    known(s, 'sessions', ['concurrency', 'state']);
    optional(s.concurrency, (c) => {
      const o = obj(c, 'sessions.concurrency');
      for (const k of ['identities', 'callsPerIdentity', 'sessionsPerIdentity']) {
        optional(o[k], (x) => (Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 1000 ? x : fail(`sessions.concurrency.${k}`, 'must be an integer from 1 to 1000')));
      }
    });
    optional(s.state, (st) => {
      const o = obj(st, 'sessions.state');
      toolCall(o.write, 'sessions.state.write');
      str(o.handlePath, 'sessions.state.handlePath');
      str(toolCall(o.read, 'sessions.state.read').handleArgument, 'sessions.state.read.handleArgument');
    });
  });
  optional(root.upstream, (v) => toolCall(v, 'upstream'));
  optional(root.overhead, (v) => {
    const o = obj(v, 'overhead');
    known(o, 'overhead', ['thresholdMs', 'pairs', 'budgetMs']);
    optional(o.thresholdMs, (x) => (typeof x === 'number' && x > 0 ? x : fail('overhead.thresholdMs', 'must be a number > 0')));
    optional(o.pairs, (x) => (Number.isInteger(x) && (x as number) >= 20 && (x as number) <= 100_000 ? x : fail('overhead.pairs', 'must be an integer from 20 to 100000')));
    optional(o.budgetMs, (x) => (typeof x === 'number' && x >= 100 && x <= 600_000 ? x : fail('overhead.budgetMs', 'must be a number of ms from 100 to 600000')));
  });
  optional(root.issuer, (v) => validateIssuer(v, fail));
  return root as unknown as HarnessConfig;
}
