// The one address the client under test talks to: the MCP endpoint and its protected-resource
// metadata (passed to the real MCP server behind), and the authorization server's endpoints
// (oauth-proxy.ts: metadata, token, authorize, register — passed to the harness issuer). It
// records every request, and refuses the ones the fault plan says to refuse, exactly as the MCP
// server would (401 invalid_token).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMarker } from '../client/contract.ts';
import { BodyTooLargeError, readBody, sendJson } from '../issuer/http.ts';
import { readCredential } from './bearer.ts';
import type { FaultPlan } from './fault-plan.ts';
import { forward } from './forward.ts';
import { gateMetadata, proxyAuthorize, proxyRegister, proxyToken, type IssuerUpstream, type OAuthProxyContext } from './oauth-proxy.ts';
import type { McpEvent, MetadataKind, Recording } from './recording.ts';

export const MCP_PATH = '/mcp';
const MAX_MCP_BODY = 1024 * 1024;

export interface Upstreams {
  /** The real MCP endpoint. */
  mcp: string;
  issuer: IssuerUpstream;
}

export interface Gate {
  /** Origin of the gate: the authorization server as the client sees it. */
  url: string;
  mcpUrl: string;
  attach(upstreams: Upstreams, recording: Recording, plan: FaultPlan): void;
  close(): Promise<void>;
}

export async function startGate(): Promise<Gate> {
  let wired: { upstreams: Upstreams; recording: Recording; plan: FaultPlan; oauth: OAuthProxyContext } | undefined;
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
    if (url.pathname === '/token') return proxyToken(req, res, url, wired.oauth);
    if (url.pathname === '/authorize') return proxyAuthorize(req, res, url, wired.oauth);
    if (url.pathname === '/register') return proxyRegister(req, res, wired.oauth);
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
    const exact = url.pathname === '/.well-known/oauth-authorization-server' || url.pathname === '/.well-known/openid-configuration';
    event.status = exact && req.method === 'GET' ? 200 : 404;
    if (event.status === 200) return sendJson(res, 200, gateMetadata(w.oauth));
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
      user: w.recording.userOfToken(credential.claims),
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

  return {
    url: origin,
    mcpUrl: origin + MCP_PATH,
    attach(upstreams, recording, plan) {
      wired = { upstreams, recording, plan, oauth: { origin, issuer: upstreams.issuer, recording, plan } };
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
