// The official MCP conformance suite's `authorization` command against the standalone issuer
// (src/issuer/main.ts), both scenarios: authorization server metadata and the authorization code
// grant. The suite prints the authorization URL for a person to open; this test is that person's
// browser, and the issuer approves headless. Any failed or missing check fails the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const CONFORMANCE = fileURLToPath(new URL('../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url));
const RESOURCE = 'http://127.0.0.1:8080/mcp';
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function run(args: string[], env: Record<string, string> = {}): { child: ChildProcess; lines: AsyncIterable<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, lines: createInterface({ input: child.stdout! }), exit };
}

/** A port nobody listens on right now, for the suite's callback server (it needs a number, not 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

describe('MCP conformance suite, authorization command', () => {
  it('passes both scenarios against the standalone issuer', async () => {
    const secret = randomBytes(24).toString('base64url');
    const issuer = run([MAIN], { PORT: '0', RESOURCE, CLIENT_ID: 'conformance', CLIENT_SECRET: secret, CLIENT_REDIRECT_URIS: 'http://127.0.0.1/callback' });
    let ready: { url: string; authorizationUrl: string } | undefined;
    for await (const line of issuer.lines) {
      ready = JSON.parse(line);
      break;
    }
    expect(ready?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const outputDir = await mkdtemp(join(tmpdir(), 'issuer-conformance-'));
    dirs.push(outputDir);
    const args = ['authorization', '--url', ready!.url, '--client-id', 'conformance', '--client-secret', secret, '--resource', RESOURCE];
    const suite = run([CONFORMANCE, ...args, '--port', String(await freePort()), '--output-dir', outputDir]);
    // Without the callback the suite would wait five minutes: stop it well within the test's time.
    const deadline = setTimeout(() => suite.child.kill('SIGKILL'), 45_000);
    let stderr = '';
    suite.child.stderr!.on('data', (d) => (stderr += d));
    const output: string[] = [];
    let authorizationUrl: string | undefined;
    let callbackListening = false;
    let opened: Promise<Response> | undefined;
    for await (const line of suite.lines) {
      output.push(line);
      if (line.startsWith(ready!.authorizationUrl + '?')) authorizationUrl = line;
      if (line.startsWith('Callback server started')) callbackListening = true;
      // The browser: open the URL once the suite listens for the callback, follow the redirect to it.
      if (authorizationUrl && callbackListening && !opened) opened = fetch(authorizationUrl, { signal: AbortSignal.timeout(20_000) });
    }
    const code = await suite.exit;
    clearTimeout(deadline);
    const summary = `${output.join('\n')}\n${stderr}`;
    expect((await opened)?.status, summary).toBe(200);
    expect(code, summary).toBe(0);
    expect(summary).toMatch(/✓ authorization-server-metadata-endpoint: \d+ passed, 0 failed/);
    expect(summary).toMatch(/✓ authorization-code-grant: 1 passed, 0 failed/);
    expect(summary).toMatch(/Total: \d+ passed, 0 failed/);

    const checks: Check[] = [];
    for (const dir of await readdir(outputDir)) checks.push(...(JSON.parse(await readFile(join(outputDir, dir, 'checks.json'), 'utf8')) as Check[]));
    const results = checks.map((c) => [c.id, c.status, c.errorMessage]).sort(([a], [b]) => String(a).localeCompare(String(b)));
    expect(results).toEqual([
      ['authorization-code-grant', 'SUCCESS', undefined],
      ['authorization-server-metadata', 'SUCCESS', undefined],
      ['authorization-server-metadata-cimd', 'SUCCESS', undefined],
    ]);
  });
});
