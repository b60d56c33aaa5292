// @ts-check
// Identity isolation under load. Every VU holds one identity for the whole test and calls the
// identity oracle (a whoami tool) with rotating tokens of that identity, on a session of that
// identity in 2025 revisions (opened in setup()). An answer that names anyone else is token
// mixing: the threshold is zero.
//
//   k6 run --secret-source=file=pool.secret -e TARGET_URL=… scenarios/load/isolation.js
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { isolationOptions } from '../../src/load/model/k6-options.ts';
import { summaryFiles } from '../../src/load/model/k6-summary.ts';
import { readLoadSettings } from '../../src/load/model/load-settings.ts';
import { toolCall } from '../../src/load/model/mcp-request.ts';
import { subjectOf } from '../../src/load/model/mcp-answer.ts';
import { groupForVu, sessionSlots, slotForVu } from '../../src/load/model/token-pool.ts';
import { checkReportDir, openSession, send, tokenPool } from './k6-mcp.js';

const settings = readLoadSettings(__ENV, 'isolation');
checkReportDir(settings);
const pool = tokenPool(settings);

/** @type {import('k6/options').Options} */
export const options = isolationOptions(settings);

const tokenMixing = new Counter('token_mixing');

/** @typedef {{ sessions: (string | undefined)[] }} SetupData */

/** @returns {Promise<SetupData>} */
export async function setup() {
  const index = await pool.index();
  const slots = sessionSlots(index.groups.length, settings.maxVUs);
  const sessions = [];
  for (let slot = 0; slot < slots; slot++) {
    const token = await pool.token(groupForVu(index.groups.length, slot + 1), 0);
    sessions.push(openSession({ url: settings.targetUrl, revision: settings.revision, token }, slot + 1, 'authed'));
  }
  return { sessions };
}

let calls = 0;
let nextId = 1;

/** @param {SetupData} data */
export async function isolation(data) {
  const index = await pool.index();
  const group = groupForVu(index.groups.length, exec.vu.idInTest);
  const token = await pool.token(group, calls++);
  const session = data.sessions[slotForVu(data.sessions.length, exec.vu.idInTest)];
  const target = { url: settings.targetUrl, revision: settings.revision, token, session };
  const { res, answer } = send(toolCall(target, nextId++, settings.oracleTool, {}), { side: 'authed' });
  const subject = subjectOf(answer, settings.oraclePath);
  check(res, { 'the oracle named a caller': () => subject !== undefined });
  // add(0) too, so the metric exists and its threshold is judged even when nothing mixed
  tokenMixing.add(subject !== undefined && subject !== index.groups[group].subject ? 1 : 0);
}

/** @param {import('../../src/load/model/k6-summary.ts').K6SummaryData} data */
export function handleSummary(data) {
  return summaryFiles('isolation', data, settings.reportDir, settings.maxFailedRate);
}
