// The first characters of a text that is too long to redact whole, cut so that no run of token
// characters is split: what redaction could not recognise because it was cut (the first 42
// characters of a 43-character secret) is dropped, never kept. Redact after this, clip after that.

/** Characters a token, a secret or one of their encodings is made of (RFC 7235 token68, %XX). */
const TOKEN_CHAR = /[A-Za-z0-9\-._~+/=%]/;

export function safeHead(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max;
  if (TOKEN_CHAR.test(text[cut]!)) while (cut > 0 && TOKEN_CHAR.test(text[cut - 1]!)) cut--;
  return text.slice(0, cut);
}

/** Text that may stop in the middle of a token (an unfinished line), less its last run. */
export function withoutTrailingRun(text: string): string {
  let cut = text.length;
  while (cut > 0 && TOKEN_CHAR.test(text[cut - 1]!)) cut--;
  return text.slice(0, cut);
}
