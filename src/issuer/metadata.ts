// RFC 8414 authorization server metadata for the harness issuer.

export interface IssuerEndpoints {
  url: string;
  tokenUrl: string;
  jwksUrl: string;
  authorizationUrl: string;
}

export function authorizationServerMetadata(e: IssuerEndpoints): Record<string, unknown> {
  return {
    issuer: e.url,
    // No authorization code flow, but MCP SDK clients reject metadata without this member.
    authorization_endpoint: e.authorizationUrl,
    token_endpoint: e.tokenUrl,
    jwks_uri: e.jwksUrl,
    response_types_supported: [],
    grant_types_supported: ['client_credentials', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  };
}
