// The last line of defence: every report and log line passes through here before it is written.
// Known secrets are replaced verbatim and in their encodings; credential-shaped text is replaced by
// pattern, so a token the caller forgot to list still never reaches a CI log; and a run that
// decodes (URL-encoding, hex, base64 at any alignment, two levels deep) to a token or a secret is
// replaced whole. Redact before clipping (probe/excerpt.ts): a secret cut in two is no longer recognisable.

import { knownSecrets } from './known-secrets.ts';

const REDACTED = '<redacted>';

const SECRET_KEYS = /^(?:access_token|refresh_token|id_token|client_secret|client_assertion|password|cookie|set-cookie)$/i;
const AUTHORIZATION_KEY = /^(?:proxy-)?authorization$/i;
const JWK_PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

const PEM_PRIVATE_KEY =
  /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|(?:[A-Za-z0-9+/=:, \t\r\n-]|\\[nr])*)/g;

// `eyJ` is base64url for `{"`: a JOSE header. May sit after a %XX escape (URL-encoded `=`).
const EYJ_RUN = /(?:(?<![A-Za-z0-9])|(?<=%[0-9A-Fa-f]{2}))eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)+/g;
const DOTTED_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)+/g;
// A JWT fragment without its dots (a header, a token cut short): a base64url JSON object.
const LONE_EYJ = /(?:(?<![A-Za-z0-9+/_-])|(?<=%[0-9A-Fa-f]{2}))eyJ[A-Za-z0-9_-]{17,}=*/g;
// Text that may be an encoding (base64, base64url, hex, URL-encoded) of a token or a secret.
const ENCODED_RUN = /(?:[A-Za-z0-9+/_-]|%[0-9A-Fa-f]{2})+(?:=|%3[Dd])*/g;
const MIN_ENCODED_LENGTH = 16;
/** How many encodings deep a credential is looked for (base64 of a hex of a token: 2). */
const ENCODING_DEPTH = 2;
const CREDENTIAL_IN_DECODED = /eyJ[A-Za-z0-9_-]{8,}|\b(?:bearer|basic|dpop)\s+[A-Za-z0-9\-._~+/]{16,}/i;

// A credential (RFC 7235 token68), but not an auth-param such as `realm="mcp"` or `error=invalid_token`.
const TOKEN68 = String.raw`(?![!#$%&'*+.^_\x60|~0-9A-Za-z-]+\s*=\s*["0-9A-Za-z])[A-Za-z0-9\-._~+/]+=*(?![A-Za-z0-9\-._~+/=])`;
const AUTHORIZATION_IN_TEXT = new RegExp(
  String.raw`(\b(?:proxy-)?authorization["']?\s*[:=]\s*["']?\s*(?:bearer|basic|dpop)\s+)${TOKEN68}`,
  'gi',
);
const AUTHORIZATION_VALUE = new RegExp(String.raw`^(\s*(?:bearer|basic|dpop)\s+)${TOKEN68}\s*$`, 'i');

