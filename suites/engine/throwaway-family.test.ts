// A family is one file: a throwaway family written to a temp file declares settings, a capability
// and a metric, and the engine runs it, validates its settings and reports its metric — no other
// file changed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../scenarios/index.ts';
import type { Family } from '../../src/family.ts';
import { referenceConfig } from '../../src/reference/harness-config.ts';
import { runHarness } from '../../src/runner/harness.ts';

const src = (file: string) => pathToFileURL(path.resolve('src', file)).href;

const FAMILY_FILE = `
import { defineFamily, settingsOf } from '${src('family.ts')}';
import { int, section, text } from '${src('config/schema-kit.ts')}';
import { succeeded } from '${src('probe/probe.ts')}';

const scratch = section({ greeting: text(), times: int(1, 5).default(2) }).optional();

export default defineFamily({
  name: 'scratch',
  settings: { scratch },
  capabilities: {
    greeting: { missing: 'no scratch.greeting configured', available: (config) => settingsOf(config, 'scratch', scratch) !== undefined },
  },
  metrics: (results, config) => ({ greeting: settingsOf(config, 'scratch', scratch)?.greeting, passed: results.filter((r) => r.status === 'pass').length }),
  checks: [
    {
      id: 'scratch.valid-token-works',
      title: 'A valid token works, as often as configured',
      spec: ['throwaway'],
      severity: 'info',
      revisions: ['2025-11-25'],
      needs: ['greeting'],
      flaw: 'allow-anonymous',
      async run(ctx) {
        const { times } = settingsOf(ctx.config, 'scratch', scratch)!;
        for (let i = 0; i < times; i++) {
          const r = await ctx.attempt({ token: await ctx.forge.valid(ctx.identity) });
          if (!succeeded(r)) return { status: 'fail', reason: 'HTTP ' + r.status };
        }
        return { status: 'pass', evidence: { times } };
      },
    },
  ],
});
`;

let dir: string;
let family: Family;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-family-'));
  const file = path.join(dir, 'scratch.ts');
  await writeFile(file, FAMILY_FILE);
  family = ((await import(pathToFileURL(file).href)) as { default: Family }).default;
});

afterAll(() => rm(dir, { recursive: true, force: true }));

function config(scratch?: unknown) {
  const c = referenceConfig();
  c.target.revisions = ['2025-11-25'];
  return { ...c, ...(scratch === undefined ? {} : { scratch }) };
}

describe('a family in a file of its own', () => {
  it('runs, reads its settings with their defaults, and reports its metric', async () => {
    const { report } = await runHarness(config({ greeting: 'hello' }), { checks: family.checks });
    expect(report.checks).toHaveLength(1);
    expect(report.checks[0]).toMatchObject({ id: 'scratch.valid-token-works', family: 'scratch', status: 'pass', evidence: { times: 2 } });
    expect(report.metrics.scratch).toEqual({ greeting: 'hello', passed: 1 });
  });

  it('skips with its own reason when its capability is missing', async () => {
    const { report } = await runHarness(config(), { checks: family.checks });
    expect(report.checks[0]).toMatchObject({ status: 'skip', reason: 'no scratch.greeting configured' });
  });

  it('refuses its settings in one line, naming the path, with a "did you mean"', async () => {
    await expect(runHarness(config({ greeting: 'hi', tims: 3 }), { checks: family.checks })).rejects.toThrow(
      /^config: scratch\.tims is not a known setting — did you mean "times"\?/,
    );
    await expect(runHarness(config({ greeting: 'hi', times: 9 }), { checks: family.checks })).rejects.toThrow('config: scratch.times must be an integer from 1 to 5 (got 9)');
  });
});
