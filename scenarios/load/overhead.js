// @ts-check
// What authentication costs under load. Each iteration sends the same MCP call twice — once to the
// target with a bearer token, once to its auth-off twin — in random order, and records the
// difference of their times to first byte. A warm-up scenario runs first and is not judged.
// Tokens rotate through a pre-minted pool by the test-wide iteration number: while the pool lasts
// no token is sent twice, so no verification cache can hide the cost. Sessions (2025 revisions)
// are opened in setup(), so no VU opens one inside the measured window.
//
//   k6 run --secret-source=file=pool.secret -e TARGET_URL=… -e BASELINE_URL=… scenarios/load/overhead.js
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import { overheadOptions, warmupIterations } from '../../src/load/model/k6-options.ts';
import { summaryFiles } from '../../src/load/model/k6-summary.ts';
import { readLoadSettings } from '../../src/load/model/load-settings.ts';
import { listTools, toolCall } from '../../src/load/model/mcp-request.ts';
import { succeeded } from '../../src/load/model/mcp-answer.ts';
import { groupForVu, sessionSlots, slotForVu } from '../../src/load/model/token-pool.ts';
import { checkReportDir, openSession, send, tokenPool } from './k6-mcp.js';

const settings = readLoadSettings(__ENV, 'overhead');
checkReportDir(settings);
const pool = tokenPool(settings);

/** @type {import('k6/options').Options} */
export const options = overheadOptions(settings);
const skipped = warmupIterations(settings);

const overhead = new Trend('auth_overhead_ms', true);
const ttfbAuthed = new Trend('ttfb_authed_ms', true);
const ttfbBaseline = new Trend('ttfb_baseline_ms', true);
// k6 allows no count threshold on a Trend: this Counter is what fails a run that measured nothing
const measuredPairs = new Counter('overhead_pairs');

/** @typedef {{ sessions: { authed?: string, baseline?: string }[] }} SetupData */

/** @returns {Promise<SetupData>} */
export async function setup() {
  const index = await pool.index();
  const slots = sessionSlots(index.groups.length, settings.maxVUs);
  const sessions = [];
  for (let slot = 0; slot < slots; slot++) {
    const token = await pool.token(groupForVu(index.groups.length, slot + 1), 0);
    sessions.push({
      authed: openSession({ url: settings.targetUrl, revision: settings.revision, token }, 2 * slot + 1, 'authed'),
      baseline: openSession({ url: String(settings.baselineUrl), revision: settings.revision }, 2 * slot + 2, 'baseline'),
    });
  }
  return { sessions };
}

let nextId = 1;

/**
 * @param {import('../../src/load/model/mcp-request.ts').CallTarget} target
 */
function call(target) {
  return settings.tool ? toolCall(target, nextId++, settings.tool, settings.toolArgs) : listTools(target, nextId++);
}

/**
 * @param {SetupData} data
 * @param {boolean} judged
 */
async function pair(data, judged) {
  // iterationInTest counts per scenario: the measured one starts after the warm-up's share.
  const n = exec.scenario.iterationInTest + (judged ? skipped : 0);
  const index = await pool.index();
  const token = await pool.token(groupForVu(index.groups.length, exec.vu.idInTest), n);
  const session = data.sessions[slotForVu(data.sessions.length, exec.vu.idInTest)];
  const authed = call({ url: settings.targetUrl, revision: settings.revision, token, session: session.authed });
  const baseline = call({ url: String(settings.baselineUrl), revision: settings.revision, session: session.baseline });
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
  measuredPairs.add(1);
  overhead.add(a.res.timings.waiting - b.res.timings.waiting);
  ttfbAuthed.add(a.res.timings.waiting);
  ttfbBaseline.add(b.res.timings.waiting);
}

/** @param {SetupData} data */
export async function warmup(data) {
  await pair(data, false);
}

/** @param {SetupData} data */
export async function measure(data) {
  await pair(data, true);
}

/** @param {import('../../src/load/model/k6-summary.ts').K6SummaryData} data */
export function handleSummary(data) {
  return summaryFiles('overhead', data, settings.reportDir, settings.maxFailedRate);
}
