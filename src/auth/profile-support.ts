// Which auth profiles can offer which capability — what `list --json` reports as the profiles a
// check runs under, and what a real-IdP run offers once it has seen the IdP's tokens.
//   yes: always under that profile · no: never · depends: on the token, the IdP or the config
import type { RealTokenForge } from './real-token-forge.ts';

export const PROFILES = ['jwks', 'hs256', 'oauth', 'static'] as const;
export type Profile = (typeof PROFILES)[number];
export type Availability = 'yes' | 'no' | 'depends';

type Row = Record<Profile, Availability>;
const row = (jwks: Availability, hs256: Availability, oauth: Availability, staticProfile: Availability): Row => ({ jwks, hs256, oauth, static: staticProfile });

/** Capabilities an auth profile decides. Anything else (oracle, clock-skew, …) depends on the config under every profile. */
export const PROFILE_CAPABILITIES: Record<string, Row> = {
  /** Tokens signed with chosen claims (exp, aud, iss variants): the harness holds the signing key. */
  mint: row('yes', 'yes', 'no', 'no'),
  /** The valid token is a JWS the forgeries can take apart (IdP tokens may be opaque). */
  jwt: row('yes', 'yes', 'depends', 'depends'),
  /** The target verifies an asymmetric signature (RS/PS/ES/EdDSA). */
  asymmetric: row('yes', 'no', 'depends', 'depends'),
  hs256: row('no', 'yes', 'no', 'no'),
  es256: row('depends', 'no', 'depends', 'depends'),
  /** The public key the target trusts is known (the harness's, or the IdP's published JWKS). */
  'trusted-key': row('yes', 'no', 'depends', 'depends'),
  /** The target trusts the harness's own issuer: its JWKS fetches are counted, its keys rotated. */
  'harness-issuer': row('yes', 'yes', 'no', 'no'),
  /** An expired token the target's key verifies: minted, or a short-lived IdP token waited out (auth.tokenTtlSeconds). */
  expiry: row('yes', 'yes', 'depends', 'no'),
  /** A second, newly issued token for the same identity (a refresh). */
  renew: row('yes', 'yes', 'yes', 'depends'),
};

/** The profiles under which a check with these needs can run (none of its needs is "no"). */
export function profilesFor(needs: readonly string[]): Profile[] {
  return PROFILES.filter((p) => needs.every((n) => (PROFILE_CAPABILITIES[n]?.[p] ?? 'depends') !== 'no'));
}

/** Why a real-IdP run lacks a capability, shown as the skip reason. */
export const REAL_IDP_MISSING: Record<string, string> = {
  mint: "needs tokens re-signed with chosen claims; the IdP's private key is not the harness's (profile oauth/static)",
  jwt: "the IdP's access tokens are opaque (not JWTs): there is no JWT to mutate",
  asymmetric: "the IdP's tokens are not signed with an asymmetric key",
  hs256: 'the target does not verify HS256 with a secret the harness knows',
  es256: "the IdP's tokens are not ES256",
  'trusted-key': "the IdP's published key for its tokens is unknown (no jwks_uri in its metadata and no auth.jwksUrl, or no key with the token's kid)",
  'harness-issuer': "the target trusts the IdP, not the harness's issuer (its JWKS fetches and key rotation are not the harness's to see)",
  expiry: "needs an expired token the IdP signed: set auth.tokenTtlSeconds (short-lived tokens, profile oauth) and the expiry checks wait one out",
  renew: 'the tokens are given as is (token/tokenFile): there is no second token for the same identity',
};

/** What a real-IdP run offers, once the forge has seen the IdP's tokens. */
export function realIdpCapabilities(forge: RealTokenForge, opts: { canWaitOutExpiry: boolean; canRenew: boolean }): Set<string> {
  const caps = new Set<string>(opts.canRenew ? ['renew'] : []);
  if (!forge.isJwt) return caps;
  caps.add('jwt');
  const alg = forge.alg;
  if (/^(RS|PS|ES)\d{3}$|^EdDSA$/.test(alg)) caps.add('asymmetric');
  if (alg === 'ES256') caps.add('es256');
  try {
    forge.trustedPublicKey();
    caps.add('trusted-key');
  } catch {
    // no published key for the token's kid
  }
  if (opts.canWaitOutExpiry) caps.add('expiry');
  return caps;
}

