// What the MCP specification requires of a server (and, where shared, of a client). Text quoted or
// closely paraphrased from the revision named in `doc`; anchors are the headings' slugs.
import type { Requirement } from '../../src/requirement.ts';

const SPEC = 'https://modelcontextprotocol.io/specification';
const auth = (rev: string, anchor: string) => `${SPEC}/${rev}/basic/authorization#${anchor}`;
const transports = (rev: string, anchor: string) => `${SPEC}/${rev}/basic/transports#${anchor}`;
const security = (rev: string, anchor: string) => `${SPEC}/${rev}/basic/security_best_practices#${anchor}`;

const AUTH = 'MCP 2025-11-25 authorization';
const AUTH_0618 = 'MCP 2025-06-18 authorization';
const TRANSPORTS = 'MCP 2025-11-25 transports';
const SECURITY = 'MCP 2025-11-25 security best practices';

// Authorization: access token usage and handling.

export const MCP_TOKEN_EVERY_REQUEST: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Token Requirements',
  url: auth('2025-11-25', 'token-requirements'),
  text: 'Authorization MUST be included in every HTTP request from client to server, even if they are part of the same logical session.',
};

export const MCP_NO_TOKEN_IN_QUERY: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Token Requirements',
  url: auth('2025-11-25', 'token-requirements'),
  text: 'Access tokens MUST NOT be included in the URI query string.',
};

export const MCP_VALIDATE_TOKENS: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Token Handling',
  url: auth('2025-11-25', 'token-handling'),
  text: 'MCP servers, acting in their role as an OAuth 2.1 resource server, MUST validate access tokens as described in OAuth 2.1 Section 5.2: a token whose signature does not verify with the issuer\'s key is no token.',
};

export const MCP_INVALID_TOKEN_401: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Token Handling',
  url: auth('2025-11-25', 'token-handling'),
  text: 'If validation fails, servers MUST respond according to OAuth 2.1 Section 5.3: invalid or expired tokens MUST receive a HTTP 401 response.',
};

export const MCP_ONLY_OWN_TOKENS: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Token Handling',
  url: auth('2025-11-25', 'token-handling'),
  text: 'MCP servers MUST only accept tokens that are valid for use with their own resources, and MUST NOT accept or transit any other tokens.',
};

export const MCP_AUDIENCE: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Access Token Privilege Restriction',
  url: auth('2025-11-25', 'access-token-privilege-restriction'),
  text: 'MCP servers MUST only accept tokens specifically intended for themselves and MUST reject tokens that do not include them in the audience claim or otherwise verify that they are the intended recipient of the token.',
};

export const MCP_NO_DATA_TO_UNAUTHORIZED: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Access Token Privilege Restriction',
  url: auth('2025-11-25', 'access-token-privilege-restriction'),
  text: 'MCP servers MUST validate access tokens before processing the request and take all necessary steps to ensure no data is returned to unauthorized parties.',
};

export const MCP_NO_PASSTHROUGH: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Access Token Privilege Restriction',
  url: auth('2025-11-25', 'access-token-privilege-restriction'),
  text: 'The MCP server MUST NOT pass through the token it received from the MCP client to upstream APIs; a token for an upstream API is a separate token, issued by its own authorization server.',
};

export const MCP_STATUS_CODES: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Error Handling',
  url: auth('2025-11-25', 'error-handling'),
  text: 'Servers MUST return appropriate HTTP status codes for authorization errors: 401 when authorization is required or the token is invalid, 403 for invalid scopes or insufficient permissions.',
};

export const MCP_INSUFFICIENT_SCOPE_CHALLENGE: Requirement = {
  level: 'SHOULD',
  doc: AUTH,
  section: '§Runtime Insufficient Scope Errors',
  url: auth('2025-11-25', 'runtime-insufficient-scope-errors'),
  text: 'For a token with insufficient scope the server SHOULD respond 403 with WWW-Authenticate: Bearer error="insufficient_scope", the scope needed and resource_metadata.',
};

