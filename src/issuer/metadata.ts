// Authorization server metadata (RFC 8414), also served as OpenID Connect discovery: MCP clients
// try both (MCP 2025-11-25, "Authorization Server Metadata Discovery").

export interface IssuerEndpoints {
  url: string;
  tokenUrl: string;
  jwksUrl: string;
  authorizationUrl: string;
  registrationUrl: string;
}

export function authorizationServerMetadata(e: IssuerEndpoints, scopes: readonly string[]): Record<string, unknown> {
  return {
    issuer: e.url,
    authorization_endpoint: e.authorizationUrl,
    token_endpoint: e.tokenUrl,
    jwks_uri: e.jwksUrl,
    registration_endpoint: e.registrationUrl,
    scopes_supported: [...scopes],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    // Public clients (method `none`: DCR with none, metadata documents) are accepted but not
    // listed, as other authorization servers do: clients such as the MCP conformance suite pick
    // `none` whenever it is listed, even when they hold a secret.
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    client_id_metadata_document_supported: true,
    authorization_response_iss_parameter_supported: true,
    // OpenID Connect discovery requires it; subjects are the same for every client.
    subject_types_supported: ['public'],
  };
}
