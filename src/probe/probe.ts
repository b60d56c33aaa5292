// Raw MCP over Streamable HTTP: builds each revision's requests, carries sessions, and records
// every exchange as redacted evidence. Raw on purpose: it must send what SDK clients never send.
import type { Exchange, Revision } from '../check.ts';
import { redactText } from '../report/redact.ts';
import { excerpt } from './excerpt.ts';
import { sendRaw, type RawResponse } from './http.ts';
import {
  hasResponseFor,
  initializedNotification,
  initializeRequest,
  isStateless,
  notification,
  parseMessages,
  request,
  standardHeaders,
  type JsonRpcMessage,
} from './messages.ts';

export interface ProbeOptions {
  url: string;
  revision: Revision;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Applied to everything evidence keeps, before it is clipped. Default: pattern redaction (no known secrets). */
  redact?: (text: string) => string;
}

export interface Credentials {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** The whole Authorization header value; wins over `token`. */
  authorization?: string;
  /** How evidence names the credential, e.g. "expired token". Never the token itself. */
  label?: string;
}

export interface SendOptions extends Credentials {
  method?: 'POST' | 'GET' | 'DELETE';
  headers?: Record<string, string>;
  /** Query string without `?`. */
  query?: string;
  session?: string;
  /** Overrides the URL (e.g. a well-known document). */
  url?: string;
  /** For a stream: stop reading once this returns true for the body so far (an SSE event that came). */
  readUntil?: (bodySoFar: string) => boolean;
  /** With readUntil: answer then, but keep the stream open until the response's close(). */
  keepOpen?: boolean;
}

export interface McpResponse extends RawResponse {
  method: string;
  messages: JsonRpcMessage[];
  /** The answer to the request sent, if one came. */
  answer?: JsonRpcMessage;
  sessionId?: string;
  exchange: Exchange;
}

export interface Session {
  id?: string; // undefined for stateless revisions
  response: McpResponse;
}

const EVIDENCE_HEADERS = ['content-type', 'www-authenticate', 'mcp-session-id', 'location', 'allow'];

export class Probe {
  readonly url: string;
  readonly revision: Revision;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  readonly redact: (text: string) => string;
  private nextId = 1;

  constructor(opts: ProbeOptions) {
    this.url = opts.url;
    this.revision = opts.revision;
    this.timeoutMs = opts.timeoutMs ?? 5000;
    this.maxBodyBytes = opts.maxBodyBytes ?? 1024 * 1024;
    this.redact = opts.redact ?? ((text) => redactText(text, []));
  }

  /** Sends one HTTP exchange to the MCP endpoint (or `opts.url`). */
  async send(body: JsonRpcMessage | string | undefined, opts: SendOptions = {}): Promise<McpResponse> {
    const method = opts.method ?? (body === undefined ? 'GET' : 'POST');
    const base = opts.url ?? this.url;
    const url = opts.query ? `${base}${base.includes('?') ? '&' : '?'}${opts.query}` : base;
    const headers: Record<string, string> = {
      accept: method === 'GET' ? 'text/event-stream' : 'application/json, text/event-stream',
      'mcp-protocol-version': this.revision,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.session ? { 'mcp-session-id': opts.session } : {}),
      ...(typeof body === 'object' ? standardHeaders(body, this.revision) : {}),
    };
    if (opts.url) delete headers['mcp-protocol-version'];
    const authorization = opts.authorization ?? (opts.token !== undefined ? `Bearer ${opts.token}` : undefined);
    if (authorization !== undefined) headers.authorization = authorization;
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;

