// An OAuth token endpoint for the client library's unit tests, as msw handlers: client_secret_basic,
// client_credentials and refresh_token grants, single-use (rotating) refresh tokens. What it
// saw is kept in `requests`, so tests count token requests and invalid_grant answers.
import { http, HttpResponse } from 'msw';

export const TOKEN_URL = 'http://issuer.test/token';
export const CLIENT = { clientId: 'alice-client', clientSecret: 'alice secret+/=' };

export interface SeenTokenRequest {
  grantType: string | null;
  refreshToken: string | null;
  /** The client id from the Basic credentials, form-decoded. */
  clientId?: string;
  clientSecret?: string;
  status: number;
  error?: string;
}

export function mockIssuer(opts: { expiresIn?: number; rotate?: boolean } = {}) {
  const requests: SeenTokenRequest[] = [];
  const live = new Set<string>();
  let issued = 0;

  const handler = http.post(TOKEN_URL, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    const basic = /^Basic (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map((s) => decodeURIComponent(s.replace(/\+/g, ' '))) : [];
    const seen: SeenTokenRequest = { grantType: form.get('grant_type'), refreshToken: form.get('refresh_token'), clientId: id, clientSecret: secret, status: 200 };
    requests.push(seen);
    const refuse = (status: number, error: string) => {
      Object.assign(seen, { status, error });
      return HttpResponse.json({ error }, { status });
    };
    if (id !== CLIENT.clientId || secret !== CLIENT.clientSecret) return refuse(401, 'invalid_client');
    if (seen.grantType === 'refresh_token') {
      if (!seen.refreshToken || !live.has(seen.refreshToken)) return refuse(400, 'invalid_grant');
      if (opts.rotate !== false) live.delete(seen.refreshToken);
    } else if (seen.grantType !== 'client_credentials') return refuse(400, 'unsupported_grant_type');
    issued++;
    const refresh = `refresh-${issued}`;
    live.add(refresh);
    return HttpResponse.json({ access_token: `access-${issued}`, token_type: 'Bearer', expires_in: opts.expiresIn ?? 300, refresh_token: refresh });
  });

  return {
    handler,
    requests,
    /** Makes every live refresh token unusable, as a revocation at the authorization server would. */
    revokeRefreshTokens: () => live.clear(),
  };
}
