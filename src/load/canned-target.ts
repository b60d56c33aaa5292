// A canned-answer MCP endpoint: answers initialize, notifications, tools/list and tools/call
// (whoami) at once from prepared JSON, with no SDK, no auth and no work. Run against a pair of
// them, a load script measures itself: its zero-drop ceiling here is the most the tool can push
// on this machine, so a lower figure against a real server is the server's.
// Loopback only; it checks nothing and must never face a network.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CannedTarget {
  url: string;
  /** Requests answered so far. */
  answered(): number;
  close(): Promise<void>;
}

const TOOLS = { tools: [{ name: 'whoami', description: 'Names the caller', inputSchema: { type: 'object', properties: {} } }] };
const MAX_BODY = 64 * 1024;

export async function startCannedTarget(): Promise<CannedTarget> {
  let answered = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      answered++;
      if (req.method !== 'POST' || size > MAX_BODY) return send(res, 405, undefined);
      let message: { id?: unknown; method?: unknown; params?: { name?: unknown; protocolVersion?: unknown } };
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
      }
      if (message.id === undefined) return send(res, 202, undefined); // a notification
      const reply = (result: unknown, headers: Record<string, string> = {}) => send(res, 200, { jsonrpc: '2.0', id: message.id, result }, headers);
      switch (message.method) {
        case 'initialize':
          return reply(
            { protocolVersion: message.params?.protocolVersion ?? '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'canned', version: '1.0.0' } },
            { 'mcp-session-id': randomUUID() },
          );
        case 'tools/list':
          return reply(TOOLS);
        case 'tools/call': {
          const sub = subjectOf(req.headers.authorization);
          return reply({ content: [{ type: 'text', text: JSON.stringify({ sub }) }], structuredContent: { sub } });
        }
        default:
          return send(res, 200, { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { 'content-type': 'application/json' } : {}), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The `sub` of a bearer JWT, read without verifying (this target checks nothing). */
function subjectOf(authorization: string | undefined): string {
  const payload = authorization?.match(/^Bearer [\w-]+\.([\w-]+)\./)?.[1];
  if (!payload) return 'anonymous';
  try {
    return String(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub ?? 'anonymous');
  } catch {
    return 'anonymous';
  }
}
