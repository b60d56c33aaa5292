// The one address the client under test talks to: the MCP endpoint and its protected-resource
// metadata (passed to the real MCP server behind), the token endpoint and authorization-server
// metadata (passed to the harness issuer). It records every request, and refuses the ones the
// fault plan says to refuse, exactly as the MCP server would (401 invalid_token).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMarker } from '../client/contract.ts';
import { BodyTooLargeError, readBody, sendJson } from '../issuer/http.ts';
import { sendRaw } from '../probe/http.ts';
import { readCredential } from './bearer.ts';
import type { FaultPlan } from './fault-plan.ts';
import { forward } from './forward.ts';
import type { McpEvent, MetadataKind, Recording } from './recording.ts';

export const MCP_PATH = '/mcp';
const MAX_MCP_BODY = 1024 * 1024;
const TOKEN_ANSWER_HEADERS = ['content-type', 'cache-control', 'pragma', 'www-authenticate'];

export interface Upstreams {
  /** The real MCP endpoint. */
  mcp: string;
  tokenUrl: string;
  /** The issuer's RFC 8414 document, served with this gate as token endpoint. */
  metadata: Record<string, unknown>;
}

export interface Gate {
  /** Origin of the gate: the authorization server as the client sees it. */
  url: string;
  mcpUrl: string;
  attach(upstreams: Upstreams, recording: Recording, plan: FaultPlan): void;
  close(): Promise<void>;
}

