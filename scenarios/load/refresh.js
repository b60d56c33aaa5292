// @ts-check
// Refresh under load. Each VU is an OAuth client of the issuer: client_credentials first, then
// refresh_token grants (rotating) shortly before each short-lived access token expires, while it
// keeps calling the identity oracle. No call may be refused, no refresh may fail, and the token
// endpoint must see no storm.
//
//   k6 run -e TARGET_URL=… -e TOKEN_URL=… -e TOKEN_FILE=pool.json -e ACCESS_TTL_SECONDS=10 scenarios/load/refresh.js
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';
import { Counter } from 'k6/metrics';
import { refreshMarginSeconds, refreshOptions } from '../../src/load/model/k6-options.ts';
import { summaryFiles } from '../../src/load/model/k6-summary.ts';
import { readLoadSettings } from '../../src/load/model/load-settings.ts';
import { toolCall } from '../../src/load/model/mcp-request.ts';
import { subjectOf } from '../../src/load/model/mcp-answer.ts';
import { rotate } from '../../src/load/model/token-pool.ts';
import { openSession, readPool, send } from './k6-mcp.js';

const settings = readLoadSettings(__ENV, 'refresh');
const clients = new SharedArray('clients', () => readPool(settings).clients);

/** @type {import('k6/options').Options} */
export const options = refreshOptions(settings);

const authRefused = new Counter('auth_refused');
const refreshFailed = new Counter('refresh_failed');
const tokenRequests = new Counter('token_requests');
const tokenMixing = new Counter('token_mixing');
const margin = refreshMarginSeconds(settings);

/**
 * @typedef {{ clientId: string, clientSecret: string, subject: string }} Client
 * @type {{ client: Client, access?: string, refresh?: string, expiresAt: number, session?: string, nextId: number } | undefined}
 */
let vu;

function state() {
  if (!clients.length) throw new Error('refresh: the token pool has no clients');
  if (!vu) vu = { client: rotate(clients, exec.vu.idInTest - 1), expiresAt: 0, nextId: 1 };
  return vu;
}

/**
 * One token request; on success the VU holds the new access and (rotated) refresh token.
 * @param {Record<string, string>} grant
 */
function tokenRequest(grant) {
  const v = state();
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

function renew() {
  const v = state();
  return v.refresh ? tokenRequest({ grant_type: 'refresh_token', refresh_token: v.refresh }) : tokenRequest({ grant_type: 'client_credentials' });
}

function whoami() {
  const v = state();
  const target = { url: settings.targetUrl, revision: settings.revision, token: v.access, session: v.session };
  return send(toolCall(target, v.nextId++, settings.oracleTool, {}), { side: 'authed' });
}

export function refresh() {
  const v = state();
  if (!v.access || Date.now() / 1000 >= v.expiresAt - margin) {
    if (!renew()) return;
  }
  if (v.session === undefined) v.session = openSession({ url: settings.targetUrl, revision: settings.revision, token: v.access }, v.nextId++, 'authed');
  let answered = whoami();
  if (answered.res.status === 401) {
    // refused although the token should be fresh: count it, refresh once, retry once
    authRefused.add(1);
    if (!renew()) return;
    answered = whoami();
    if (answered.res.status === 401) authRefused.add(1);
  } else {
    authRefused.add(0);
  }
  refreshFailed.add(0);
  const subject = subjectOf(answered.answer, settings.oraclePath);
  check(answered.res, { 'the oracle named the client': () => subject !== undefined });
  tokenMixing.add(subject !== undefined && subject !== v.client.subject ? 1 : 0);
}

/** @param {import('../../src/load/model/k6-summary.ts').K6SummaryData} data */
export function handleSummary(data) {
  return summaryFiles('refresh', data, settings.reportDir);
}
