// What the JOSE / JWT RFCs require of a verifier, and the best current practice beyond them
// (RFC 8725, the RFC 9068 access-token profile, which MCP does not make mandatory: hardening).
import type { Requirement } from '../../src/requirement.ts';
import { rfc } from './oauth.ts';

export const RFC7515_CRIT: Requirement = {
  level: 'MUST',
  doc: 'RFC 7515',
  section: '§4.1.11',
  url: rfc(7515, '4.1.11'),
  text: 'Extensions listed in crit MUST be understood and processed: if any listed extension Header Parameter is not understood and supported by the recipient, the JWS is invalid.',
};

export const RFC7518_HMAC_KEY_SIZE: Requirement = {
  level: 'MUST',
  doc: 'RFC 7518',
  section: '§3.2',
  url: rfc(7518, '3.2'),
  text: 'A key of the same size as the hash output (for instance, 256 bits for HS256) or larger MUST be used with the HMAC algorithms; a dictionary word is not such a key.',
};

export const RFC7519_NBF: Requirement = {
  level: 'MUST',
  doc: 'RFC 7519',
  section: '§4.1.5',
  url: rfc(7519, '4.1.5'),
  text: 'The current date/time MUST be after or equal to the not-before date/time listed in the nbf claim (allowing a small leeway for clock skew).',
};

export const RFC7519_UNIQUE_CLAIMS: Requirement = {
  level: 'MUST',
  doc: 'RFC 7519',
  section: '§4',
  url: rfc(7519, '4'),
  text: 'JWT parsers MUST either reject JWTs with duplicate Claim Names or use a JSON parser that returns only the lexically last duplicate member name.',
};

export const RFC7519_AUD_ARRAY: Requirement = {
  level: 'SHOULD',
  doc: 'RFC 7519',
  section: '§4.1.3',
  url: rfc(7519, '4.1.3'),
  text: 'In the general case aud is an array of audiences; a token whose aud array contains the resource identifies it as an audience and is valid for it.',
};

export const RFC7519_AUD_EXACT: Requirement = {
  level: 'hardening',
  doc: 'RFC 7519',
  section: '§2',
  url: rfc(7519, '2'),
  text: 'StringOrURI values such as aud are compared as case-sensitive strings with no transformations or canonicalizations; normalizing them widens the set of tokens a server accepts.',
};

export const RFC7519_NUMERIC_DATE: Requirement = {
  level: 'hardening',
  doc: 'RFC 7519',
  section: '§4.1.4',
  url: rfc(7519, '4.1.4'),
  text: 'exp MUST be a number containing a NumericDate; a token whose exp is a string or null has no valid expiry and is refused, not coerced or ignored.',
};

export const RFC7519_CLAIM_TYPES: Requirement = {
  level: 'hardening',
  doc: 'RFC 7519',
  section: '§4.1',
  url: rfc(7519, '4.1'),
  text: 'Registered claims have defined types (sub a string, aud a string or an array of strings, exp a NumericDate); a claim of another type is refused, never coerced, and claims that carry privileges (roles, scope, scp) are read only in their defined shape.',
};

export const RFC7519_LEEWAY: Requirement = {
  level: 'hardening',
  doc: 'RFC 7519',
  section: '§4.1.4',
  url: rfc(7519, '4.1.4'),
  text: 'Implementers MAY provide for some small leeway, usually no more than a few minutes, to account for clock skew: the leeway is small, and it is the one the team declares.',
};

export const RFC7519_IAT_NOT_FUTURE: Requirement = {
  level: 'hardening',
  doc: 'RFC 7519',
  section: '§4.1.6',
  url: rfc(7519, '4.1.6'),
  text: 'iat only records when the token was issued and no specification requires refusing one from the future; a token issued ahead of the clock is forged or comes from a misconfigured issuer.',
};

export const RFC7519_NESTED: Requirement = {
  level: 'hardening',
  doc: 'RFC 7519',
  section: '§7.2',
  url: rfc(7519, '7.2'),
  text: 'A resource server that expects a claims set refuses a nested JWT (cty "JWT") with a 4xx instead of unwrapping it or failing on it.',
};

export const RFC9068_TYP: Requirement = {
  level: 'hardening',
  doc: 'RFC 9068',
  section: '§4',
  url: rfc(9068, '4'),
  text: 'Resource servers verify that typ is "at+jwt" (or "application/at+jwt") and reject tokens of any other type, such as refresh tokens or DPoP proofs: a MUST of the RFC 9068 profile, which MCP does not require.',
};

export const RFC9068_EXP_REQUIRED: Requirement = {
  level: 'hardening',
  doc: 'RFC 9068',
  section: '§2.2',
  url: rfc(9068, '2.2'),
  text: 'JWT access tokens carry exp (REQUIRED in the RFC 9068 profile, which MCP does not require): a token without one never expires.',
};

export const RFC9068_ISS_EXACT: Requirement = {
  level: 'hardening',
  doc: 'RFC 9068',
  section: '§4',
  url: rfc(9068, '4'),
  text: 'The issuer identifier of the authorization server MUST exactly match the iss claim (RFC 9068 profile; RFC 8725 §3.8): a token without iss, or with an iss that only resembles it, is refused.',
};

export const RFC8725_ALGORITHM_PINNED: Requirement = {
  level: 'hardening',
  doc: 'RFC 8725',
  section: '§3.1',
  url: rfc(8725, '3.1'),
  text: 'The verifier accepts only the algorithms it expects for each key, never the one the token\'s header names; the trusted key signing under a sibling algorithm is refused.',
};

export const RFC8725_KID_NOT_TRUSTED: Requirement = {
  level: 'hardening',
  doc: 'RFC 8725',
  section: '§3.10',
  url: rfc(8725, '3.10'),
  text: 'Received header values such as kid are attacker input: an unknown kid does not make the verifier refetch the JWK Set every time (cache it, with a cooldown between refetches).',
};
