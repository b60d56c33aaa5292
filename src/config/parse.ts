// Parses a config against the composed schema: defaults applied, and the first problem reported
// in one line with its path — unknown keys at any depth with a "did you mean".
import { z } from 'zod';
import { registeredFamilies, type Family } from '../family.ts';
import { identityProblem } from '../auth/identity-rules.ts';
import { ConfigError } from './config-error.ts';
import type { ResolvedConfig } from './config.ts';
import { section } from './schema-kit.ts';
import { coreShape } from './schema.ts';

export function configSchema(families: readonly Family[] = registeredFamilies()) {
  const shape: Record<string, z.ZodType> = { ...coreShape };
  for (const family of families) {
    for (const [key, schema] of Object.entries(family.settings ?? {})) {
      if (key in shape) throw new Error(`family ${family.name}: the config section "${key}" is already declared (by the engine or another family)`);
      shape[key] = schema;
    }
  }
  return section(shape);
}

export function parseConfig(raw: unknown, source: string, families: readonly Family[] = registeredFamilies()): ResolvedConfig {
  const schema = configSchema(families);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: the config must be an object`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${source}: ${describe(parsed.error.issues[0], schema)}`);
  const config = parsed.data as ResolvedConfig;
  const identities = identityProblem(config.auth, config.identities);
  if (identities) throw new ConfigError(`${source}: ${identities[0]} ${identities[1]}`);
  for (const family of families) {
    const problem = family.validate?.(config);
    if (problem) throw new ConfigError(`${source}: ${problem[0]} ${problem[1]}`);
  }
  return config;
}

type Issue = z.core.$ZodIssue;

function describe(issue: Issue, schema: z.ZodType): string {
  const where = pathText(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const known = keysAt(schema, issue.path);
    const near = closest(key, known);
    return `${where ? `${where}.` : ''}${key} is not a known setting${near ? ` — did you mean "${near}"?` : ''} (expected one of: ${known.join(', ')})`;
  }
  return `${where || 'the config'} ${issue.message}`;
}

function pathText(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  in?: z.ZodType;
  schema?: z.ZodType;
}

/** The keys of the object schema found at `path` (through optional, default, arrays, refinements). */
function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  let s: z.ZodType | undefined = schema;
  for (const p of [...path, undefined]) {
    s = unwrap(s);
    if (p === undefined || !s) break;
    const def = (s as unknown as { def: Def }).def;
    s = typeof p === 'number' ? def.element : def.shape?.[String(p)];
  }
  const def = s ? (s as unknown as { def: Def }).def : undefined;
  return def?.shape ? Object.keys(def.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let i = 0; s && i < 10; i++) {
    const def = (s as unknown as { def: Def }).def;
    const inner = def.innerType ?? def.in ?? def.schema;
    if (!inner || def.type === 'object' || def.type === 'array') return s;
    s = inner;
  }
  return s;
}

/** The known key a misspelt one most likely meant (edit distance ≤ 2, or a case-insensitive match). */
export function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.min(2, Math.floor(key.length / 3))) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
