// The user's browser in a `client` run (contract.ts): the authorization endpoint is headless, so
// "the user logs in" is one GET of the URL the client built, naming the user with login_hint. The
// answer is the redirect to the client's redirect_uri, which is followed as a browser would — so a
// client listening on a loopback callback gets its code the way it would in real life.

export interface SignInOutcome {
  /** Where the authorization server sent the user: the client's redirect_uri with code, state and iss. */
  redirect: URL;
}

const TIMEOUT_MS = 10_000;
/**
 * A person takes seconds in the browser; this one takes milliseconds, and some clients open the
 * browser before their callback listens (mcp-remote when it signs in again mid-session). Like a
 * user reloading the page, delivery is retried while the callback refuses connections.
 */
const DELIVERY_PATIENCE_MS = 10_000;

export async function signIn(authorizationUrl: string | URL, user: string, opts: { deliver?: boolean } = {}): Promise<SignInOutcome> {
  const url = new URL(authorizationUrl);
  url.searchParams.set('login_hint', user);
  const answer = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  await answer.body?.cancel();
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`the authorization endpoint answered HTTP ${answer.status} instead of a redirect`);
  const redirect = new URL(location);
  if (opts.deliver !== false) await deliver(redirect);
  return { redirect };
}

async function deliver(redirect: URL): Promise<void> {
  const deadline = Date.now() + DELIVERY_PATIENCE_MS;
  for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
    try {
      const delivered = await fetch(redirect, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      await delivered.body?.cancel();
      return;
    } catch (error) {
      if (Date.now() + wait > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
