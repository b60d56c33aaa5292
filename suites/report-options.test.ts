// `run --format` and `run --report`: a bad value is one line and exit 2, before any check runs.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'report-options-'));
  await writeFile(path.join(dir, 'a-file'), 'not a directory');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const oneLine = (s: string) => s.trim().split('\n').length === 1 && !/\n\s+at /.test(s);

describe('run --format', () => {
  it('writes only the formats asked for', async () => {
    const report = path.join(dir, 'two');
    const r = await runCli(['run', '--only', 'headers', '--format', 'sarif,html', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(report)).sort()).toEqual(['report.html', 'report.sarif']);
    expect(r.stdout).toContain(`reports: ${path.join(report, 'report.sarif')}, ${path.join(report, 'report.html')}`);
  });

  it('names the valid formats on a bad one', async () => {
    const r = await runCli(['run', '--format', 'json,xml', '--report', path.join(dir, 'bad-format')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('mcp-auth-harness: --format: unknown format xml (formats: json, junit, markdown, sarif, html)');
  });
});

describe('run --report that cannot be written', () => {
  it.each([
    ['a directory that cannot be created', '/proc/nope', /--report \/proc\/nope: cannot create the directory/],
    ['a directory nobody can write to', '/proc', /--report \/proc: cannot write there/],
    ['a path under a regular file', 'a-file/reports', /--report .*a-file\/reports: cannot create the directory \(ENOTDIR: a part of the path is a file/],
    ['a regular file', 'a-file', /--report .*a-file: cannot create the directory \(EEXIST: a file of that name exists\)/],
  ])('%s is refused before the run (exit 2, naming --report)', async (_, where, message) => {
    const r = await runCli(['run', '--only', 'headers', '--report', path.isAbsolute(where) ? where : path.join(dir, where)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(oneLine(r.stderr), r.stderr).toBe(true);
    expect(r.stderr).not.toMatch(/checks ×/); // no check ran
  });
});
