// @ts-check
// The k6 side of an MCP call: send a request built by lib/mcp-request.ts with k6/http, open a
// session for 2025 revisions, and load the token pool (init context only). Thin on purpose: the
// logic lives in lib/, where Node tests exercise it.
import http from 'k6/http';
import { answerFor } from '../../src/load/model/mcp-answer.ts';
import { initialize, initialized, needsSession } from '../../src/load/model/mcp-request.ts';
import { parsePool } from '../../src/load/model/token-pool.ts';

/**
 * @typedef {import('../../src/load/model/mcp-request.ts').HttpCall} HttpCall
 * @typedef {import('../../src/load/model/mcp-request.ts').CallTarget} CallTarget
 * @typedef {import('../../src/load/model/load-settings.ts').LoadSettings} LoadSettings
 * @typedef {import('../../src/probe/messages.ts').JsonRpcMessage} JsonRpcMessage
 */

/**
 * Sends one call; `answer` is its JSON-RPC response when one came.
 * @param {HttpCall} call
 * @param {Record<string, string>} tags
 */
export function send(call, tags) {
  const res = http.request(call.method, call.url, call.body, { headers: call.headers, tags, responseType: 'text' });
  const body = typeof res.body === 'string' ? res.body : '';
  /** @type {JsonRpcMessage | undefined} */
  const answer = call.id === undefined ? undefined : answerFor(String(res.headers['Content-Type'] ?? ''), body, call.id);
  return { res, answer };
}

/**
 * Opens a session for 2025 revisions (initialize + initialized) and returns its id; stateless
 * revisions have none. Throws (failing the iteration) when the server refuses.
 * @param {CallTarget} target
 * @param {number} id
 * @param {string} side  tag value: which server this is (authed, baseline)
 * @returns {string | undefined}
 */
export function openSession(target, id, side) {
  if (!needsSession(target.revision)) return undefined;
  const { res } = send(initialize(target, id), { side, step: 'initialize' });
  const session = res.headers['Mcp-Session-Id'];
  if (res.status !== 200 || !session) throw new Error(`initialize on the ${side} server answered HTTP ${res.status}`);
  send(initialized({ ...target, session }), { side, step: 'initialize' });
  return session;
}

/**
 * The token pool (init context: uses open()). TOKEN_FILE wins over TOKENS.
 * @param {LoadSettings} settings
 */
export function readPool(settings) {
  return parsePool(settings.tokenFile ? open(settings.tokenFile) : String(settings.tokensJson));
}