/** Stated from 2026-07-28 on; 2025-11-25 has no such rule. */
export const MCP_SCOPE_HIERARCHY: Requirement = {
  level: 'MUST',
  doc: 'MCP 2026-07-28 authorization',
  section: '§Step-Up Authorization Flow',
  url: auth('2026-07-28', 'step-up-authorization-flow'),
  text: 'Servers MUST account for scope hierarchies, where a broader scope implies narrower ones, when deciding whether a token is sufficient for an operation.',
};

// Authorization: discovery.

export const MCP_PRM_DISCOVERABLE: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Protected Resource Metadata Discovery Requirements',
  url: auth('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  text: 'MCP servers MUST implement RFC 9728 and offer its metadata through at least one mechanism: resource_metadata in the WWW-Authenticate header of a 401, or the well-known URI.',
  inRevision: {
    '2025-06-18': {
      level: 'MUST',
      doc: AUTH_0618,
      section: '§Authorization Server Location',
      url: auth('2025-06-18', 'authorization-server-location'),
      text: 'MCP servers MUST implement the OAuth 2.0 Protected Resource Metadata (RFC 9728) specification to indicate the locations of authorization servers.',
    },
  },
};

export const MCP_AUTHORIZATION_SERVERS: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Authorization Server Location',
  url: auth('2025-11-25', 'authorization-server-location'),
  text: 'The Protected Resource Metadata document returned by the MCP server MUST include the authorization_servers field containing at least one authorization server.',
};

