// The harness configuration's types, derived from the schema: what a user writes (input, with
// defaults left out) and what the engine reads (resolved, every default filled in). Family
// sections (rbac, sessions, …) are declared by the families; the engine sees them as unknown.
import type { z } from 'zod';
import { section } from './schema-kit.ts';
import { coreShape } from './schema.ts';

const core = section(coreShape);

/** The engine's sections as written (defaults left out). */
export type CoreConfigInput = z.input<typeof core>;
/** A config as written: the engine's sections typed, family sections by name. */
export type ConfigInput = CoreConfigInput & { [familySection: string]: unknown };
/** A parsed config: every default applied. */
export type ResolvedConfig = z.output<typeof core> & { [familySection: string]: unknown };

export type TargetConfig = ResolvedConfig['target'];
export type BaselineConfig = NonNullable<TargetConfig['baseline']>;
export type ContainerTargetConfig = NonNullable<TargetConfig['container']>;
export type ComposeTargetConfig = NonNullable<TargetConfig['compose']>;
export type AuthConfig = ResolvedConfig['auth'];
export type IdentityConfig = ResolvedConfig['identities'][number];

export interface ToolCall {
  tool: string;
  arguments?: Record<string, unknown>;
}
