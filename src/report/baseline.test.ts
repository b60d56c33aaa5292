import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBaseline, loadBaseline } from './baseline.ts';
import type { Baseline } from './baseline.ts';
import { sampleResult } from './sample-report.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baseline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(name: string, text: string): Promise<Baseline> {
  const path = join(dir, name);
  await writeFile(path, text);
  return loadBaseline(path);
}

async function loadError(name: string, text: string): Promise<string> {
  const error = await load(name, text).then(
    () => undefined,
    (err: Error) => err,
  );
  expect(error).toBeInstanceOf(Error);
  expect(error!.message).not.toContain('\n');
  return error!.message;
}

describe('loadBaseline', () => {
  it('reads { known: [...] } as JSON', async () => {
    const baseline = await load('b.json', JSON.stringify({ known: [{ id: 'claims.aud.missing', revision: '2025-11-25', reason: 'JIRA-123' }] }));
    expect(baseline).toEqual({ file: join(dir, 'b.json'), known: [{ id: 'claims.aud.missing', revision: '2025-11-25', reason: 'JIRA-123' }] });
  });

  it('reads YAML, with entries for all revisions', async () => {
    const baseline = await load('b.yaml', '# known\nknown:\n  - id: claims.aud.missing\n    reason: tracked in JIRA-123\n  - headers.basic\n');
    expect(baseline.known).toEqual([{ id: 'claims.aud.missing', reason: 'tracked in JIRA-123' }, { id: 'headers.basic' }]);
  });

  it('reads a plain list of ids, id@revision included', async () => {
    const baseline = await load('list.yml', '- claims.aud.missing\n- claims.iss.foreign@2025-06-18\n');
    expect(baseline.known).toEqual([{ id: 'claims.aud.missing' }, { id: 'claims.iss.foreign', revision: '2025-06-18' }]);
  });

  it('treats an empty file as an empty baseline', async () => {
    expect((await load('empty.yaml', '')).known).toEqual([]);
  });

  it('says plainly when the file is missing', async () => {
    await expect(loadBaseline(join(dir, 'nope.yaml'))).rejects.toThrow(`baseline file not found: ${join(dir, 'nope.yaml')}`);
  });

  it('gives one line for unparseable JSON and YAML', async () => {
    expect(await loadError('bad.json', '{ "known": [ }')).toMatch(/^baseline file .*bad\.json is not valid JSON: /);
    expect(await loadError('bad.yaml', 'known: [a, b\n  c: : d\n')).toMatch(/^baseline file .*bad\.yaml is not valid YAML: /);
  });

  it.each([
    ['a scalar', '42', /expected \{ "known": \[\.\.\.\] \} or a list of check ids/],
    ['known not a list', 'known: claims.aud.missing', /"known" must be a list/],
    ['a misspelt top-level key', 'knwon: []', /unknown key "knwon"/],
    ['an entry without id', 'known:\n  - reason: x', /known\[0\] needs an "id" string/],
    ['a misspelt entry key', 'known:\n  - id: a\n    revison: 2025-11-25', /known\[0\] has unknown key "revison"/],
    ['an unknown revision', 'known:\n  - id: a\n    revision: 2025-11-24', /known\[0\]\.revision "2025-11-24" is not one of 2025-06-18, /],
    ['a nested list', '- [a]', /known\[0\] must be a check id or/],
  ])('rejects %s', async (_, text, message) => {
    expect(await loadError('shape.yaml', text)).toMatch(message);
  });
});

describe('applyBaseline', () => {
  const baseline: Baseline = {
    file: 'baseline.yaml',
    known: [
      { id: 'claims.aud.missing', revision: '2025-11-25', reason: 'JIRA-123' },
      { id: 'claims.iss.foreign' },
      { id: 'headers.basic' },
      { id: 'never.ran' },
    ],
  };

  it('marks known failures baselined, keeping them failed', () => {
    const results = [
      sampleResult({ id: 'claims.aud.missing', revision: '2025-11-25', status: 'fail' }),
      sampleResult({ id: 'claims.aud.missing', revision: '2025-06-18', status: 'fail' }),
      sampleResult({ id: 'claims.other', status: 'fail' }),
    ];
    const outcome = applyBaseline(results, baseline);
    expect(results.map((r) => [r.status, r.baselined])).toEqual([
      ['fail', true],
      ['fail', undefined],
      ['fail', undefined],
    ]);
    expect(outcome).toEqual({ file: 'baseline.yaml', stillFailing: ['claims.aud.missing@2025-11-25'], nowPassing: [] });
  });

  it('reports entries that now pass or only warn, per revision', () => {
    const results = [
      sampleResult({ id: 'claims.iss.foreign', revision: '2025-06-18', status: 'fail' }),
      sampleResult({ id: 'claims.iss.foreign', revision: '2025-11-25', status: 'pass' }),
      sampleResult({ id: 'claims.aud.missing', revision: '2025-11-25', status: 'warn' }),
    ];
    expect(applyBaseline(results, baseline)).toEqual({
      file: 'baseline.yaml',
      stillFailing: ['claims.iss.foreign@2025-06-18'],
      nowPassing: ['claims.iss.foreign@2025-11-25', 'claims.aud.missing@2025-11-25'],
    });
  });

  it('ignores entries whose check did not run, was skipped or errored', () => {
    const results = [
      sampleResult({ id: 'headers.basic', status: 'skip', reason: 'needs mint' }),
      sampleResult({ id: 'claims.iss.foreign', status: 'error', reason: 'timeout' }),
      sampleResult({ id: 'claims.aud.missing', revision: '2025-06-18', status: 'pass' }),
    ];
    expect(applyBaseline(results, baseline)).toEqual({ file: 'baseline.yaml', stillFailing: [], nowPassing: [] });
    expect(results.every((r) => r.baselined === undefined)).toBe(true);
  });
});
