// One JSON exchange with the identity provider (discovery, JWKS, token endpoint): bounded in time
// and size, over http or https (auth.ca through the origin's trusted CA), every failure one line.
import { sendRaw } from '../probe/http.ts';
import { redactText } from '../report/redact.ts';
import { IdpError } from './idp-error.ts';

export interface IdpRequest {
  /** What is being asked, for error lines: "discovery", "the token endpoint (alice)". */
  what: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** application/x-www-form-urlencoded body. */
  form?: URLSearchParams;
  timeoutMs: number;
  /** Values to redact from any text of the answer quoted in an error. */
  secrets?: Iterable<string>;
}

export interface IdpAnswer {
  status: number;
  json: Record<string, unknown>;
}

const MAX_BODY = 256 * 1024;

/**
 * Sends the request; answers with the parsed JSON object whatever the status (the token endpoint's
 * errors are JSON). Throws IdpError when nothing usable came back: timeout, network, HTML, not JSON.
 */
export async function idpRequest(req: IdpRequest): Promise<IdpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  if (req.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const r = await sendRaw({
    method: req.method ?? (req.form ? 'POST' : 'GET'),
    url: req.url,
    headers,
    body: req.form?.toString(),
    timeoutMs: req.timeoutMs,
    maxBodyBytes: MAX_BODY,
  });
  const where = `${req.what} at ${req.url}`;
  if (r.error && r.error.startsWith('timeout')) throw new IdpError(`${where} did not answer within ${req.timeoutMs} ms`);
  if (r.error && !r.status) throw new IdpError(`${where} is unreachable: ${r.error}`);
  if (r.truncated) throw new IdpError(`${where} answered more than ${MAX_BODY} bytes`);
  const type = (r.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    const shown = type || 'no content type';
    throw new IdpError(`${where} answered HTTP ${r.status} with ${shown}, not JSON${type === 'text/html' ? ' (an HTML page: is the URL right, or a login proxy in front?)' : ''}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new IdpError(`${where} answered HTTP ${r.status} with JSON that is not an object`);
  return { status: r.status, json: json as Record<string, unknown> };
}

/** Text from the IdP quoted in an error line: redacted, one line, short. */
export function quoteIdp(text: unknown, secrets: Iterable<string> = []): string {
  const line = String(text).replace(/\s+/g, ' ').trim();
  const short = line.length > 160 ? `${line.slice(0, 157)}…` : line;
  return redactText(short, [...secrets]);
}
