// What evidence keeps of a response body or header: redacted first, clipped after, so a secret
// that straddles the clip is still recognised whole. A huge body is redacted only as far as a
// window that ends between token runs (safe-head.ts), which is far beyond the excerpt.
import { safeHead } from '../report/safe-head.ts';

const REDACTION_WINDOW = 16 * 1024;

export function excerpt(text: string, maxChars: number, redact: (text: string) => string): string {
  const window = safeHead(text, Math.max(REDACTION_WINDOW, maxChars));
  const redacted = redact(window);
  if (redacted.length <= maxChars && window.length === text.length) return redacted;
  return `${redacted.slice(0, maxChars)}…`;
}
