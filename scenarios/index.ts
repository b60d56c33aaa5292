// The catalogue: every family, in report order. A new family is a new file here and a line below.
import type { Check } from '../src/check.ts';
import type { Family, SettingsInput } from '../src/family.ts';
import headers from './headers.ts';
import signature from './signature.ts';
import claims from './claims.ts';
import discovery from './discovery.ts';
import transport from './transport.ts';
import endpoints from './endpoints.ts';
import rbac from './rbac.ts';
import sessions from './sessions.ts';
import hygiene from './hygiene.ts';
import lifecycle from './lifecycle.ts';
import overhead from './overhead.ts';

const all = [headers, signature, claims, discovery, transport, endpoints, rbac, sessions, hygiene, lifecycle, overhead] as const;

export const families: readonly Family[] = all;

export const catalogue: Check[] = families.flatMap((f) => f.checks);

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The config sections the catalogue's families add (rbac, sessions, upstream, overhead), as written. */
export type CatalogueSettings = Intersection<SettingsInput<(typeof all)[number]>>;
