import { describe, expect, it } from 'vitest';
import { catalogue } from '../scenarios/index.ts';
import { CheckFailure, createHarness } from './create-harness.ts';
import { referenceConfig } from './reference/harness-config.ts';

const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;
const headers = catalogue.filter((c) => c.family === 'headers');

describe('createHarness', () => {
  it('starts once, runs checks on demand, fails with the evidence, and reports them all on close', async () => {
    const harness = await createHarness(referenceConfig({ flaw: 'no-www-authenticate' }), { checks: headers });
    let report;
    try {
      const passing = await harness.run('headers.missing.refused');
      expect(passing.map((r) => [r.revision, r.status])).toEqual([
        ['2025-06-18', 'pass'],
        ['2025-11-25', 'pass'],
        ['2026-07-28', 'pass'],
      ]);
      const failure = await harness.run('headers.challenge.present').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(CheckFailure);
      const message = (failure as CheckFailure).message;
      expect(message).toMatch(/^headers\.challenge\.present: /);
      expect(message).toContain('fail in 2025-11-25: 401 for no Authorization header has no WWW-Authenticate: Bearer challenge');
      expect(message).toMatch(/evidence:\n\s+> \[no Authorization header\] POST \/mcp/);
      expect(message).not.toMatch(JWT_SHAPE);
      const skipped = await harness.evaluate(headers.find((c) => c.id === 'headers.missing.no-error-code')!);
      expect(skipped.every((r) => r.status === 'skip')).toBe(true);
      await expect(harness.evaluate('no.such.check')).rejects.toThrow('unknown check "no.such.check"');
    } finally {
      report = await harness.close();
    }
    expect(report.checks.map((r) => r.id)).toEqual([
        ...Array(3).fill('headers.missing.refused'),
        ...Array(3).fill('headers.challenge.present'),
        ...Array(3).fill('headers.missing.no-error-code'),
      ]);
    expect(report.summary).toMatchObject({ pass: 3, fail: 3, skip: 3 });
    await expect(fetch(report.target.url)).rejects.toThrow(); // the target is stopped
    await expect(harness.run('headers.missing.refused')).rejects.toThrow('the harness is closed');
  });

  it('rejects, and leaves nothing running, when the target cannot start', async () => {
    const config = referenceConfig();
    config.target.command = `"${process.execPath}" -e "process.exit(3)"`;
    config.target.readyTimeoutMs = 5000;
    await expect(createHarness(config, { checks: headers })).rejects.toThrow(/exit/i);
  });
});
