// Before any check: does the target accept a valid token at all? If it refuses one, every
// refusal the checks see proves nothing and hundreds of results would say "error" — the cause is
// nearly always configuration, so the run stops with one line built from the target's answer.
import type { Identity, Revision } from '../check.ts';
import { Probe } from '../probe/probe.ts';
import { bearerChallenge } from '../verdict.ts';

export class TargetRefusedTokenError extends Error {}

export interface PreflightOptions {
  url: string;
  revision: Revision;
  identity: Identity;
  token: string;
  /** The likely cause, said after the target's answer. */
  hint: string;
  /**
   * A 403 insufficient_scope is fine: the token is accepted, its identity just lacks the base scope
   * (the rbac checks judge that). Not for the identity every rejection check's control relies on.
   */
  mayLackScope?: boolean;
  timeoutMs: number;
  redact: (text: string) => string;
}

export async function ensureTokenAccepted(opts: PreflightOptions): Promise<void> {
  const probe = new Probe({ url: opts.url, revision: opts.revision, timeoutMs: opts.timeoutMs, redact: opts.redact });
  const { response } = await probe.open({ token: opts.token, label: `${opts.identity.name}'s valid token` });
  if (response.status !== 401 && response.status !== 403) return; // success, or something the checks report
  const challenge = bearerChallenge(response);
  if (opts.mayLackScope && response.status === 403 && challenge?.error === 'insufficient_scope') return;
  const description = challenge?.error_description ? `: ${JSON.stringify(opts.redact(challenge.error_description).slice(0, 160))}` : '';
  const code = challenge?.error ? ` ${challenge.error}${description}` : '';
  throw new TargetRefusedTokenError(`the target refused a valid token for ${opts.identity.name} (HTTP ${response.status}${code}): ${opts.hint}`);
}

/** What to look at when a target refuses the harness's own tokens. */
export function mintedTokenHint(profile: string, issuer: { url: string; jwksUrl: string }, claims: Record<string, unknown>): string {
  const trust = profile === 'hs256' ? 'does it verify HS256 with ${issuer.secret}' : `does it trust ${issuer.url} (JWKS ${issuer.jwksUrl})`;
  const sent = ['aud', 'iss', 'exp', 'nbf', 'iat'].filter((c) => c in claims).map((c) => (c === 'aud' || c === 'iss' ? `${c} ${JSON.stringify(claims[c])}` : c));
  return `${trust}? does it expect the claims the harness sends (${sent.join(', ') || 'no registered claims'})? see auth.token and auth.claims`;
}
