// The client corpus (fixtures/real-world-clients/): real MCP client libraries, driven as their docs
// show, against `mcp-auth-harness client`. Each folder's expected.yaml holds the verdicts verified
// by hand from the request timeline; this suite holds the harness to them, so a check that starts
// blaming a careful client (or stops seeing a real defect) is caught here.
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientChecks } from '../scenarios/client.ts';
import { runCli } from './support/cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CORPUS = path.join(ROOT, 'fixtures/real-world-clients');

interface Expected {
  library: string;
  version: string;
  revision: string;
  exit: number;
  verdicts: Record<string, { status: string; reason?: string; why?: string }>;
}

const entries = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'support')
  .map((d) => d.name)
  .sort();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-corpus-'));
});

const expectedOf = async (name: string) => parse(await readFile(path.join(CORPUS, name, 'expected.yaml'), 'utf8')) as Expected;

describe('the client corpus', () => {
  it('has the official SDK v1 and v2 clients, @ai-sdk/mcp and mcp-remote, and each entry judges every client check', async () => {
    expect(entries.length).toBeGreaterThanOrEqual(4);
    const libraries = new Set<string>();
    for (const name of entries) {
      const expected = await expectedOf(name);
      libraries.add(expected.library);
      expect(Object.keys(expected.verdicts).sort(), name).toEqual(clientChecks.map((c) => c.id).sort());
    }
    expect([...libraries]).toEqual(expect.arrayContaining(['@modelcontextprotocol/sdk', '@modelcontextprotocol/client', '@ai-sdk/mcp', 'mcp-remote']));
  });

  for (const name of entries) {
    it(`${name}: the verdicts verified from its timeline`, async () => {
      const expected = await expectedOf(name);
      const installed = JSON.parse(await readFile(path.join(ROOT, 'node_modules', expected.library, 'package.json'), 'utf8')).version;
      expect(installed, `${expected.library} is ${installed}: re-verify ${name}/expected.yaml against it`).toBe(expected.version);

      const report = path.join(dir, name);
      const r = await runCli(['client', '--command', `node fixtures/real-world-clients/${name}/driver.js`, '--report', report], { cwd: ROOT, timeoutMs: 120_000 });
      const json = JSON.parse(await readFile(path.join(report, 'report.json'), 'utf8'));
      const got = Object.fromEntries(json.checks.map((c: { id: string; status: string; reason?: string }) => [c.id, c]));
      for (const [id, want] of Object.entries(expected.verdicts)) {
        expect(got[id]?.status, `${name} ${id}: ${got[id]?.reason ?? ''}`).toBe(want.status);
        if (want.reason) expect(got[id].reason, `${name} ${id}`).toContain(want.reason);
      }
      expect(json.target.revisions).toEqual([expected.revision]);
      expect(r.code, r.stdout + r.stderr).toBe(expected.exit);
      expect(json.checks.filter((c: { status: string }) => c.status === 'error')).toEqual([]);
    }, 150_000);
  }
});
