// The HTTP+SSE transport of MCP 2024-11-05, which servers still serve beside Streamable HTTP for
// old clients: GET /sse opens a stream whose first event (`endpoint`) names the URL to POST
// messages to (/messages?sessionId=…); answers come back on the stream. Off unless LEGACY_SSE=1.
// Sessions are bound to the principal that opened the stream, and every POST needs its own token.
import { randomUUID } from 'node:crypto';
import type { AuthInfo, JSONRPCMessage, MessageExtraInfo, Transport } from '@modelcontextprotocol/server';
import type { Caller } from '../auth/authenticate.ts';
import { jsonRpcError } from '../http/json-rpc-error.ts';
import { createReferenceMcpServer, type ToolOptions } from './tools.ts';

export const SSE_PATH = '/sse';
export const MESSAGES_PATH = '/messages';
const MAX_STREAMS = 200;

/** One open GET /sse: what the server sends goes out as `message` events. */
class SseStreamTransport implements Transport {
  readonly sessionId = randomUUID();
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  readonly stream: ReadableStream<Uint8Array>;
  #controller?: ReadableStreamDefaultController<Uint8Array>;
  #closed = false;

  constructor(onCancel: () => void) {
    this.stream = new ReadableStream({
      start: (controller) => {
        this.#controller = controller;
        this.#event('endpoint', `${MESSAGES_PATH}?sessionId=${this.sessionId}`);
      },
      cancel: () => {
        this.#closed = true;
        onCancel();
        this.onclose?.();
      },
    });
  }

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    this.#event('message', JSON.stringify(message));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#controller?.close();
    this.onclose?.();
  }

  receive(message: JSONRPCMessage, authInfo: AuthInfo | undefined): void {
    this.onmessage?.(message, authInfo ? { authInfo } : undefined);
  }

  #event(name: string, data: string): void {
    if (!this.#closed) this.#controller?.enqueue(new TextEncoder().encode(`event: ${name}\ndata: ${data}\n\n`));
  }
}

interface Stream {
  transport: SseStreamTransport;
  owner?: string;
  openedWith?: AuthInfo;
}

export interface LegacySse {
  /** GET /sse by an authenticated caller. */
  open(caller: Caller): Promise<Response>;
  /** POST /messages?sessionId=…; `caller` undefined: the request was never authenticated (a flaw). */
  post(request: Request, caller: Caller | undefined, body: unknown): Response;
  close(): Promise<void>;
}

export function createLegacySse(tools: ToolOptions): LegacySse {
  const streams = new Map<string, Stream>();
  return {
    async open(caller) {
      const transport: SseStreamTransport = new SseStreamTransport(() => streams.delete(transport.sessionId));
      const id = transport.sessionId;
      const authInfo = caller.kind === 'user' ? caller.authInfo : undefined;
      streams.set(id, { transport, owner: caller.kind === 'user' ? caller.identity.sub : undefined, openedWith: authInfo });
      for (const oldest of streams.keys()) {
        if (streams.size <= MAX_STREAMS) break;
        void streams.get(oldest)?.transport.close();
        streams.delete(oldest);
      }
      const server = createReferenceMcpServer(tools);
      transport.onclose = () => void server.close();
      await server.connect(transport);
      return new Response(transport.stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
    },
    post(request, caller, body) {
      const stream = streams.get(new URL(request.url).searchParams.get('sessionId') ?? '');
      // Another principal's session is answered exactly like an unknown one.
      if (!stream || (caller?.kind === 'user' && stream.owner !== undefined && caller.identity.sub !== stream.owner)) {
        return jsonRpcError(404, -32001, 'Session not found');
      }
      if (body === undefined || body === null || typeof body !== 'object') return jsonRpcError(400, -32700, 'Parse error');
      const authInfo = caller === undefined ? stream.openedWith : caller.kind === 'user' ? caller.authInfo : undefined;
      stream.transport.receive(body as JSONRPCMessage, authInfo);
      return new Response('Accepted', { status: 202 });
    },
    async close() {
      const all = [...streams.values()];
      streams.clear();
      await Promise.allSettled(all.map((s) => s.transport.close()));
    },
  };
}
