// Benchmark: the zero-drop ceiling of scenarios/load/overhead.js, in pairs/s — first against a
// pair of canned-answer targets (no SDK, no auth, no work: the script's own ceiling on this
// machine), then against the embedded reference and its auth-off twin. A figure you see against
// your server that is close to the first one is the tool's, not your server's.
//
//   npm run bench:load-ceiling [-- --seconds 8 --start 50 --max 3200 --revision 2025-11-25]
//
// A rate holds when the measured scenario dropped no iteration, no request failed and no check
// failed. The rate doubles until one does not hold, then the gap is halved three times. Needs
// k6 (K6_BIN, PATH or the grafana/k6 image); without one it says so and exits 2.
// Loopback only; everything started here is stopped at the end (and on Ctrl-C).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startIssuer } from '../src/issuer/issuer.ts';
import { startCannedTarget } from '../src/load/canned-target.ts';
import { findK6, NO_K6 } from '../src/load/find-k6.ts';
import { k6Invocation } from '../src/load/k6-invocation.ts';
import { REPO_ROOT, SCRIPTS_DIR } from '../src/load/load-checks.ts';
import { loadIdentities, mintPool } from '../src/load/mint-pool.ts';
import type { LoadOutcome } from '../src/load/model/k6-summary.ts';
import { runK6 } from '../src/load/run-k6.ts';
import { writePoolFile } from '../src/load/token-pool-file.ts';
import { REFERENCE_SERVER } from '../src/reference/harness-config.ts';
import { startProcessTarget } from '../src/targets/process-target.ts';
import type { RunningTarget } from '../src/targets/target.ts';
import { freePort } from '../src/targets/template.ts';
import { Forge } from '../src/tokens/forge.ts';
import type { Revision } from '../src/revisions.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    start: { type: 'string', default: '50' },
    max: { type: 'string', default: '3200' },
    revision: { type: 'string', default: '2025-11-25' },
  },
});
const SECONDS = Number(values.seconds);
const REVISION = values.revision as Revision;

const runner = await findK6();
if (!runner) {
  process.stderr.write(`bench:load-ceiling: cannot measure the k6 script's ceiling without k6 — ${NO_K6}\n`);
  process.exit(2);
}

const stops: (() => Promise<unknown>)[] = [];
const stopAll = () => Promise.allSettled(stops.splice(0).map((s) => s()));
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

interface Trial {
  rate: number;
  held: boolean;
  pairs: number;
  dropped: number;
  failed: number;
  vus: number;
  why?: string;
}

async function reference(env: Record<string, string>): Promise<RunningTarget> {
  const port = String(await freePort());
  const target = await startProcessTarget({ command: `"${process.execPath}" "${REFERENCE_SERVER}"`, env: { PORT: port, ...env }, url: `http://127.0.0.1:${port}/mcp`, readyTimeoutMs: 15_000, redact: (l) => l });
  stops.push(() => target.stop());
  return target;
}

const issuer = await startIssuer({ resource: 'http://127.0.0.1/bench-ceiling' });
stops.push(() => issuer.close());
const forge = new Forge(issuer, 'jwks');
// one token per iteration up to the highest rate tried, as `load` mints them
const perIdentity = Math.ceil((Number(values.max) * (SECONDS + 3)) / 4);
const pool = await writePoolFile(await mintPool(forge, issuer, { identities: loadIdentities([], 4), tokensPerIdentity: Math.min(perIdentity, 5_000), ttlSeconds: 3600, clients: false }));
stops.push(() => pool.remove());
const reportDir = await mkdtemp(join(tmpdir(), 'bench-load-ceiling-'));
stops.push(() => rm(reportDir, { recursive: true, force: true }));

