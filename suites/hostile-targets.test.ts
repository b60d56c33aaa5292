// The catalogue against targets that break, lie and leak (fixtures/hostile; issue 15 items 1–4,
// issue 12 "Bad input"). For each: the run ends in bounded time with the right exit code; a target
// that broke gets `error`, never `fail`; one that is open gets `fail`; and no token or secret the
// target saw appears in any output — report files, stdout, stderr — in any encoding.
import { readdir, readFile, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './support/cli.ts';
import { hostileTarget, recorded, type HostileTarget } from './support/hostile/hostile-config.ts';
import { LeakScanner } from './support/hostile/leak-scan.ts';

/** Every family but lifecycle (it waits out token lifetimes) and overhead (no twin here). */
const FAMILIES = 'headers,signature,claims,discovery,transport,rbac,sessions,hygiene';
/** For targets that make every exchange wait out its timeout. */
const FEW_FAMILIES = 'headers,discovery';
const RUN_LIMIT_MS = 60_000;

interface Outcome extends CliResult {
  ms: number;
  report?: { summary: Record<string, number>; checks: { id: string; family: string; status: string; reason?: string }[]; metrics: Record<string, unknown> };
  outputs: { name: string; text: string }[];
  target: HostileTarget;
}

let dir: string;
let redirectHits = 0;
let redirectTo = '';
const closeRedirectSink: (() => void)[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-hostile-targets-'));
  const sink = createServer((_, res) => {
    redirectHits++;
    res.end('{}');
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  redirectTo = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/elsewhere`;
  closeRedirectSink.push(() => sink.close());
});
afterAll(() => closeRedirectSink.forEach((close) => close()));

async function run(behaviour: string, only = FAMILIES, env: Record<string, string> = {}): Promise<Outcome> {
  // Where every exchange waits out its timeout, a shorter one keeps the run short; the bound is what is tested.
  const waits = only === FEW_FAMILIES ? { probe: { method: 'tools/list', timeoutMs: 500 } } : {};
  const target = await hostileTarget(dir, behaviour, { REDIRECT_TO: redirectTo, ...env }, waits);
  const reportDir = path.join(dir, `${behaviour}-report`);
  const started = Date.now();
  const r = await runCli(['run', '--config', target.config, '--only', only, '--report', reportDir], { timeoutMs: RUN_LIMIT_MS * 2 });
  const ms = Date.now() - started;
  const files = await readdir(reportDir).catch(() => [] as string[]);
  const outputs = [
    { name: 'stdout', text: r.stdout },
    { name: 'stderr', text: r.stderr },
    ...(await Promise.all(files.map(async (f) => ({ name: f, text: await readFile(path.join(reportDir, f), 'utf8') })))),
  ];
  const json = outputs.find((o) => o.name === 'report.json');
  return { ...r, ms, outputs, target, report: json ? JSON.parse(json.text) : undefined };
}

/** Every token and secret the target was sent or given, looked for in every output. */
async function leaks(o: Outcome): Promise<string[]> {
  const seen = await recorded(o.target);
  const scanner = new LeakScanner();
  for (const secret of seen.secrets) scanner.add('secret', secret);
  for (const a of seen.authorizations) if (/^bearer\s/i.test(a)) scanner.add('token', a.replace(/^\S+\s+/, ''));
  expect(seen.secrets.length, 'the target recorded its secret').toBe(1);
  return o.outputs.flatMap(({ name, text }) => scanner.scan(text).map((l) => `${name}: ${l.what} (${l.how})`));
}

const statuses = (o: Outcome, status: string) => (o.report?.checks ?? []).filter((c) => c.status === status).map((c) => `${c.id}: ${c.reason}`);
const describeRun = (o: Outcome) => `exit ${o.code} in ${o.ms} ms\n${o.stderr.slice(-2000)}\n${o.stdout.slice(-3000)}`;

describe.concurrent('hostile targets', () => {
  it('never answers: exit 2 in one line, within the ready timeout', async () => {
    const o = await run('never-answers');
    expect(o.code, describeRun(o)).toBe(2);
    expect(o.stderr.trim().split('\n').at(-1)).toMatch(/^mcp-auth-harness: target did not answer at http:\/\/127\.0\.0\.1:\d+\/mcp within 5000 ms/);
    expect(o.ms).toBeLessThan(RUN_LIMIT_MS);
    expect(await leaks(o)).toEqual([]);
  });

  it.each([
    ['hangs', FEW_FAMILIES],
    ['half-body', FAMILIES],
    ['reset', FAMILIES],
    ['garbage', FAMILIES],
    ['huge-body', FAMILIES],
    ['sse-drip', FEW_FAMILIES],
    ['html-500', FAMILIES],
    ['redirect', FAMILIES],
    ['huge-header', FAMILIES],
    ['result-null', FAMILIES],
  ])('%s: errors, never a fail; bounded; a report; no leak', async (behaviour, only) => {
    const before = redirectHits;
    const o = await run(behaviour, only);
    expect(o.code, describeRun(o)).toBe(1);
    expect(o.report, describeRun(o)).toBeDefined();
    expect(statuses(o, 'fail'), 'a broken target is not a finding').toEqual([]);
    expect(o.report!.summary.error).toBeGreaterThan(0);
    expect(o.stderr).not.toMatch(/crashed|Cannot read properties/);
    expect(o.ms).toBeLessThan(RUN_LIMIT_MS);
    if (behaviour === 'redirect') expect(redirectHits - before, 'the harness followed a redirect').toBe(0);
    expect(await leaks(o)).toEqual([]);
  });

  it('open (accepts everything): fails where it must refuse, with no errors there', async () => {
    const o = await run('open');
    expect(o.code, describeRun(o)).toBe(1);
    const failed = new Set((o.report?.checks ?? []).filter((c) => c.status === 'fail').map((c) => c.family));
    expect([...failed]).toEqual(expect.arrayContaining(['headers', 'signature', 'claims', 'transport', 'sessions']));
    const errors = (o.report?.checks ?? []).filter((c) => c.status === 'error' && ['headers', 'signature', 'claims'].includes(c.family));
    expect(errors).toEqual([]);
    expect(await leaks(o)).toEqual([]);
  });

  it('dies mid-run: the death is named on stdout and in the report, and every check after it is an error', async () => {
    const o = await run('dies-mid-run', FAMILIES, { DIE_AFTER: '40' });
    expect(o.code, describeRun(o)).toBe(1);
    const down = o.report!.metrics.target as { down?: { reason: string; during: string } };
    expect(down.down?.reason, describeRun(o)).toBe('exited with code 3');
    expect(o.stdout).toMatch(/^Target down: it exited with code 3 during \S+@2025-11-25; every check from there on is an error/m);
    const checks = o.report!.checks;
    const at = checks.findIndex((c) => `${c.id}@2025-11-25` === down.down!.during);
    expect(at).toBeGreaterThan(0);
    expect(['error', 'skip'], 'the check it died during').toContain(checks[at]!.status);
    expect(checks.slice(at + 1).filter((c) => c.status !== 'error').map((c) => `${c.id}: ${c.status}`)).toEqual([]);
    expect(await leaks(o)).toEqual([]);
  });

  it.each(['echo-plain', 'echo-base64', 'echo-base64url', 'echo-hex', 'echo-url-encoded', 'echo-base64-url-encoded', 'echo-clip-boundary'])(
    '%s: the echoed token and secret appear in no output, in no encoding',
    async (behaviour) => {
      const o = await run(behaviour);
      expect(o.code, describeRun(o)).toBe(1);
      expect(o.report!.summary.fail).toBeGreaterThan(0); // the evidence of those fails carries the echoes
      expect(await leaks(o)).toEqual([]);
    },
  );

  it('echo-split-log: a token and a secret logged in pieces are redacted in the report\'s target log', async () => {
    const o = await run('echo-split-log', FAMILIES, { DIE_AFTER: '60' });
    const logs = (o.report!.metrics.target as { logs?: string[] }).logs ?? [];
    expect(logs.some((l) => l.startsWith('seen ')), describeRun(o)).toBe(true);
    expect(await leaks(o)).toEqual([]);
  });
});