export async function startGate(): Promise<Gate> {
  let wired: { upstreams: Upstreams; recording: Recording; plan: FaultPlan } | undefined;
  const server: Server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 502, { error: 'gate_error' });
      else res.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (!wired) return sendJson(res, 503, { error: 'not_ready' });
    if (url.pathname === MCP_PATH) return mcp(req, res, url, wired);
    if (url.pathname === '/token') return token(req, res, url, wired);
    const kind = metadataKind(url.pathname);
    if (kind) return metadata(req, res, url, kind, wired);
    sendJson(res, 404, { error: 'not_found' });
  }

  /** Every metadata fetch is recorded: a client that fetches them again for every token shows here. */
  async function metadata(req: IncomingMessage, res: ServerResponse, url: URL, kind: MetadataKind, w: NonNullable<typeof wired>): Promise<void> {
    const event = w.recording.addMetadata({ kind, path: url.pathname });
    if (kind === 'protected-resource') {
      return forward(req, res, new URL(url.pathname, w.upstreams.mcp).href, undefined, (status) => (event.status = status));
    }
    event.status = url.pathname === '/.well-known/oauth-authorization-server' && req.method === 'GET' ? 200 : 404;
    if (event.status === 200) return sendJson(res, 200, w.upstreams.metadata);
    sendJson(res, 404, { error: 'not_found' });
  }

  async function mcp(req: IncomingMessage, res: ServerResponse, url: URL, w: NonNullable<typeof wired>): Promise<void> {
    let body: string | undefined;
    if (req.method === 'POST') {
      try {
        body = await readBody(req, MAX_MCP_BODY);
      } catch (e) {
        if (e instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'body_too_large' }, { connection: 'close' });
        throw e;
      }
    }
    const message = firstMessage(body);
    const credential = readCredential(req.headers.authorization);
    if (credential.token) w.recording.secrets.add(credential.token);
    const params = message?.params as Record<string, unknown> | undefined;
    const event = w.recording.addMcp({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      credential: credential.kind,
      token: credential.token,
      jti: credential.claims?.jti,
      user: w.recording.userOfClient(credential.claims?.clientId),
      rpc: typeof message?.method === 'string' ? message.method : undefined,
      marker: message?.method === 'tools/call' ? parseMarker((params?.arguments as Record<string, unknown> | undefined)?.text) : undefined,
      session: header(req, 'mcp-session-id'),
      protocolVersion: message?.method === 'initialize' && typeof params?.protocolVersion === 'string' ? params.protocolVersion : undefined,
      protocolHeader: header(req, 'mcp-protocol-version'),
    });
    const refusal = w.plan.decide(event);
    if (refusal) return refuse(res, event, refusal, message?.id);
    await forward(req, res, new URL(url.pathname + url.search, w.upstreams.mcp).href, body, (status, headers) => {
      event.status = status;
      const session = headers['mcp-session-id'];
      if (event.rpc === 'initialize' && typeof session === 'string' && status >= 200 && status < 300) {
        event.sessionOpened = session;
        if (event.user) w.recording.sessionOwners.set(session, event.user);
      }
    });
  }

  function refuse(res: ServerResponse, event: McpEvent, reason: NonNullable<McpEvent['refusedBy']>, id: unknown): void {
    event.status = 401;
    event.refusedBy = reason;
    const description = reason === 'revoked' ? 'the access token has been revoked' : 'the access token is not accepted';
    const challenge = `Bearer error="invalid_token", error_description="${description}", resource_metadata="${origin}/.well-known/oauth-protected-resource${MCP_PATH}"`;
    sendJson(res, 401, { jsonrpc: '2.0', id: id ?? null, error: { code: -32001, message: `Unauthorized: ${description}` } }, { 'www-authenticate': challenge });
  }

  async function token(req: IncomingMessage, res: ServerResponse, url: URL, w: NonNullable<typeof wired>): Promise<void> {
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLargeError) return sendJson(res, 413, { error: 'invalid_request' }, { connection: 'close' });
      throw e;
    }
    const params = new URLSearchParams(body);
    const clientId = basicClientId(req.headers.authorization) ?? params.get('client_id') ?? undefined;
    const event = w.recording.addToken({
      query: url.search.slice(1),
      clientId,
      user: w.recording.userOfClient(clientId),
      grantType: params.get('grant_type') ?? undefined,
      refreshToken: params.get('refresh_token') ?? undefined,
    });
    w.plan.onTokenRequest(event);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'authorization', 'accept']) {
      const value = header(req, name);
      if (value !== undefined) headers[name] = value;
    }
    const answer = await sendRaw({ method: req.method ?? 'POST', url: w.upstreams.tokenUrl + url.search, headers, body, timeoutMs: 10_000, maxBodyBytes: 64 * 1024 });
    if (!answer.status) return sendJson(res, 502, { error: 'temporarily_unavailable' });
    event.status = answer.status;
    const json = parseJson(answer.body);
    if (typeof json?.access_token === 'string') w.recording.label(json.access_token, event.user, 'access');
    if (typeof json?.refresh_token === 'string') w.recording.label(json.refresh_token, event.user, 'refresh');
    if (typeof json?.error === 'string') event.error = json.error;
    const out: Record<string, string> = {};
    for (const name of TOKEN_ANSWER_HEADERS) if (answer.headers[name] !== undefined) out[name] = answer.headers[name]!;
    res.writeHead(answer.status, out);
    res.end(answer.body);
    event.answeredSeq = w.recording.tick();
  }

  return {
    url: origin,
    mcpUrl: origin + MCP_PATH,
    attach(upstreams, recording, plan) {
      wired = { upstreams, recording, plan };
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function metadataKind(path: string): MetadataKind | undefined {
  if (path.startsWith('/.well-known/oauth-protected-resource')) return 'protected-resource';
  if (path.startsWith('/.well-known/oauth-authorization-server')) return 'authorization-server';
  if (path.startsWith('/.well-known/openid-configuration')) return 'openid-configuration';
  return undefined;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The first JSON-RPC message of a POST body (a batch counts by its first member). */
function firstMessage(body: string | undefined): Record<string, unknown> | undefined {
  const parsed = parseJson(body);
  return Array.isArray(parsed) ? parseJson(JSON.stringify(parsed[0])) : parsed;
}

function basicClientId(authorization: string | undefined): string | undefined {
  const m = /^basic\s+(\S+)/i.exec(authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