async function trial(target: string, twin: string, rate: number): Promise<Trial> {
  const invocation = k6Invocation(runner!, {
    script: join(SCRIPTS_DIR, 'overhead.js'),
    secretFile: pool.file,
    env: { TARGET_URL: target, BASELINE_URL: twin, REVISION, RATE: String(rate), DURATION: `${SECONDS}s`, WARMUP: '2s', THRESHOLD_MS: '100000', REPORT_DIR: reportDir, ITERATION_MS: '2' },
    readDirs: [REPO_ROOT, pool.dir],
    writeDir: reportDir,
    uid: process.getuid?.(),
    gid: process.getgid?.(),
  });
  await rm(join(reportDir, 'k6-overhead.json'), { force: true });
  const exit = await runK6(invocation, (SECONDS + 120) * 1000, (l) => l);
  let outcome: LoadOutcome | undefined;
  try {
    outcome = JSON.parse(await readFile(join(reportDir, 'k6-overhead.json'), 'utf8')) as LoadOutcome;
  } catch {
    return { rate, held: false, pairs: 0, dropped: 0, failed: 0, vus: 0, why: exit.problem ?? `k6 exited ${exit.code} without a summary: ${exit.output.slice(-2).join(' | ')}` };
  }
  const m = outcome.metrics;
  const dropped = m['dropped_iterations{scenario:overhead}']?.count ?? 0;
  const failed = m['http_req_failed{scenario:overhead}']?.rate ?? 0;
  const pairs = m.overhead_pairs?.count ?? 0;
  const held = dropped === 0 && failed === 0 && !outcome.problems.length;
  return { rate, held, pairs, dropped, failed, vus: m.vus_max?.max ?? m.vus_max?.value ?? 0, ...(held ? {} : { why: outcome.problems[0] ?? `${dropped} dropped, ${Math.round(failed * 1000) / 10} % failed` }) };
}

async function ceiling(name: string, target: string, twin: string): Promise<{ name: string; ceiling: number; trials: Trial[] }> {
  const trials: Trial[] = [];
  const tryRate = async (rate: number) => {
    const t = await trial(target, twin, rate);
    trials.push(t);
    process.stderr.write(`  ${name}: ${rate} pairs/s ${t.held ? 'held' : `did not hold (${t.why})`} — ${t.pairs} pairs measured, ${t.vus} VUs\n`);
    return t.held;
  };
  let held = 0;
  let failed = 0;
  for (let rate = Number(values.start); rate <= Number(values.max); rate *= 2) {
    if (await tryRate(rate)) held = rate;
    else {
      failed = rate;
      break;
    }
  }
  for (let i = 0; i < 3 && failed && failed - held > 10; i++) {
    const mid = Math.round((held + failed) / 2);
    if (await tryRate(mid)) held = mid;
    else failed = mid;
  }
  return { name, ceiling: held, trials };
}

const started = performance.now();
const load0 = loadavg().map((l) => Math.round(l * 100) / 100);
process.stderr.write(`bench:load-ceiling: overhead.js, ${SECONDS} s per rate after a 2 s warm-up, ${REVISION}, ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()}, load ${load0.join(' ')}\n`);
const results = [];
try {
  const cannedTarget = await startCannedTarget();
  const cannedTwin = await startCannedTarget();
  stops.push(() => cannedTarget.close(), () => cannedTwin.close());
  results.push(await ceiling('canned target + canned twin (the script itself)', cannedTarget.url, cannedTwin.url));
  await cannedTarget.close();
  await cannedTwin.close();
  const twin = await reference({ AUTH: 'off' });
  const compliant = await reference({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.url, AUDIENCE: issuer.resource });
  results.push(await ceiling('embedded reference (ES256) + auth-off twin', compliant.url, twin.url));
} finally {
  await stopAll();
}
const seconds = Math.round((performance.now() - started) / 1000);
process.stdout.write(['| against | zero-drop ceiling (pairs/s) | lowest rate tried that dropped or failed |', '|---|---:|---:|'].join('\n') + '\n');
for (const r of results) {
  const firstFail = r.trials.filter((t) => !t.held).map((t) => t.rate).sort((a, b) => a - b)[0];
  process.stdout.write(`| ${r.name} | ${r.ceiling} | ${firstFail ?? `none up to ${values.max}`} |\n`);
}
process.stdout.write(`\nk6 ${runner.kind === 'binary' ? runner.path : runner.image}, ${SECONDS} s per rate, ${REVISION}, ${seconds} s in all, load average ${load0.join(' / ')} → ${loadavg().map((l) => Math.round(l * 100) / 100).join(' / ')}\n`);
