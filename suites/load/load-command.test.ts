// `mcp-auth-harness load` as a user meets it without k6 (this machine has none): a clear line and
// exit 2 before anything starts; when "k6" is a program that fails, an error verdict in the
// usual reports, no token anywhere, and the token pool gone; a broken twin named, its secret nowhere.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runCli, type CliResult } from '../support/cli.ts';
import { HOSTILE_SERVER, hostileTarget, recorded } from '../support/hostile/hostile-config.ts';
import { LeakScanner } from '../support/hostile/leak-scan.ts';

const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-load-'));
});

function load(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return runCli(['load', ...args], { cwd: dir, env: { ...process.env, K6_BIN: undefined, ...env } });
}

/** This CLI's own temp folder (TMPDIR): other runs' pools in the shared one are none of its business. */
const pools = async (tmp: string) => (await readdir(tmp)).filter((f) => f.startsWith('mcp-auth-harness-pool-'));
const noK6 = { PATH: path.dirname(process.execPath), K6_IMAGE: 'none' };

describe('mcp-auth-harness load', () => {
  it('says in one line where k6 would come from, and exits 2, when there is none', async () => {
    const r = await load(['--report', path.join(dir, 'none')], noK6);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^mcp-auth-harness: no k6 found: .*PATH.*K6_BIN.*grafana\/k6/)]);
  });

  it.each([
    ['a K6_BIN that is not a program', [], { K6_BIN: '/nonexistent/k6' }, /K6_BIN=\/nonexistent\/k6 is not an executable file/],
    ['an unknown script', ['--script', 'overhead,soak'], noK6, /--script: unknown script soak/],
    ['a bad duration', ['--duration', 'ten'], noK6, /--duration must be a k6 duration/],
    ['a bad revision', ['--revision', '2024-01-01'], noK6, /--revision: 2024-01-01 is not one of/],
    ['a flaw with a config', ['--flaw', 'slow-jwks', '--config', 'x.yaml'], noK6, /cannot be combined with --config/],
    // what k6 itself would refuse (exit 104 or an option parsing error), refused before anything starts
    ['a warm-up under 1s', ['--warmup', '0s'], noK6, /^mcp-auth-harness: --warmup must be at least 1s: k6 refuses shorter scenarios \(got 0s\)$/],
    ['a duration under 1s', ['--duration', '500ms'], noK6, /--duration must be at least 1s/],
    ['a fractional rate', ['--rate', '2.5'], noK6, /^mcp-auth-harness: --rate must be a whole number ≥ 1: k6 takes no fractions here \(got 2\.5\)$/],
    ['fractional VUs', ['--vus', '2.5'], noK6, /--vus must be a whole number/],
    ['fractional max VUs', ['--max-vus', '7.5'], noK6, /--max-vus must be a whole number/],
    ['a zero rate', ['--rate', '0'], noK6, /--rate must be a whole number ≥ 1/],
  ])('refuses %s with exit 2', async (_, args, env, message) => {
    const r = await load(args as string[], env as Record<string, string>);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a k6 that fails as an error, writes no token anywhere and deletes the token pool', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'harness-load-tmp-'));
    // Another run's pool in the shared temp folder, as in a parallel CI job: not this test's business.
    const stray = await mkdtemp(path.join(tmpdir(), 'mcp-auth-harness-pool-'));
    onTestFinished(() => rm(stray, { recursive: true, force: true }));
    const report = path.join(dir, 'failing-k6');
    const r = await load(['--script', 'overhead,isolation', '--duration', '1s', '--warmup', '1s', '--rate', '5', '--report', report], { K6_BIN: '/bin/false', TMPDIR: tmp });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(await readFile(path.join(report, 'report.json'), 'utf8'));
    const results = json.checks.map((c: { id: string; status: string; reason: string }) => [c.id, c.status, c.reason]).sort();
    expect(results).toEqual([
      ['load.isolation', 'error', expect.stringMatching(/k6 exited with code 1 and left no summary/)],
      ['load.overhead', 'error', expect.stringMatching(/k6 exited with code 1 and left no summary/)],
    ]);
    const command: string = json.checks.find((c: { id: string }) => c.id === 'load.overhead').evidence.command;
    expect(command.startsWith(`/bin/false run --no-usage-report --quiet --secret-source=file=${tmp}/mcp-auth-harness-pool-`), command).toBe(true);
    expect(command).toMatch(/^\/bin\/false run --no-usage-report --quiet --secret-source=file=\/.*mcp-auth-harness-pool-[^/]+\/pool\.secret -e TARGET_URL=http:\/\/127\.0\.0\.1:\d+\/mcp -e BASELINE_URL=http:\/\/127\.0\.0\.1:\d+\/mcp /);
    expect(command).toMatch(/-e ITERATION_MS=[\d.]+ /); // VUs sized from the latency measured before k6 starts
    for (const file of ['report.json', 'junit.xml', 'summary.md']) expect(await readFile(path.join(report, file), 'utf8')).not.toMatch(JWT_SHAPE);
    expect(r.stdout + r.stderr).not.toMatch(JWT_SHAPE);
    expect(await pools(tmp)).toEqual([]);
  });

  it('names a twin that refuses the latency observation, with its answer as evidence, and its secret appears in no output, in no encoding', async () => {
    const target = await hostileTarget(dir, 'open');
    const twinRecord = path.join(dir, 'twin.record');
    const config = JSON.parse(await readFile(target.config, 'utf8'));
    // Its 500 puts the run's HS256 secret across the cut of the evidence's body excerpt.
    config.target.baseline = {
      url: 'http://127.0.0.1:${baseline.port}/mcp',
      command: `"${process.execPath}" "${HOSTILE_SERVER}"`,
      env: { PORT: '${baseline.port}', HOSTILE: 'error-clip-boundary', JWT_SECRET: '${issuer.secret}', RECORD: twinRecord },
    };
    await writeFile(target.config, JSON.stringify(config));
    const report = path.join(dir, 'broken-twin');
    const r = await load(['--config', target.config, '--script', 'overhead', '--duration', '1s', '--warmup', '1s', '--rate', '5', '--report', report], { K6_BIN: '/bin/false' });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(await readFile(path.join(report, 'report.json'), 'utf8'));
    const [check] = json.checks;
    expect([check.id, check.status, check.reason]).toEqual(['load.overhead', 'error', 'could not open a session on the baseline twin before the load test (HTTP 500)']);
    expect(check.evidence.exchanges[0].body).toMatch(/^\{"pad":" +","seen":"<redacted>"\}$/);
    const secrets = (await recorded({ config: target.config, record: twinRecord })).secrets;
    expect(secrets).toHaveLength(1);
    const scanner = new LeakScanner();
    scanner.add('secret', secrets[0]!);
    const outputs = [r.stdout, r.stderr, ...(await Promise.all((await readdir(report)).map((f) => readFile(path.join(report, f), 'utf8'))))];
    expect(outputs.flatMap((o) => scanner.scan(o))).toEqual([]);
  });
});
