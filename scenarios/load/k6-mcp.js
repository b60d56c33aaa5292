// @ts-check
// The k6 side of an MCP call: send a request built by src/load/model/mcp-request.ts with k6/http,
// open a session for 2025 revisions, read the token pool from a k6 secret source, check the report
// dir. Thin on purpose: the logic lives in src/load/model, where Node tests exercise it.
import http from 'k6/http';
import secrets from 'k6/secrets';
import { answerFor } from '../../src/load/model/mcp-answer.ts';
import { initialize, initialized, needsSession } from '../../src/load/model/mcp-request.ts';
import { reportDirProblem } from '../../src/load/model/k6-summary.ts';
import { parsePoolIndex, POOL_KEY, splitChunk, tokenPosition } from '../../src/load/model/token-pool.ts';

/**
 * @typedef {import('../../src/load/model/mcp-request.ts').HttpCall} HttpCall
 * @typedef {import('../../src/load/model/mcp-request.ts').CallTarget} CallTarget
 * @typedef {import('../../src/load/model/load-settings.ts').LoadSettings} LoadSettings
 * @typedef {import('../../src/load/model/token-pool.ts').PoolIndex} PoolIndex
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
 * The token pool, read at run time from a k6 secret source (never open(): `k6 archive` would
 * bundle the file). Each VU keeps the index and the chunk it used last.
 * @param {LoadSettings} settings
 */
export function tokenPool(settings) {
  const source = settings.tokenSource ? secrets.source(settings.tokenSource) : secrets;
  /** @type {PoolIndex | undefined} */
  let index;
  /** @type {Map<string, string[]>} */
  const chunks = new Map();
  /** @param {string} key */
  const read = async (key) => {
    try {
      return await source.get(key);
    } catch (e) {
      throw new Error(`token pool: no secret "${key}" (${e instanceof Error ? e.message : e}); run k6 with --secret-source=file=pool.secret`);
    }
  };
  return {
    /** @returns {Promise<PoolIndex>} */
    async index() {
      index ??= parsePoolIndex(await read(POOL_KEY));
      return index;
    },
    /**
     * The n-th token (rotating) of identity group `group`.
     * @param {number} group
     * @param {number} n
     */
    async token(group, n) {
      const at = tokenPosition(await this.index(), group, n);
      let chunk = chunks.get(at.key);
      if (!chunk) {
        chunk = splitChunk(await read(at.key));
        if (chunks.size >= 4) chunks.delete(String(chunks.keys().next().value));
        chunks.set(at.key, chunk);
      }
      const token = chunk[at.offset];
      if (!token) throw new Error(`token pool: the secret "${at.key}" holds fewer tokens than the index says`);
      return token;
    },
  };
}

/**
 * Init context, first VU only: throws when REPORT_DIR is set but handleSummary could not write
 * there. k6 creates no directory for handleSummary's files and still exits 0 when it can't write
 * them, so this has to fail before the test instead.
 * @param {LoadSettings} settings
 */
export function checkReportDir(settings) {
  // Later VUs may only open() what the first one did; the first one's check is enough.
  if (!settings.reportDir || __VU !== 0) return;
  /** @type {string | undefined} */
  let error;
  try {
    open(settings.reportDir);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const problem = reportDirProblem(settings.reportDir, error);
  if (problem) throw new Error(problem);
}