const SECRET_PARAM = /(?<![A-Za-z0-9_])(access_token|refresh_token|id_token|client_secret|client_assertion|code_verifier|password)=[^&\s"'#<>]+/gi;
const SECRET_JSON_MEMBER =
  /"(access_token|refresh_token|id_token|client_secret|client_assertion|password)"(\s*:\s*)"((?:[^"\\]|\\.)*)("?)/gi;
const JWK_PRIVATE_JSON_MEMBER = /"(d|p|q|dp|dq|qi|k)"(\s*:\s*)"[A-Za-z0-9_-]{16,}"/g;

export function redactText(s: string, secrets: readonly string[]): string {
  return knownSecrets(secrets)
    .replace(s, REDACTED)
    .replace(PEM_PRIVATE_KEY, '<redacted:private-key>')
    .replace(DOTTED_RUN, redactIfJose)
    .replace(EYJ_RUN, '<redacted:jwt>')
    .replace(LONE_EYJ, '<redacted:jwt>')
    .replace(ENCODED_RUN, (run) => (run.length >= MIN_ENCODED_LENGTH && hidesCredential(run, secrets, ENCODING_DEPTH) ? '<redacted:encoded>' : run))
    .replace(AUTHORIZATION_VALUE, '$1<redacted:credential>')
    .replace(AUTHORIZATION_IN_TEXT, '$1<redacted:credential>')
    .replace(SECRET_PARAM, '$1=<redacted>')
    .replace(SECRET_JSON_MEMBER, (m, key: string, sep: string, value: string, close: string) =>
      isLabel(value) ? m : `"${key}"${sep}"${REDACTED}${close}`,
    )
    .replace(JWK_PRIVATE_JSON_MEMBER, '"$1"$2"<redacted:jwk>"');
}

/** Redacts every string (and object key) in a JSON-like value; returns a copy, never mutates. */
export function redactDeep<T>(v: T, secrets: readonly string[]): T {
  // A report repeats its texts (each check's title, requirement and fix once per revision): each
  // distinct string is redacted once.
  const done = new Map<string, string>();
  const text = (s: string) => {
    let out = done.get(s);
    if (out === undefined) done.set(s, (out = redactText(s, secrets)));
    return out;
  };
  return walk(v, text, undefined, new WeakMap()) as T;
}

function walk(v: unknown, text: (s: string) => string, key: string | undefined, seen: WeakMap<object, unknown>): unknown {
  if (typeof v === 'string') return key === undefined ? text(v) : redactMember(key, v, text);
  if (v === null || typeof v !== 'object') return v;
  if (seen.has(v)) return seen.get(v);
  if (Array.isArray(v)) {
    const copy: unknown[] = [];
    seen.set(v, copy);
    for (const item of v) copy.push(walk(item, text, undefined, seen));
    return copy;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return v;
  const copy: Record<string, unknown> = {};
  seen.set(v, copy);
  const isJwk = typeof (v as Record<string, unknown>).kty === 'string';
  for (const [k, value] of Object.entries(v)) {
    copy[text(k)] = isJwk && JWK_PRIVATE_MEMBERS.includes(k) && value !== undefined ? '<redacted:jwk>' : walk(value, text, k, seen);
  }
  return copy;
}

/** A string under a telling key (a header map, a token response) is redacted by what it is, not how it looks. */
function redactMember(key: string, value: string, text: (s: string) => string): string {
  if (isLabel(value) || value === '') return text(value);
  if (AUTHORIZATION_KEY.test(key)) {
    const scheme = /^\s*(?:bearer|basic|dpop)(?:\s+|$)/i.exec(value)?.[0] ?? '';
    const credential = value.slice(scheme.length);
    if (credential.trim() === '' || isLabel(credential)) return value;
    return `${scheme}<redacted:credential>`;
  }
  if (SECRET_KEYS.test(key)) return REDACTED;
  return text(value);
}

/** `<token:expired>`-style labels the probe writes in place of a credential. */
function isLabel(value: string): boolean {
  return /^<[^<>]*>$/.test(value.trim());
}

function redactIfJose(run: string): string {
  const segments = run.split('.');
  if (segments.length <= 5 && decodesToJsonObject(segments[0]!)) return '<redacted:jwt>';
  return run;
}

function decodesToJsonObject(segment: string): boolean {
  if (!/^e[w-z0-9_-]/.test(segment)) return false; // every base64url encoding of `{` starts so
  return /^\s*\{\s*"/.test(Buffer.from(segment.slice(0, 16), 'base64url').toString('latin1'));
}

/** True when the run, decoded as URL-encoding, hex or base64 (at every alignment), holds a credential. */
function hidesCredential(run: string, secrets: readonly string[], depth: number): boolean {
  const text = run.includes('%') ? percentDecoded(run) : run;
  if (text !== run && holdsCredential(text, secrets, depth)) return true;
  if (/^[0-9A-Fa-f]+$/.test(text)) {
    for (let offset = 0; offset < 2; offset++) {
      if (holdsCredential(Buffer.from(text.slice(offset), 'hex').toString('latin1'), secrets, depth)) return true;
    }
  }
  const base64 = text.replace(/=+$/, '');
  for (let offset = 0; offset < 4; offset++) {
    if (holdsCredential(Buffer.from(base64.slice(offset), 'base64').toString('latin1'), secrets, depth)) return true;
  }
  return false;
}

function holdsCredential(decoded: string, secrets: readonly string[], depth: number): boolean {
  if (CREDENTIAL_IN_DECODED.test(decoded)) return true;
  if (knownSecrets(secrets).within(decoded)) return true;
  if (depth <= 1) return false;
  for (const [run] of decoded.matchAll(ENCODED_RUN)) {
    if (run.length >= MIN_ENCODED_LENGTH && hidesCredential(run, secrets, depth - 1)) return true;
  }
  return false;
}

function percentDecoded(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
