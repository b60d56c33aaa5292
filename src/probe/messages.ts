// JSON-RPC bodies per protocol revision, and parsing of JSON or SSE answers.
// Pure: no Node APIs, so load scripts can import it too.
import type { Revision } from '../revisions.ts';

export const CLIENT_INFO = { name: 'mcp-auth-harness', version: '0.1.0' };
export const MODERN_REVISION = '2026-07-28';

export interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
  /** Set when the message answers a request but its `result` or `error` is not an object (`result: null`): garbage, not an answer. */
  malformed?: string;
}

export function isStateless(revision: Revision): boolean {
  return revision === MODERN_REVISION;
}

export function initializeRequest(id: number, revision: Revision): JsonRpcMessage {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: revision, capabilities: {}, clientInfo: CLIENT_INFO },
  };
}

export function initializedNotification(): JsonRpcMessage {
  return { jsonrpc: '2.0', method: 'notifications/initialized' };
}

/** A request in the given revision; 2026-07-28 carries the per-request `_meta` envelope. */
export function request(id: number, method: string, params: Record<string, unknown>, revision: Revision): JsonRpcMessage {
  if (!isStateless(revision)) return { jsonrpc: '2.0', id, method, params };
  return { jsonrpc: '2.0', id, method, params: { ...params, _meta: envelope(revision) } };
}

export function notification(method: string, revision: Revision): JsonRpcMessage {
  if (!isStateless(revision)) return { jsonrpc: '2.0', method };
  return { jsonrpc: '2.0', method, params: { _meta: envelope(revision) } };
}

/** 2026-07-28 mirrors the method (and the tool/prompt/resource name) in headers for routing. */
export function standardHeaders(message: JsonRpcMessage, revision: Revision): Record<string, string> {
  if (!isStateless(revision) || !message.method) return {};
  const name = message.params?.name ?? message.params?.uri;
  return { 'mcp-method': message.method, ...(typeof name === 'string' ? { 'mcp-name': name } : {}) };
}

function envelope(revision: Revision): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': revision,
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
}

/** The JSON-RPC messages in a JSON or SSE body; [] when there are none or the body is garbage. */
export function parseMessages(contentType: string, body: string): JsonRpcMessage[] {
  const texts = contentType.includes('text/event-stream') ? sseData(body) : [body];
  const out: JsonRpcMessage[] = [];
  for (const text of texts) {
    try {
      const parsed: unknown = JSON.parse(text);
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
        if (m && typeof m === 'object' && (m as JsonRpcMessage).jsonrpc === '2.0') out.push(wellFormed(m as JsonRpcMessage));
      }
    } catch {
      // not JSON: the caller reports the body as garbage
    }
  }
  return out;
}

/** MCP results and JSON-RPC errors are objects; anything else is kept out of `result`/`error`, so no reader trips on it. */
function wellFormed(m: JsonRpcMessage): JsonRpcMessage {
  const bad = (['result', 'error'] as const).filter((k) => k in m && !isObject(m[k]));
  if (!bad.length) return m;
  const copy: JsonRpcMessage = { ...m, malformed: bad.map((k) => `${k} is ${kindOf(m[k])}, not an object`).join('; ') };
  for (const k of bad) delete copy[k];
  return copy;
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The `data:` payloads of complete SSE events (an event ends at a blank line). */
export function sseData(body: string): string[] {
  const text = body.replace(/\r\n?/g, '\n');
  const events = text.split('\n\n');
  if (!text.endsWith('\n\n')) events.pop(); // last event incomplete
  const out: string[] = [];
  for (const event of events) {
    const data = event
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''));
    if (data.length) out.push(data.join('\n'));
  }
  return out;
}

export function hasResponseFor(id: number, contentType: string, body: string): boolean {
  return parseMessages(contentType, body).some((m) => m.id === id && (m.result !== undefined || m.error !== undefined || m.malformed !== undefined));
}
