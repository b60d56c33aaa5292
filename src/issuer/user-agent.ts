// The user's browser, headless: takes an authorization URL a client built, opens it as a given
// user, and reads where the issuer sends the user back. What a client's "open the browser" step
// does in a test, for in-process workloads; any HTTP client can do the same with login_hint.

export interface AuthorizationOutcome {
  /** Where the issuer sends the user: the client's redirect_uri with the answer in its query. */
  location: string;
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
}

export interface HeadlessOptions {
  /** The user who approves (subject or username); default: the one the issuer picks. */
  loginHint?: string;
  /** Also deliver the answer: GET the redirect URI, as a browser would (a loopback callback server). */
  follow?: boolean;
}

export async function authorizeHeadless(authorizationUrl: string | URL, opts: HeadlessOptions = {}): Promise<AuthorizationOutcome> {
  const url = new URL(authorizationUrl);
  if (opts.loginHint !== undefined) url.searchParams.set('login_hint', opts.loginHint);
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) {
    const body = await res.text().catch(() => '');
    throw new Error(`the authorization endpoint did not redirect (HTTP ${res.status}${body ? `: ${body.slice(0, 200)}` : ''})`);
  }
  await res.body?.cancel();
  const answer = new URL(location).searchParams;
  const outcome: AuthorizationOutcome = { location };
  for (const [field, param] of [['code', 'code'], ['state', 'state'], ['iss', 'iss'], ['error', 'error'], ['errorDescription', 'error_description']] as const) {
    const value = answer.get(param);
    if (value !== null) outcome[field] = value;
  }
  if (opts.follow) {
    const delivered = await fetch(location, { signal: AbortSignal.timeout(10_000) });
    await delivered.body?.cancel();
  }
  return outcome;
}
