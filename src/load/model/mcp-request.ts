// Raw MCP requests as plain data (method, url, headers, body) for one protocol revision, built on
// src/probe/messages.ts. Pure: k6 scripts hand the result to http.request, Node to node:http.
import {
  initializedNotification,
  initializeRequest,
  isStateless,
  request,
  standardHeaders,
  type JsonRpcMessage,
} from '../../../src/probe/messages.ts';
import type { Revision } from '../../../src/revisions.ts';

export interface CallTarget {
  url: string;
  revision: Revision;
  /** Sent as `Authorization: Bearer <token>`; absent for the auth-off twin. */
  token?: string;
  /** Mcp-Session-Id (2025 revisions, after initialize). */
  session?: string;
}

export interface HttpCall {
  method: 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The JSON-RPC id the answer carries, for requests. */
  id?: number;
}

export function post(target: CallTarget, message: JsonRpcMessage): HttpCall {
  const headers: Record<string, string> = {
    accept: 'application/json, text/event-stream',
    'content-type': 'application/json',
    'mcp-protocol-version': target.revision,
    ...standardHeaders(message, target.revision),
  };
  if (target.session) headers['mcp-session-id'] = target.session;
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  return { method: 'POST', url: target.url, headers, body: JSON.stringify(message), ...(typeof message.id === 'number' ? { id: message.id } : {}) };
}

/** tools/call in the target's revision (2026-07-28: with the `_meta` envelope and routing headers). */
export function toolCall(target: CallTarget, id: number, name: string, args: Record<string, unknown> = {}): HttpCall {
  return post(target, request(id, 'tools/call', { name, arguments: args }, target.revision));
}

/** Whether the revision needs initialize + a session id before calls. */
export function needsSession(revision: Revision): boolean {
  return !isStateless(revision);
}

export function initialize(target: CallTarget, id: number): HttpCall {
  return post(target, initializeRequest(id, target.revision));
}

export function initialized(target: CallTarget): HttpCall {
  return post(target, initializedNotification());
}

export function listTools(target: CallTarget, id: number): HttpCall {
  return post(target, request(id, 'tools/list', {}, target.revision));
}
