// What to look at when the target refuses the IdP's own token (the run stops before the checks,
// src/runner/preflight.ts): nearly always the audience/resource or the issuer it trusts.
import { viewJwt } from './jwt-view.ts';

export function idpTokenHint(token: string, resource: string): string {
  const claims = viewJwt(token)?.payload;
  if (!claims) return "the IdP's token is opaque: check that the target accepts this IdP's tokens for this resource";
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(resource)) return `check the audience/resource the IdP puts in tokens (aud ${JSON.stringify(aud)}, target resource ${JSON.stringify(resource)})`;
  return `check the audience/resource the IdP puts in tokens and the issuer the target trusts (iss ${JSON.stringify(claims.iss)})`;
}