    const text = typeof body === 'string' ? body : body === undefined ? undefined : JSON.stringify(body);
    const id = typeof body === 'object' && typeof body.id === 'number' ? body.id : undefined;
    const raw = await sendRaw({
      method,
      url,
      headers,
      body: text,
      timeoutMs: this.timeoutMs,
      maxBodyBytes: this.maxBodyBytes,
      headersOnly: method === 'GET' && !opts.url && !opts.readUntil, // a GET stream never ends by itself
      enough: opts.readUntil ?? (id === undefined ? undefined : answerSeen(id)),
      keepOpen: opts.keepOpen,
    });
    const messages = parseMessages(raw.headers['content-type'] ?? '', raw.body);
    const answer = id === undefined ? undefined : messages.find((m) => m.id === id);
    const response = { ...raw, method, messages, answer, sessionId: raw.headers['mcp-session-id'] } as McpResponse;
    // Described (and redacted) when evidence first reads it: most exchanges never become evidence,
    // and redaction is most of what a request costs the harness.
    let exchange: Exchange | undefined;
    const redact = this.redact;
    const sent = { ...opts, headers: { ...opts.headers } }; // as sent, whatever the caller does with opts later
    Object.defineProperty(response, 'exchange', {
      enumerable: true,
      get: () => (exchange ??= describe(method, url, typeof body === 'object' ? body.method : undefined, sent, raw, redact)),
    });
    return response;
  }

  /** Opens a session (2025 revisions: initialize + initialized); stateless revisions have none. */
  async open(creds: Credentials): Promise<Session> {
    if (isStateless(this.revision)) {
      const response = await this.send(request(this.id(), 'tools/list', {}, this.revision), creds);
      return { response };
    }
    const response = await this.send(initializeRequest(this.id(), this.revision), creds);
    if (response.status >= 200 && response.status < 300 && response.sessionId) {
      await this.send(initializedNotification(), { ...creds, session: response.sessionId });
    }
    return { id: response.sessionId, response };
  }

  /** A request in this revision's shape (with `_meta` for stateless revisions). */
  call(method: string, params: Record<string, unknown>, opts: SendOptions = {}): Promise<McpResponse> {
    return this.send(request(this.id(), method, params, this.revision), opts);
  }

  notify(method: string, opts: SendOptions = {}): Promise<McpResponse> {
    return this.send(notification(method, this.revision), opts);
  }

  callTool(name: string, args: Record<string, unknown>, opts: SendOptions = {}): Promise<McpResponse> {
    return this.call('tools/call', { name, arguments: args }, opts);
  }

  private id(): number {
    return this.nextId++;
  }
}

/** True when the exchange did what was asked: 2xx and a JSON-RPC result that isn't a tool error. */
export function succeeded(res: McpResponse): boolean {
  if (res.status < 200 || res.status >= 300) return false;
  if (res.method !== 'POST') return true; // a GET stream or DELETE has no JSON-RPC answer
  if (res.status === 202 && res.body.trim() === '') return true; // accepted notification
  const answer = res.answer ?? res.messages[0];
  return answer?.result !== undefined && answer.result.isError !== true;
}

const BODY_EXCERPT_CHARS = 400;
const HEADER_EXCERPT_CHARS = 1000;

function describe(method: string, url: string, rpc: string | undefined, opts: SendOptions, raw: RawResponse, redact: (text: string) => string): Exchange {
  const u = new URL(url);
  const auth =
    opts.authorization !== undefined || opts.token !== undefined
      ? `Authorization: ${schemeOf(opts.authorization ?? 'Bearer x')} <${opts.label ?? 'redacted'}>`
      : 'no Authorization';
  const extra = Object.entries(opts.headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  const path = u.pathname + (u.search ? '?' + [...u.searchParams.keys()].map((k) => `${k}=…`).join('&') : '');
  const exchange: Exchange = {
    request: redact(`${method} ${path}${rpc ? ` ${rpc}` : ''} (${auth}${opts.session ? '; session' : ''}${extra ? '; ' + extra : ''})`),
  };
  if (raw.status) exchange.status = raw.status;
  const headers: Record<string, string> = {};
  for (const h of EVIDENCE_HEADERS) {
    if (raw.headers[h] !== undefined) headers[h] = h === 'mcp-session-id' ? '<present>' : excerpt(raw.headers[h], HEADER_EXCERPT_CHARS, redact);
  }
  if (Object.keys(headers).length) exchange.headers = headers;
  if (raw.body) exchange.body = excerpt(raw.body, BODY_EXCERPT_CHARS, redact);
  if (raw.error) exchange.error = excerpt(raw.error, BODY_EXCERPT_CHARS, redact);
  return exchange;
}

/** For an SSE body read as it comes: has the answer to `id` arrived? Each event is parsed once. */
function answerSeen(id: number): (bodySoFar: string) => boolean {
  let parsed = 0; // the text before this is whole events, already looked at
  return (body) => {
    let end = parsed;
    for (const boundary of body.slice(parsed).matchAll(/\r?\n\r?\n/g)) end = parsed + boundary.index + boundary[0].length;
    if (end === parsed) return false;
    const events = body.slice(parsed, end);
    parsed = end;
    return hasResponseFor(id, 'text/event-stream', events);
  };
}

function schemeOf(authorization: string): string {
  return authorization.split(' ')[0] || '(empty)';
}
