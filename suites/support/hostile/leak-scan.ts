// Finds a token or a secret in text, in any encoding: the text as written, URL-decoded, and every
// run that decodes as hex or base64 (at each alignment), two encodings deep. A secret is found by
// any 16 characters of it (so a secret cut in two is found too); a token by any 16 characters of
// its signature, and any JWT-shaped text counts as a leak whatever it signs.
const WINDOW = 16;
const JWT_SHAPE = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;
const CREDENTIAL_RUN = /[A-Za-z0-9_+/-]{16,}/g;
const ENCODED_RUN = /(?:[A-Za-z0-9+/_-]|%[0-9A-Fa-f]{2}){16,}=*/g;

export interface Leak {
  what: string;
  /** How it was found: `plain`, `url`, `base64@1 > hex@0`, … */
  how: string;
}

export class LeakScanner {
  private readonly windows = new Map<string, string>();

  /** `secret`: a value no output may show any part of; `token`: a credential (JWT or opaque). */
  add(kind: 'secret' | 'token', value: string): void {
    if (new Set(value).size < 10) return; // "AAAA…": filler the harness sends, not a credential anyone could use
    const parts = value.split('.');
    const needle = kind === 'token' && parts.length === 3 && parts[2]!.length >= WINDOW ? parts[2]! : value;
    if (needle.length < WINDOW) return;
    for (let i = 0; i + WINDOW <= needle.length; i++) this.windows.set(needle.slice(i, i + WINDOW), `${kind} …${needle.slice(0, 6)}`);
  }

  scan(text: string): Leak[] {
    const leaks: Leak[] = [];
    this.look(text, 'plain', 2, leaks);
    return leaks;
  }

  private look(text: string, how: string, depth: number, leaks: Leak[]): void {
    if (JWT_SHAPE.test(text)) leaks.push({ what: `JWT-shaped text ${JWT_SHAPE.exec(text)![0].slice(0, 12)}…`, how });
    // Secrets and signatures are base64url: only runs of those characters can hold a piece of one.
    search: for (const [run] of text.matchAll(CREDENTIAL_RUN)) {
      for (let i = 0; i + WINDOW <= run.length; i++) {
        const hit = this.windows.get(run.slice(i, i + WINDOW));
        if (hit) {
          leaks.push({ what: hit, how });
          break search;
        }
      }
    }
    if (depth === 0) return;
    if (/%[0-9A-Fa-f]{2}/.test(text)) this.look(text.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), `${how} > url`, depth - 1, leaks);
    for (const [run] of text.matchAll(ENCODED_RUN)) {
      if (/^[0-9A-Fa-f]+$/.test(run)) {
        for (const o of [0, 1]) this.look(Buffer.from(run.slice(o), 'hex').toString('latin1'), `${how} > hex@${o}`, depth - 1, leaks);
      }
      for (const o of [0, 1, 2, 3]) this.look(Buffer.from(run.slice(o), 'base64').toString('latin1'), `${how} > base64@${o}`, depth - 1, leaks);
    }
  }
}
