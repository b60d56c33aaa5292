// Declarative shapes for the common checks: "each of these credentials must be refused" and
// "each of these must be accepted". A family file lists variants; the engine sends them.
import type { CheckContext } from './check.ts';
import type { CheckSpec } from './family.ts';
import type { SendOptions } from './probe/probe.ts';
import type { Signer } from './tokens/forge.ts';
import { accepted, refused, type Attempt } from './verdict.ts';
import { CannotForge } from './auth/cannot-forge.ts';

export interface Variant extends SendOptions {
  label: string;
}

export type CheckInfo = Omit<CheckSpec, 'run'>;

export interface VariantCheck extends CheckInfo {
  variants(ctx: CheckContext): Promise<Variant[]> | Variant[];
}

export async function attemptAll(ctx: CheckContext, variants: Variant[]): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (const v of variants) attempts.push({ label: v.label, response: await ctx.attempt(v) });
  return attempts;
}

/** Every variant must be refused with a 4xx. */
export function refusalCheck(spec: VariantCheck): CheckSpec {
  const { variants, ...info } = spec;
  return { ...info, run: async (ctx) => refused(await attemptAll(ctx, await variants(ctx))) };
}

/** Every variant must succeed: guards against a server that refuses what it must accept. */
export function acceptanceCheck(spec: VariantCheck): CheckSpec {
  const { variants, ...info } = spec;
  return { ...info, run: async (ctx) => accepted(await attemptAll(ctx, await variants(ctx))) };
}

export const ALL_REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;
export const SESSION_REVISIONS = ['2025-06-18', '2025-11-25'] as const;

/**
 * A token for the default identity with its claims intact and the header and signature chosen:
 * `header` overrides the trusted header (alg, kid, jku, …; undefined deletes a member).
 */
export function forged(ctx: CheckContext, label: string, header: Record<string, unknown>, signer: Signer): Variant {
  const h = ctx.forge.header(header);
  for (const [k, v] of Object.entries(header)) if (v === undefined) delete h[k];
  return { label, token: ctx.forge.raw(h, ctx.forge.claimsFor(ctx.identity), signer) };
}

/**
 * Variants whose tokens the run's profile may not be able to make (a token re-signed with chosen
 * claims under oauth/static): each one it cannot make is left out, and the check runs with the rest.
 */
export async function ifForgeable<V extends Variant>(...makers: (() => V | Promise<V>)[]): Promise<V[]> {
  const variants: V[] = [];
  for (const make of makers) {
    try {
      variants.push(await make());
    } catch (e) {
      if (!(e instanceof CannotForge)) throw e;
    }
  }
  return variants;
}
