// Best practice beyond the specifications (level hardening): what careful servers and clients do
// although no MUST or SHOULD of MCP or the RFCs it requires asks for it.
import type { Requirement } from '../../src/requirement.ts';

const OIDC_ROTATION = 'https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys';

export const NO_SECRETS_IN_ERRORS: Requirement = {
  level: 'hardening',
  doc: 'CWE-209',
  section: '(error message containing sensitive information)',
  url: 'https://cwe.mitre.org/data/definitions/209.html',
  text: 'A refusal does not repeat the credential it refused, in its body or its headers.',
};

export const DISCOVERY_NOT_FROM_REQUEST_HEADERS: Requirement = {
  level: 'hardening',
  doc: 'CWE-644',
  section: '(improper neutralization of HTTP headers for scripting syntax: host header injection)',
  url: 'https://cwe.mitre.org/data/definitions/644.html',
  text: 'The resource identity a server advertises (the challenge\'s resource_metadata, the metadata\'s resource and authorization_servers) comes from its configuration, never from Host, X-Forwarded-* or Forwarded headers a client can set.',
};

export const NO_STACK_TRACES: Requirement = {
  level: 'hardening',
  doc: 'CWE-209',
  section: '(error message containing sensitive information)',
  url: 'https://cwe.mitre.org/data/definitions/209.html',
  text: 'Error answers carry no stack traces, source paths or dependency paths.',
};

export const NEW_KEY_TRUSTED_AFTER_REFETCH: Requirement = {
  level: 'hardening',
  doc: 'OpenID Connect Core 1.0',
  section: '§10.1.1',
  url: OIDC_ROTATION,
  text: 'Keys roll over by being added to the JWK Set: the verifier goes back to the jwks_uri when it sees an unfamiliar kid, so a token signed by a rotated-in key is accepted.',
};

export const REMOVED_KEY_DISTRUSTED: Requirement = {
  level: 'hardening',
  doc: 'OpenID Connect Core 1.0',
  section: '§10.1.1',
  url: OIDC_ROTATION,
  text: 'A key removed from the JWK Set is no longer trusted once the verifier\'s declared cache window has passed.',
};

export const AUTH_OVERHEAD_BUDGET: Requirement = {
  level: 'hardening',
  doc: 'OpenID Connect Core 1.0',
  section: '§10.1.1',
  url: OIDC_ROTATION,
  text: 'Validating a token costs little once the JWK Set is cached: authentication adds less than the team\'s budget (overhead.thresholdMs) at p95 over the same server with auth off.',
};

export const CLIENT_METADATA_CACHED: Requirement = {
  level: 'hardening',
  doc: 'MCP 2025-11-25 authorization',
  section: '§Authorization Server Discovery',
  url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#authorization-server-discovery',
  text: 'Discovery finds the authorization server once per server; fetching both metadata documents again for every token doubles or triples the round trips of each renewal.',
};
