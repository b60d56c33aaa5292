// Declarative shapes for the common checks: "each of these credentials must be refused" and
// "each of these must be accepted". A family file lists variants; the engine sends them.
import type { Check, CheckContext } from './check.ts';
import type { SendOptions } from './probe/probe.ts';
import { accepted, refused, type Attempt } from './verdict.ts';

export interface Variant extends SendOptions {
  label: string;
}

export type CheckInfo = Omit<Check, 'run'>;

export interface VariantCheck extends CheckInfo {
  variants(ctx: CheckContext): Promise<Variant[]> | Variant[];
}

export async function attemptAll(ctx: CheckContext, variants: Variant[]): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (const v of variants) attempts.push({ label: v.label, response: await ctx.attempt(v) });
  return attempts;
}

/** Every variant must be refused with a 4xx. */
export function refusalCheck(spec: VariantCheck): Check {
  const { variants, ...info } = spec;
  return { ...info, run: async (ctx) => refused(await attemptAll(ctx, await variants(ctx))) };
}

/** Every variant must succeed: guards against a server that refuses what it must accept. */
export function acceptanceCheck(spec: VariantCheck): Check {
  const { variants, ...info } = spec;
  return { ...info, run: async (ctx) => accepted(await attemptAll(ctx, await variants(ctx))) };
}

export const ALL_REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;
export const SESSION_REVISIONS = ['2025-06-18', '2025-11-25'] as const;
