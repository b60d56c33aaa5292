// What OAuth requires of a resource server: OAuth 2.1 (draft 13, the one the MCP revisions cite:
// "access token handling MUST conform to OAuth 2.1 Section 5"), RFC 6750, RFC 9728, RFC 6749.
import type { Requirement } from '../../src/requirement.ts';

const OAUTH21 = 'OAuth 2.1 (draft-ietf-oauth-v2-1-13)';
const oauth21 = (section: string) => `https://datatracker.ietf.org/doc/html/draft-ietf-oauth-v2-1-13#section-${section}`;
export const rfc = (n: number, section: string) => `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`;

export const OAUTH_QUERY_TOKEN_IGNORED: Requirement = {
  level: 'MUST',
  doc: OAUTH21,
  section: '§5.1',
  url: oauth21('5.1'),
  text: 'Clients MUST NOT send the access token in a URI query parameter, and resource servers MUST ignore access tokens in a URI query parameter.',
};

export const OAUTH_BEARER_SCHEME_ANY_CASE: Requirement = {
  level: 'MUST',
  doc: OAUTH21,
  section: '§5.1.1',
  url: oauth21('5.1.1'),
  text: 'Resource servers MUST support the Authorization request header with the Bearer scheme, and the string "bearer" is case-insensitive (RFC 9110 §11.1): "bearer", "BEARER" and "bEaReR" are all valid.',
};

export const OAUTH_BEARER_SCHEME_ONLY: Requirement = {
  level: 'hardening',
  doc: OAUTH21,
  section: '§5.1.1',
  url: oauth21('5.1.1'),
  text: 'An access token travels under the Bearer scheme; credentials under another scheme (Basic, Token, none at all) are not read as an access token.',
};

export const OAUTH_VALIDATE_SCOPE: Requirement = {
  level: 'MUST',
  doc: OAUTH21,
  section: '§5.2',
  url: oauth21('5.2'),
  text: 'The resource server MUST check that the access token is not yet expired, is authorized to access the requested resource, was issued with the appropriate scope, and meets the other policy requirements of the resource server.',
};

export const OAUTH_WWW_AUTHENTICATE: Requirement = {
  level: 'MUST',
  doc: OAUTH21,
  section: '§5.3.1',
  url: oauth21('5.3.1'),
  text: 'If the request has no credentials or no access token that enables access, the resource server MUST include the WWW-Authenticate header field, and its challenges MUST use the auth-scheme Bearer.',
};

export const OAUTH_ERROR_ATTRIBUTE: Requirement = {
  level: 'SHOULD',
  doc: OAUTH21,
  section: '§5.3.1',
  url: oauth21('5.3.1'),
  text: 'If the request included an access token and failed authentication, the resource server SHOULD include the error attribute (error="invalid_token" for an expired, malformed or otherwise invalid token).',
};

export const OAUTH_NO_ERROR_WITHOUT_CREDENTIALS: Requirement = {
  level: 'SHOULD',
  doc: OAUTH21,
  section: '§5.3.2',
  url: oauth21('5.3.2'),
  text: 'If the request lacks any authentication information, the resource server SHOULD NOT include an error code or other error information.',
};

export const OAUTH_ERROR_CODES: Requirement = {
  level: 'SHOULD',
  doc: OAUTH21,
  section: '§5.3.2',
  url: oauth21('5.3.2'),
  text: 'When a request fails, the resource server responds with the appropriate HTTP status code and one of the defined error codes: invalid_request, invalid_token or insufficient_scope (or another registered for resource access errors), which clients act on.',
};

export const RFC9728_RESOURCE_IDENTICAL: Requirement = {
  level: 'MUST',
  doc: 'RFC 9728',
  section: '§3.3',
  url: rfc(9728, '3.3'),
  text: 'The resource value returned MUST be identical to the protected resource\'s resource identifier from which the metadata URL was formed; if these values are not identical, the data in the response MUST NOT be used.',
};

export const RFC9728_CHALLENGE_METADATA_IDENTICAL: Requirement = {
  level: 'MUST',
  doc: 'RFC 9728',
  section: '§3.3',
  url: rfc(9728, '3.3'),
  text: 'Metadata retrieved from the resource_metadata URL of a WWW-Authenticate challenge MUST carry a resource identical to the URL the client used for its request; otherwise it MUST NOT be used.',
};

export const RFC9728_SCOPES_SUPPORTED: Requirement = {
  level: 'hardening',
  doc: 'RFC 9728',
  section: '§2',
  url: rfc(9728, '2'),
  text: 'The scopes a 401 challenge asks for are among the metadata\'s scopes_supported, so a client following either gets a usable token (MCP 2025-11-25 lets the challenge name other scopes: consistency, not a requirement).',
};

// What clients must do (the client family).

export const RFC6749_REFRESH_ROTATION: Requirement = {
  level: 'MUST',
  doc: 'RFC 6749',
  section: '§6',
  url: rfc(6749, '6'),
  text: 'The authorization server MAY issue a new refresh token, in which case the client MUST discard the old refresh token and replace it with the new refresh token.',
};

export const RFC6750_TOKENS_NOT_LEAKED: Requirement = {
  level: 'MUST',
  doc: 'RFC 6750',
  section: '§5.3',
  url: rfc(6750, '5.3'),
  text: 'Client implementations MUST ensure that bearer tokens are not leaked to unintended parties, as they will be able to use them to gain access to protected resources.',
};
