// Where the IdP's endpoints are: RFC 8414 authorization server metadata first, then OpenID
// Connect Discovery, both derived from the issuer identifier. The document must name the same
// issuer (RFC 8414 §3.3), or its tokens would carry an iss the target does not expect.
import { IdpError } from './idp-error.ts';
import { idpRequest } from './idp-request.ts';

export interface IdpMetadata {
  issuer: string;
  tokenEndpoint: string;
  jwksUri?: string;
  tokenEndpointAuthMethods?: string[];
  grantTypes?: string[];
  /** The document the endpoints came from. */
  source: string;
}

/** RFC 8414 §3.1 inserts the well-known path before the issuer's path; OIDC appends it. */
export function metadataUrls(issuer: string): string[] {
  const u = new URL(issuer);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  return [`${u.origin}/.well-known/oauth-authorization-server${path}`, `${u.origin}${path}/.well-known/openid-configuration`];
}

export async function discover(issuer: string, timeoutMs: number): Promise<IdpMetadata> {
  const tried: string[] = [];
  for (const url of metadataUrls(issuer)) {
    const { status, json } = await idpRequest({ what: 'discovery', url, timeoutMs }).catch((e: Error) => {
      // An HTML 404 page is "not here", not a broken IdP: try the next document.
      if (/answered HTTP 404 /.test(e.message)) return { status: 404, json: {} as Record<string, unknown> };
      throw e;
    });
    if (status === 404 || status === 405) {
      tried.push(`${url} (${status})`);
      continue;
    }
    if (status !== 200) throw new IdpError(`discovery at ${url} answered HTTP ${status}`);
    return parseMetadata(json, issuer, url);
  }
  throw new IdpError(`no authorization server metadata for issuer ${issuer}: ${tried.join(', ')}; set auth.tokenUrl to skip discovery`);
}

function parseMetadata(json: Record<string, unknown>, issuer: string, source: string): IdpMetadata {
  if (json.issuer !== issuer) {
    throw new IdpError(`discovery at ${source} names issuer ${JSON.stringify(json.issuer)}, not ${JSON.stringify(issuer)} (auth.issuer must be exactly the iss of its tokens)`);
  }
  if (typeof json.token_endpoint !== 'string' || !URL.canParse(json.token_endpoint)) throw new IdpError(`discovery at ${source} has no token_endpoint`);
  const strings = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
  return {
    issuer,
    tokenEndpoint: json.token_endpoint,
    ...(typeof json.jwks_uri === 'string' ? { jwksUri: json.jwks_uri } : {}),
    ...(strings(json.token_endpoint_auth_methods_supported) ? { tokenEndpointAuthMethods: strings(json.token_endpoint_auth_methods_supported) } : {}),
    ...(strings(json.grant_types_supported) ? { grantTypes: strings(json.grant_types_supported) } : {}),
    source,
  };
}
