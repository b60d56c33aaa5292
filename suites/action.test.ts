// action.yml, run step by step as a GitHub runner would (support/composite-action.ts), with fake
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files: what a workflow would read and what the job shows.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCompositeAction } from './support/composite-action.ts';

const ACTION = fileURLToPath(new URL('../action.yml', import.meta.url));

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'action-workspace-'));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

describe('the GitHub Action', () => {
  it('runs the harness, sets outputs, writes the step summary and uploads SARIF when asked', async () => {
    const run = await runCompositeAction(ACTION, { workspace, inputs: { only: 'headers', 'report-dir': 'out/passing', 'upload-sarif': 'true' } });
    const dir = path.join(workspace, 'out', 'passing');
    expect(run.steps.find((s) => s.name === 'Run mcp-auth-harness')!.exitCode, run.steps.map((s) => s.output).join('\n')).toBe(0);
    expect(run.outputs).toMatchObject({ 'exit-code': '0', fail: '0', warn: '0', error: '0' });
    expect(Number(run.outputs.pass)).toBeGreaterThanOrEqual(12);
    expect(run.outputs).toMatchObject({
      'report-json': path.join(dir, 'report.json'),
      'report-junit': path.join(dir, 'junit.xml'),
      'report-markdown': path.join(dir, 'summary.md'),
      'report-sarif': path.join(dir, 'report.sarif'),
      'report-html': path.join(dir, 'report.html'),
    });
    expect(run.summary).toBe(await readFile(path.join(dir, 'summary.md'), 'utf8'));
    expect(run.summary).toMatch(/^## ✅ mcp-auth-harness: PASS/);
    const upload = run.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload).toMatchObject({ ran: true, with: { sarif_file: path.join(dir, 'report.sarif'), category: 'mcp-auth-harness' } });
    expect(JSON.parse(await readFile(upload.with!.sarif_file!, 'utf8')).version).toBe('2.1.0');
    expect(run.steps.find((s) => s.name === 'Fail on findings')!.ran).toBe(false);
    expect(run.failed).toBe(false);
  });

  it('fails the job on a finding, after the reports, outputs and SARIF upload are done', async () => {
    const run = await runCompositeAction(ACTION, { workspace, inputs: { only: 'headers', 'report-dir': 'out/failing', args: '--flaw no-www-authenticate', 'upload-sarif': 'true' } });
    expect(run.outputs['exit-code']).toBe('1');
    expect(Number(run.outputs.fail)).toBeGreaterThan(0);
    expect(run.summary).toMatch(/^## ❌ mcp-auth-harness: FAIL/);
    expect(run.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!.ran).toBe(true);
    expect(run.steps.find((s) => s.name === 'Fail on findings')).toMatchObject({ ran: true, exitCode: 1 });
    expect(run.failed).toBe(true);
  });

  it('uploads no SARIF unless asked', async () => {
    const run = await runCompositeAction(ACTION, { workspace, inputs: { only: 'headers', 'report-dir': 'out/no-upload' } });
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!.ran).toBe(false);
  });

  it('passes each input to the workspace’s own mcp-auth-harness, spaces and quotes intact', async () => {
    // A team that has the package installed gets that version; this stand-in records its arguments.
    const team = await mkdtemp(path.join(tmpdir(), 'action-team-'));
    try {
      await mkdir(path.join(team, 'node_modules', '.bin'), { recursive: true });
      const fake = path.join(team, 'node_modules', '.bin', 'mcp-auth-harness');
      await writeFile(fake, `#!/usr/bin/env bash\nif [ "$1" = --version ]; then echo 9.9.9; exit 0; fi\nprintf '%s\\n' "$@" > "$PWD/argv.txt"\nexit 2\n`);
      await chmod(fake, 0o755);
      const run = await runCompositeAction(ACTION, {
        workspace: team,
        inputs: { config: `my "team" config.yaml`, only: 'headers,claims', baseline: 'known failures.json', strict: 'true', 'report-dir': 'r', args: '--allow-remote --format sarif' },
      });
      expect(run.steps.find((s) => s.name === 'Install mcp-auth-harness')!.output).toContain("using the workspace's mcp-auth-harness (9.9.9)");
      const argv = (await readFile(path.join(team, 'argv.txt'), 'utf8')).trimEnd().split('\n');
      expect(argv).toEqual(['run', '--report', 'r', '--config', 'my "team" config.yaml', '--only', 'headers,claims', '--baseline', 'known failures.json', '--strict', '--allow-remote', '--format', 'sarif']);
      expect(run.outputs['exit-code']).toBe('2');
      expect(run.outputs['report-json']).toBe('');
      expect(run.failed).toBe(true);
    } finally {
      await rm(team, { recursive: true, force: true });
    }
  });
});
