// Before any check: does the target accept the IdP's token of each identity? If not, every
// refusal would prove nothing, and the cause is nearly always configuration (audience, issuer,
// resource indicator) — so the run stops with one line naming it, instead of a page of errors.
import type { Identity, Revision } from '../check.ts';
import { Probe, succeeded } from '../probe/probe.ts';
import { bearerChallenge } from '../verdict.ts';
import { IdpError } from './idp-error.ts';
import { quoteIdp } from './idp-request.ts';
import { viewJwt } from './jwt-view.ts';

export interface PreflightOptions {
  url: string;
  revision: Revision;
  resource: string;
  identities: Identity[];
  token(identity: Identity): Promise<string>;
  timeoutMs?: number;
  secrets?: Iterable<string>;
}

export async function checkTokensAccepted(opts: PreflightOptions): Promise<void> {
  const probe = new Probe({ url: opts.url, revision: opts.revision, timeoutMs: opts.timeoutMs });
  for (const identity of opts.identities) {
    const token = await opts.token(identity);
    const { response } = await probe.open({ token, label: `${identity.name}'s token from the IdP` });
    if (succeeded(response) || (response.status !== 401 && response.status !== 403)) continue; // anything else is the positive control's to report
    const challenge = bearerChallenge(response);
    const code = challenge?.error ? ` ${challenge.error}` : '';
    const description = challenge?.error_description ? `: ${quoteIdp(challenge.error_description, [token, ...(opts.secrets ?? [])])}` : '';
    throw new IdpError(`the IdP's token for ${identity.name} was refused by the target (${response.status}${code}${description}): ${hint(token, opts.resource)}`);
  }
}

function hint(token: string, resource: string): string {
  const claims = viewJwt(token)?.payload;
  if (!claims) return 'check that the target accepts this IdP\'s (opaque) tokens for this resource';
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(resource)) return `check the audience/resource the IdP puts in tokens (aud ${JSON.stringify(aud)}, target resource ${JSON.stringify(resource)})`;
  return `check the audience/resource the IdP puts in tokens and the issuer the target trusts (iss ${JSON.stringify(claims.iss)})`;
}