/** Mandatory in 2025-06-18; from 2025-11-25 one of two mechanisms, so its absence only warns. */
export const MCP_CHALLENGE_RESOURCE_METADATA: Requirement = {
  level: 'hardening',
  doc: AUTH,
  section: '§Protected Resource Metadata Discovery Requirements',
  url: auth('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  text: 'The metadata URL in the 401 challenge (resource_metadata) is what clients read first, and the only way to find metadata that is not at the well-known URI; since 2025-11-25 the well-known URI alone also complies.',
  inRevision: {
    '2025-06-18': {
      level: 'MUST',
      doc: AUTH_0618,
      section: '§Authorization Server Location',
      url: auth('2025-06-18', 'authorization-server-location'),
      text: 'MCP servers MUST use the HTTP header WWW-Authenticate when returning a 401 Unauthorized to indicate the location of the resource server metadata URL.',
    },
  },
};

export const MCP_CHALLENGE_SCOPE: Requirement = {
  level: 'SHOULD',
  doc: AUTH,
  section: '§Protected Resource Metadata Discovery Requirements',
  url: auth('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  text: 'MCP servers SHOULD include a scope parameter in the WWW-Authenticate header to indicate the scopes required for accessing the resource.',
};

// Security best practices.

export const MCP_VERIFY_EVERY_REQUEST: Requirement = {
  level: 'MUST',
  doc: SECURITY,
  section: '§Session Hijacking',
  url: security('2025-11-25', 'session-hijacking'),
  text: 'MCP servers that implement authorization MUST verify all inbound requests. MCP Servers MUST NOT use sessions for authentication.',
};

export const MCP_SECURE_SESSION_IDS: Requirement = {
  level: 'MUST',
  doc: SECURITY,
  section: '§Session Hijacking',
  url: security('2025-11-25', 'session-hijacking'),
  text: 'MCP servers MUST use secure, non-deterministic session IDs (and session IDs MUST only contain visible ASCII characters, 0x21 to 0x7E).',
};

export const MCP_BIND_SESSIONS: Requirement = {
  level: 'SHOULD',
  doc: SECURITY,
  section: '§Session Hijacking',
  url: security('2025-11-25', 'session-hijacking'),
  text: 'MCP servers SHOULD bind session IDs to user-specific information, so that a principal who learns another\'s session ID cannot use that session.',
};

export const MCP_BIND_SESSIONS_TO_USER: Requirement = {
  ...MCP_BIND_SESSIONS,
  text: 'MCP servers SHOULD bind session IDs to user-specific information such as the user ID derived from the token (<user_id>:<session_id>): to the user, not to one token, so a refreshed token for the same user continues the session.',
};

// Multi-round-trip requests (2026-07-28).

const mrtr = (anchor: string) => `${SPEC}/2026-07-28/basic/patterns/mrtr#${anchor}`;
const MRTR = 'MCP 2026-07-28 multi-round-trip requests';

export const MCP_REQUEST_STATE_INTEGRITY: Requirement = {
  level: 'MUST',
  doc: MRTR,
  section: '§Server Requirements (Basic Workflow)',
  url: mrtr('server-requirements-basic-workflow'),
  text: 'If a client request contains a requestState field, servers MUST treat requestState as an attacker-controlled input. If requestState influences authorization, resource access, or business logic, servers MUST protect its integrity (e.g. HMAC or AEAD) and MUST reject state that fails verification.',
};

export const MCP_REQUEST_STATE_BINDING: Requirement = {
  level: 'SHOULD',
  doc: MRTR,
  section: '§Server Requirements (Basic Workflow)',
  url: mrtr('server-requirements-basic-workflow'),
  text: 'To prevent replay, servers SHOULD include inside the integrity-protected requestState payload, and verify on receipt, the authenticated principal (rejecting state presented by a different principal), a short expiry and an identifier for the originating request.',
};

// Transports.

export const MCP_ORIGIN: Requirement = {
  level: 'MUST',
  doc: TRANSPORTS,
  section: '§Security Warning',
  url: transports('2025-11-25', 'security-warning'),
  text: 'Servers MUST validate the Origin header on all incoming connections; if the Origin header is present and invalid, servers MUST respond with HTTP 403 Forbidden.',
  inRevision: {
    '2025-06-18': {
      level: 'MUST',
      doc: 'MCP 2025-06-18 transports',
      section: '§Security Warning',
      url: transports('2025-06-18', 'security-warning'),
      text: 'Servers MUST validate the Origin header on all incoming connections to prevent DNS rebinding attacks.',
    },
  },
};

export const MCP_PROTOCOL_VERSION_400: Requirement = {
  level: 'MUST',
  doc: TRANSPORTS,
  section: '§Protocol Version Header',
  url: transports('2025-11-25', 'protocol-version-header'),
  text: 'If the server receives a request with an invalid or unsupported MCP-Protocol-Version, it MUST respond with 400 Bad Request.',
};

export const MCP_ENDED_SESSION_404: Requirement = {
  level: 'MUST',
  doc: TRANSPORTS,
  section: '§Session Management',
  url: transports('2025-11-25', 'session-management'),
  text: 'The server MAY terminate the session at any time, after which it MUST respond to requests containing that session ID with HTTP 404 Not Found.',
};

export const MCP_CLIENT_DELETES_SESSION: Requirement = {
  level: 'SHOULD',
  doc: TRANSPORTS,
  section: '§Session Management',
  url: transports('2025-11-25', 'session-management'),
  text: 'Clients that no longer need a particular session SHOULD send an HTTP DELETE to the MCP endpoint with the Mcp-Session-Id header, to explicitly terminate the session.',
};

// What clients must do (the client family).

export const MCP_CLIENT_HANDLES_401: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Protected Resource Metadata Discovery Requirements',
  url: auth('2025-11-25', 'protected-resource-metadata-discovery-requirements'),
  text: 'MCP clients MUST be able to parse WWW-Authenticate headers and respond appropriately to HTTP 401 Unauthorized responses from the MCP server.',
};

export const MCP_CLIENT_RESOURCE_PARAMETER: Requirement = {
  level: 'MUST',
  doc: AUTH,
  section: '§Resource Parameter Implementation',
  url: auth('2025-11-25', 'resource-parameter-implementation'),
  text: 'MCP clients MUST implement Resource Indicators for OAuth 2.0 as defined in RFC 8707 to explicitly specify the target resource for which the token is being requested. The resource parameter: MUST be included in both authorization requests and token requests. MUST identify the MCP server that the client intends to use the token with.',
};

export const MCP_CLIENT_RETRY_LIMITS: Requirement = {
  level: 'SHOULD',
  doc: AUTH,
  section: '§Step-Up Authorization Flow',
  url: auth('2025-11-25', 'step-up-authorization-flow'),
  text: 'Clients SHOULD implement retry limits and SHOULD track upgrade attempts to avoid repeated failures in authorization loops.',
};
