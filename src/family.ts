// A check family declares everything about itself in one place: its checks, the config sections
// it owns (as schemas), the capabilities its checks may need (with the reason shown when one is
// missing), what it adds to report.metrics, and what must be started for it (the auth-off twin).
// The engine derives the config schema, the skip reasons, the metrics and the twin start from the
// registered families, so a new family is one file in scenarios/ plus its flaws and tests.
import type { z } from 'zod';
import type { Check, CheckResult, Schedule } from './check.ts';
import type { ResolvedConfig } from './config/config.ts';

/** Something a check may need that not every run offers; absent → the check is skipped with `missing`. */
export interface CapabilityDeclaration {
  /** Shown as the skip reason when the run does not offer it. */
  missing: string;
  available(config: ResolvedConfig): boolean;
}

/** Services the engine starts only when a selected check asks for them. */
export type Service = 'baseline';

export type Settings = Record<string, z.ZodType>;

export interface FamilyDefinition<S extends Settings = Settings> {
  name: string;
  /** Top-level config sections this family owns, each a schema (defaults inside). */
  settings?: S;
  /** Capabilities this family introduces (beyond the engine's, which come from the auth profile). */
  capabilities?: Record<string, CapabilityDeclaration>;
  /** What the family adds to report.metrics[name], from its own results. */
  metrics?(results: CheckResult[], config: ResolvedConfig): unknown;
  /** Cross-section rules of the family's settings: a problem is [config path, what is wrong]. */
  validate?(config: ResolvedConfig): [path: string, problem: string] | undefined;
  /** What must run besides the target for this family's checks. */
  starts?: Service[];
  /** How the family's checks share the run's time (a check may say otherwise); default: in turn. */
  schedule?: Schedule;
  /** The family's checks; `family` and `starts` are filled in from the definition. */
  checks: CheckSpec[];
}

/** A check as a family file writes it: the family fills in its own name. */
export type CheckSpec = Omit<Check, 'family'> & { family?: string };

export interface Family<S extends Settings = Settings> extends Omit<FamilyDefinition<S>, 'checks'> {
  checks: Check[];
}

/** The config sections a family adds, as a user writes them. */
export type SettingsInput<F> = F extends Family<infer S> ? { -readonly [K in keyof S]?: z.input<S[K]> } : never;

const registry = new Map<string, Family>();

export function defineFamily<const S extends Settings = {}>(def: FamilyDefinition<S>): Family<S> {
  const checks: Check[] = def.checks.map((c) => {
    if (c.family !== undefined && c.family !== def.name) throw new Error(`check ${c.id} says family "${c.family}" but is defined in family "${def.name}"`);
    const schedule = c.schedule ?? def.schedule;
    return { ...c, family: def.name, ...(def.starts ? { starts: def.starts } : {}), ...(schedule ? { schedule } : {}) };
  });
  const family: Family<S> = { ...def, checks };
  const known = registry.get(def.name);
  if (known && known.checks.map((c) => c.id).join() !== checks.map((c) => c.id).join()) throw new Error(`two families are named "${def.name}"`);
  registry.set(def.name, family);
  return family;
}

/** Every family defined so far (importing a family file registers it). */
export function registeredFamilies(): Family[] {
  return [...registry.values()];
}

export function familyNamed(name: string): Family | undefined {
  return registry.get(name);
}

/** A family's own config section, typed by its schema (parsed, defaults applied). */
export function settingsOf<S extends z.ZodType>(config: ResolvedConfig, key: string, _schema: S): z.output<S> {
  return config[key] as z.output<S>;
}
