// Redirect URIs: which ones a client may register, and whether a request's matches a registered one.
import { isIP } from 'node:net';

/** Hosts a plain-http redirect URI may name: the user's own machine (RFC 8252 §7.3, §8.3). */
function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || isLoopbackIpLiteral(hostname);
}

function isLoopbackIpLiteral(hostname: string): boolean {
  if (hostname === '[::1]') return true;
  return isIP(hostname) === 4 && hostname.startsWith('127.');
}

/** Why `uri` cannot be registered as a redirect URI, or undefined when it can. */
export function redirectUriProblem(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !URL.canParse(uri)) return 'a redirect URI must be an absolute URI';
  const url = new URL(uri);
  if (url.hash !== '' || uri.includes('#')) return 'a redirect URI must not have a fragment';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return isLoopbackName(url.hostname) ? undefined : 'plain http redirect URIs are for loopback hosts only';
  }
  // RFC 8252 §7.1: native apps use a private-use scheme in reverse-domain form (com.example.app:/cb).
  return /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/i.test(url.protocol) ? undefined : `scheme ${url.protocol} is not allowed`;
}

/**
 * Exact string comparison, except that a loopback IP literal's port may differ (OAuth 2.1
 * §8.4.2, RFC 8252 §7.3: a native app listens on whatever port the OS gives it).
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  if (!URL.canParse(registered) || !URL.canParse(requested)) return false;
  const want = new URL(registered);
  const got = new URL(requested);
  if (want.protocol !== 'http:' || got.protocol !== 'http:' || !isLoopbackIpLiteral(want.hostname)) return false;
  want.port = got.port;
  return want.href === requested;
}

export function registeredRedirectUri(registered: readonly string[], requested: string): boolean {
  return registered.some((uri) => redirectUriMatches(uri, requested));
}
