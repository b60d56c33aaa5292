// The run's secrets, prepared for redaction once (reports walk thousands of strings) and extended
// as the list grows (the harness mints tokens all run long). A JWS is known by its signature — the
// part that makes it a credential, and the part pattern redaction misses when the rest is mangled
// (`header.payload!!$$.signature`). Anything else is known by its value and its encodings.

const MIN_SECRET_LENGTH = 4;
/** Known secrets shorter than this are not looked for inside decoded bytes (chance matches). */
const MIN_DECODED_LENGTH = 12;
const SIGNATURE_PREFIX = 16;
const JWS_LIKE = /^[^.\s]*\.[^.\s]*\.([A-Za-z0-9_-]{16,})$/;
const BASE64URL_RUN = /[A-Za-z0-9_-]{16,}/g;

export class KnownSecrets {
  /** Each non-JWS secret as written and encoded, longest first so none is half-replaced. */
  forms: string[] = [];
  /** Non-JWS secrets looked for inside decoded bytes. */
  readonly decodable: string[] = [];
  private readonly signatures = new Set<string>();
  private seen = 0;

  extend(secrets: readonly string[]): void {
    const fresh = secrets.slice(this.seen);
    this.seen = secrets.length;
    const added: string[] = [];
    for (const secret of fresh) {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
      const signature = JWS_LIKE.exec(secret)?.[1];
      if (signature) {
        this.signatures.add(signature.slice(0, SIGNATURE_PREFIX));
        continue;
      }
      for (const form of encodings(secret)) if (form.length >= MIN_SECRET_LENGTH) added.push(form);
      if (secret.length >= MIN_DECODED_LENGTH) this.decodable.push(secret);
    }
    // Minted tokens (JWS) come by the thousand and add no forms: sort only when forms came.
    if (added.length) this.forms = [...new Set([...this.forms, ...added])].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.seen;
  }

  /** Every known secret and signature in the text replaced by `label`. */
  replace(text: string, label: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(label);
    if (this.signatures.size) out = out.replace(BASE64URL_RUN, (run) => (this.signatures.has(run.slice(0, SIGNATURE_PREFIX)) ? label : run));
    return out;
  }

  /** Whether decoded bytes hold a known secret or signature. */
  within(decoded: string): boolean {
    for (const secret of this.decodable) if (decoded.includes(secret)) return true;
    if (!this.signatures.size) return false;
    for (const [run] of decoded.matchAll(BASE64URL_RUN)) if (this.signatures.has(run.slice(0, SIGNATURE_PREFIX))) return true;
    return false;
  }
}

const cache = new WeakMap<readonly string[], KnownSecrets>();

/** Prepared once per list; a list that grew (append-only) is extended, one that shrank is prepared anew. */
export function knownSecrets(secrets: readonly string[]): KnownSecrets {
  let known = cache.get(secrets);
  if (!known || known.size > secrets.length) cache.set(secrets, (known = new KnownSecrets()));
  if (known.size < secrets.length) known.extend(secrets);
  return known;
}

function encodings(secret: string): string[] {
  const bytes = Buffer.from(secret);
  const base64 = bytes.toString('base64');
  const hex = bytes.toString('hex');
  return [secret, urlEncoded(secret), bytes.toString('base64url'), base64, urlEncoded(base64), base64.replace(/=+$/, ''), hex, hex.toUpperCase()];
}

function urlEncoded(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s; // a lone surrogate: it cannot appear URL-encoded either
  }
}
