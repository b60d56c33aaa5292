// @ts-check
// Identity isolation under load. Every VU holds one identity for the whole test and calls the
// identity oracle (a whoami tool) with rotating tokens of that identity, on its own session in
// 2025 revisions. An answer that names anyone else is token mixing: the threshold is zero.
//
//   k6 run -e TARGET_URL=… -e TOKEN_FILE=pool.json scenarios/load/isolation.js
import { check } from 'k6';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';
import { Counter } from 'k6/metrics';
import { isolationOptions } from '../../src/load/model/k6-options.ts';
import { summaryFiles } from '../../src/load/model/k6-summary.ts';
import { readLoadSettings } from '../../src/load/model/load-settings.ts';
import { toolCall } from '../../src/load/model/mcp-request.ts';
import { subjectOf } from '../../src/load/model/mcp-answer.ts';
import { groupByIdentity, groupForVu, rotate } from '../../src/load/model/token-pool.ts';
import { openSession, readPool, send } from './k6-mcp.js';

const settings = readLoadSettings(__ENV, 'isolation');
const tokens = new SharedArray('tokens', () => readPool(settings).tokens);
// Each identity with the indexes of its tokens, worked out once instead of per VU.
const groups = new SharedArray('identities', () => groupByIdentity(readPool(settings).tokens));

/** @type {import('k6/options').Options} */
export const options = isolationOptions(settings);

const tokenMixing = new Counter('token_mixing');

/** @type {{ indexes: number[], session?: string, opened: boolean, calls: number, nextId: number } | undefined} */
let vu;

function state() {
  if (!vu) vu = { indexes: groupForVu(groups, exec.vu.idInTest).indexes, opened: false, calls: 0, nextId: 1 };
  if (!vu.opened) {
    const first = tokens[vu.indexes[0]];
    vu.session = openSession({ url: settings.targetUrl, revision: settings.revision, token: first.token }, vu.nextId++, 'authed');
    vu.opened = true;
  }
  return vu;
}

export function isolation() {
  const v = state();
  const entry = tokens[rotate(v.indexes, v.calls++)];
  const target = { url: settings.targetUrl, revision: settings.revision, token: entry.token, session: v.session };
  const { res, answer } = send(toolCall(target, v.nextId++, settings.oracleTool, {}), { side: 'authed' });
  const subject = subjectOf(answer, settings.oraclePath);
  check(res, { 'the oracle named a caller': () => subject !== undefined });
  // add(0) too, so the metric exists and its threshold is judged even when nothing mixed
  tokenMixing.add(subject !== undefined && subject !== entry.subject ? 1 : 0);
}

/** @param {import('../../src/load/model/k6-summary.ts').K6SummaryData} data */
export function handleSummary(data) {
  return summaryFiles('isolation', data, settings.reportDir);
}
