// @ts-check
// What authentication costs under load. Each iteration sends the same MCP call twice — once to the
// target with a bearer token, once to its auth-off twin — in random order, and records the
// difference of their times to first byte. A warm-up scenario runs first and is not judged.
// Tokens rotate through a pre-minted pool by the test-wide iteration number: while the pool lasts
// no token is sent twice, so no verification cache can hide the cost.
//
//   k6 run -e TARGET_URL=… -e BASELINE_URL=… -e TOKEN_FILE=pool.json scenarios/load/overhead.js
import { check } from 'k6';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';
import { Trend } from 'k6/metrics';
import { overheadOptions, warmupIterations } from '../../src/load/model/k6-options.ts';
import { summaryFiles } from '../../src/load/model/k6-summary.ts';
import { readLoadSettings } from '../../src/load/model/load-settings.ts';
import { listTools, toolCall } from '../../src/load/model/mcp-request.ts';
import { succeeded } from '../../src/load/model/mcp-answer.ts';
import { groupByIdentity, groupForVu, rotate } from '../../src/load/model/token-pool.ts';
import { openSession, readPool, send } from './k6-mcp.js';

const settings = readLoadSettings(__ENV, 'overhead');
const tokens = new SharedArray('tokens', () => readPool(settings).tokens);
// Each identity with the indexes of its tokens, worked out once instead of per VU.
const groups = new SharedArray('identities', () => groupByIdentity(readPool(settings).tokens));

/** @type {import('k6/options').Options} */
export const options = overheadOptions(settings);
const skipped = warmupIterations(settings);

const overhead = new Trend('auth_overhead_ms', true);
const ttfbAuthed = new Trend('ttfb_authed_ms', true);
const ttfbBaseline = new Trend('ttfb_baseline_ms', true);

/** @type {{ indexes: number[], authed?: string, baseline?: string, opened: boolean, nextId: number } | undefined} */
let vu;

function state() {
  if (!vu) vu = { indexes: groupForVu(groups, exec.vu.idInTest).indexes, opened: false, nextId: 1 };
  if (!vu.opened) {
    const first = tokens[vu.indexes[0]];
    vu.authed = openSession({ url: settings.targetUrl, revision: settings.revision, token: first.token }, vu.nextId++, 'authed');
    vu.baseline = openSession({ url: String(settings.baselineUrl), revision: settings.revision }, vu.nextId++, 'baseline');
    vu.opened = true;
  }
  return vu;
}

/** @param {import('../../src/load/model/mcp-request.ts').CallTarget} target */
function call(target) {
  const v = state();
  return settings.tool ? toolCall(target, v.nextId++, settings.tool, settings.toolArgs) : listTools(target, v.nextId++);
}

/** @param {boolean} judged */
function pair(judged) {
  const v = state();
  // iterationInTest counts per scenario: the measured one starts after the warm-up's share.
  const token = tokens[rotate(v.indexes, exec.scenario.iterationInTest + (judged ? skipped : 0))].token;
  const authed = call({ url: settings.targetUrl, revision: settings.revision, token, session: v.authed });
  const baseline = call({ url: String(settings.baselineUrl), revision: settings.revision, session: v.baseline });
  const authedFirst = Math.random() < 0.5;
  const first = send(authedFirst ? authed : baseline, { side: authedFirst ? 'authed' : 'baseline' });
  const second = send(authedFirst ? baseline : authed, { side: authedFirst ? 'baseline' : 'authed' });
  const a = authedFirst ? first : second;
  const b = authedFirst ? second : first;
  const ok = check(null, {
    'authed call succeeded': () => succeeded(a.res.status, a.answer),
    'baseline call succeeded': () => succeeded(b.res.status, b.answer),
  });
  if (!judged || !ok) return;
  overhead.add(a.res.timings.waiting - b.res.timings.waiting);
  ttfbAuthed.add(a.res.timings.waiting);
  ttfbBaseline.add(b.res.timings.waiting);
}

export function warmup() {
  pair(false);
}

export function measure() {
  pair(true);
}

/** @param {import('../../src/load/model/k6-summary.ts').K6SummaryData} data */
export function handleSummary(data) {
  return summaryFiles('overhead', data, settings.reportDir);
}
