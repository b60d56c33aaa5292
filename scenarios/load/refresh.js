// @ts-check
// Refresh under load. Each VU is an OAuth client of the issuer: client_credentials first, then
// refresh_token grants (rotating) shortly before each short-lived access token expires, while it
// keeps calling the identity oracle. No call may be refused (any 4xx: 401, 403, or 404 for a
// session the server dropped when the token changed), no refresh may fail, and the token endpoint
// must see no storm. A refused call is repaired once (new token, or a new session) and retried.
//
//   k6 run --secret-source=file=pool.secret -e TARGET_URL=… -e TOKEN_URL=… -e ACCESS_TTL_SECONDS=10 scenarios/load/refresh.js
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { refreshMarginSeconds, refreshOptions } from '../../src/load/model/k6-options.ts';
import { summaryFiles } from '../../src/load/model/k6-summary.ts';
import { readLoadSettings } from '../../src/load/model/load-settings.ts';
import { needsSession, toolCall } from '../../src/load/model/mcp-request.ts';
import { subjectOf } from '../../src/load/model/mcp-answer.ts';
import { judgeAnswer } from '../../src/load/model/refresh-step.ts';
import { rotate } from '../../src/load/model/token-pool.ts';
import { checkReportDir, openSession, send, tokenPool } from './k6-mcp.js';

const settings = readLoadSettings(__ENV, 'refresh');
checkReportDir(settings);
const pool = tokenPool(settings);

/** @type {import('k6/options').Options} */
export const options = refreshOptions(settings);

const authRefused = new Counter('auth_refused');
const sessionsReopened = new Counter('sessions_reopened');
const refreshFailed = new Counter('refresh_failed');
const tokenRequests = new Counter('token_requests');
const tokenMixing = new Counter('token_mixing');
const margin = refreshMarginSeconds(settings);

/**
 * @typedef {import('../../src/load/model/token-pool.ts').PoolClient} Client
 * @type {{ client: Client, access?: string, refresh?: string, expiresAt: number, session?: string, nextId: number } | undefined}
 */
let vu;

async function state() {
  if (!vu) {
    const { clients } = await pool.index();
    if (!clients.length) throw new Error('refresh: the token pool has no clients');
    vu = { client: rotate(clients, exec.vu.idInTest - 1), expiresAt: 0, nextId: 1 };
  }
  return vu;
}

/**
 * One token request; on success the VU holds the new access and (rotated) refresh token.
 * @param {NonNullable<typeof vu>} v
 * @param {Record<string, string>} grant
 */
function tokenRequest(v, grant) {
  tokenRequests.add(1);
  const res = http.post(settings.tokenUrl ?? '', { ...grant, client_id: v.client.clientId, client_secret: v.client.clientSecret }, { tags: { side: 'issuer' }, responseType: 'text' });
  /** @type {{ access_token?: string, refresh_token?: string, expires_in?: number }} */
  let body = {};
  try {
    body = JSON.parse(typeof res.body === 'string' ? res.body : '{}');
  } catch {
    // counted as a failure below
  }
  if (res.status !== 200 || !body.access_token) {
    refreshFailed.add(1);
    return false;
  }
  v.access = body.access_token;
  v.refresh = body.refresh_token ?? v.refresh;
  v.expiresAt = Date.now() / 1000 + (body.expires_in ?? settings.accessTtlSeconds);
  return true;
}

/** @param {NonNullable<typeof vu>} v */
function renew(v) {
  return v.refresh ? tokenRequest(v, { grant_type: 'refresh_token', refresh_token: v.refresh }) : tokenRequest(v, { grant_type: 'client_credentials' });
}

/** @param {NonNullable<typeof vu>} v */
function openFor(v) {
  try {
    v.session = openSession({ url: settings.targetUrl, revision: settings.revision, token: v.access }, v.nextId++, 'authed');
    return true;
  } catch {
    v.session = undefined; // the next iteration tries again
    return false;
  }
}

/** @param {NonNullable<typeof vu>} v */
function whoami(v) {
  const target = { url: settings.targetUrl, revision: settings.revision, token: v.access, session: v.session };
  return send(toolCall(target, v.nextId++, settings.oracleTool, {}), { side: 'authed' });
}

export async function refresh() {
  const v = await state();
  if (!v.access || Date.now() / 1000 >= v.expiresAt - margin) {
    if (!renew(v)) return;
  }
  if (needsSession(settings.revision) && v.session === undefined && !openFor(v)) return;
  let answered = whoami(v);
  const first = judgeAnswer(answered.res.status, v.session !== undefined);
  // add(0) too, so the metric exists and its threshold is judged even when nothing was refused
  authRefused.add(first.refused ? 1 : 0);
  if (first.recovery !== 'none') {
    if (first.recovery === 'reopen-session') sessionsReopened.add(1);
    const repaired = first.recovery === 'renew-token' ? renew(v) : openFor(v);
    if (!repaired) return;
    answered = whoami(v);
    const second = judgeAnswer(answered.res.status, v.session !== undefined);
    if (second.refused) authRefused.add(1);
    if (second.recovery === 'reopen-session') v.session = undefined;
  }
  refreshFailed.add(0);
  const subject = subjectOf(answered.answer, settings.oraclePath);
  check(answered.res, { 'the oracle named the client': () => subject !== undefined });
  tokenMixing.add(subject !== undefined && subject !== v.client.subject ? 1 : 0);
}

/** @param {import('../../src/load/model/k6-summary.ts').K6SummaryData} data */
export function handleSummary(data) {
  return summaryFiles('refresh', data, settings.reportDir, settings.maxFailedRate);
}
