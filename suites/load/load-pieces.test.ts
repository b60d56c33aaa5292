// The pieces `load` is made of, with real components: k6 discovery, the k6 command line, the
// token pool file's lifetime, and a minted pool that the real reference server accepts.
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../../src/reference/config.ts';
import { listenReference } from '../../src/reference/listen.ts';
import { startIssuer } from '../../src/issuer/issuer.ts';
import { findK6 } from '../../src/load/find-k6.ts';
import { k6Invocation } from '../../src/load/k6-invocation.ts';
import { loadIdentities, mintPool } from '../../src/load/mint-pool.ts';
import { writePoolFile } from '../../src/load/token-pool-file.ts';
import { keepAliveAgent, sendTimed } from '../../src/overhead/timed-request.ts';
import { Forge } from '../../src/tokens/forge.ts';
import { answerFor, subjectOf } from '../../src/load/model/mcp-answer.ts';
import { toolCall } from '../../src/load/model/mcp-request.ts';

describe('finding k6', () => {
  it('takes K6_BIN, else an executable k6 on PATH, and gives up without Docker fallback when K6_IMAGE=none', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'k6-path-'));
    const k6 = path.join(dir, 'k6');
    await writeFile(k6, '#!/bin/sh\n');
    expect(await findK6({ PATH: dir, K6_IMAGE: 'none' })).toBeUndefined(); // not executable
    await chmod(k6, 0o755);
    expect(await findK6({ PATH: `/nonexistent:${dir}`, K6_IMAGE: 'none' })).toEqual({ kind: 'binary', path: k6 });
    expect(await findK6({ PATH: '', K6_BIN: k6 })).toEqual({ kind: 'binary', path: k6 });
    await expect(findK6({ K6_BIN: dir })).rejects.toThrow(`K6_BIN=${dir} is not an executable file`);
    expect(await findK6({ PATH: '', K6_IMAGE: 'none' })).toBeUndefined();
  });
});

describe('the k6 command line', () => {
  const opts = { script: '/repo/scenarios/load/overhead.js', env: { TARGET_URL: 'http://127.0.0.1:5/mcp', RATE: '50' }, secretFile: '/tmp/p/pool.secret', readDirs: ['/repo', '/tmp/p'], writeDir: '/repo/reports', uid: 1000, gid: 1000 };

  it('runs the binary with the pool as a secret source, -e settings, no usage report and no progress bar', () => {
    expect(k6Invocation({ kind: 'binary', path: '/usr/bin/k6' }, opts)).toEqual({
      command: '/usr/bin/k6',
      args: ['run', '--no-usage-report', '--quiet', '--secret-source=file=/tmp/p/pool.secret', '-e', 'TARGET_URL=http://127.0.0.1:5/mcp', '-e', 'RATE=50', '/repo/scenarios/load/overhead.js'],
    });
  });

  it('runs the image on the host network with the same paths mounted, as the calling user, labelled as the harness labels its containers', () => {
    const { command, args } = k6Invocation({ kind: 'docker', image: 'grafana/k6' }, opts);
    expect(command).toBe('docker');
    expect(args.slice(0, 6)).toEqual(['run', '--rm', '--label', expect.stringMatching(/^mcp-auth-harness\.run=[0-9a-f]{12}$/), '--label', `mcp-auth-harness.pid=${process.pid}`]);
    expect(args.slice(6, 18)).toEqual(['--network', 'host', '--user', '1000:1000', '-v', '/repo:/repo:ro', '-v', '/tmp/p:/tmp/p:ro', '-v', '/repo/reports:/repo/reports', 'grafana/k6', 'run']);
    expect(args.at(-1)).toBe('/repo/scenarios/load/overhead.js');
  });
});

describe('the token pool', () => {
  it('lives in a private temp dir, readable by its owner only, and is gone after remove()', async () => {
    const file = await writePoolFile({ tokens: [{ identity: 'a', subject: 'a', token: 't' }], clients: [] });
    expect(await readFile(file.file, 'utf8')).toMatch(/^pool=\{.*\}\ntokens\.0\.0=t\n$/);
    expect((await stat(file.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file.file)).mode & 0o777).toBe(0o600);
    expect(file.dir.startsWith(tmpdir())).toBe(true);
    await file.remove();
    await expect(stat(file.dir)).rejects.toThrow(/ENOENT/);
  });

  it("a run killed outright leaves its pool; the next pool written removes it, and keeps a live run's", async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'pool-parent-'));
    try {
      const module = new URL('../../src/load/token-pool-file.ts', import.meta.url).href;
      const killed = spawnSync(process.execPath, ['--input-type=module', '-e', `const { writePoolFile } = await import(${JSON.stringify(module)}); const p = await writePoolFile({ tokens: [{ identity: 'a', subject: 'a', token: 't' }], clients: [] }, ${JSON.stringify(parent)}); console.log(p.dir); process.kill(process.pid, 'SIGKILL');`], { encoding: 'utf8' });
      expect(killed.signal).toBe('SIGKILL');
      const left = killed.stdout.trim();
      expect(await readFile(path.join(left, 'pool.secret'), 'utf8')).toMatch(/tokens\.0\.0=t/);
      const live = await writePoolFile({ tokens: [{ identity: 'b', subject: 'b', token: 'u' }], clients: [] }, parent);
      await expect(stat(left)).rejects.toThrow(/ENOENT/);
      const next = await writePoolFile({ tokens: [{ identity: 'c', subject: 'c', token: 'v' }], clients: [] }, parent);
      expect((await stat(live.dir)).isDirectory()).toBe(true); // this process is alive
      await Promise.all([live.remove(), next.remove()]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('holds distinct tokens per identity that the real reference accepts as that identity, and registered clients', async () => {
    const target = await startIssuer({ resource: 'http://127.0.0.1:1/mcp' });
    const server = await listenReference(readSettings({ AUTH: 'jwks', JWKS_URL: target.jwksUrl, ISSUER: target.url, AUDIENCE: 'http://127.0.0.1:1/mcp', PORT: '0' }));
    const agent = keepAliveAgent();
    try {
      const forge = new Forge(target, 'jwks');
      const identities = loadIdentities([{ name: 'alice', subject: 'alice', roles: ['user'] }], 3);
      expect(identities.map((i) => i.subject)).toEqual(['alice', 'load-user-2', 'load-user-3']);
      const pool = await mintPool(forge, target, { identities, tokensPerIdentity: 4, ttlSeconds: 600, clients: true });
      expect(pool.tokens).toHaveLength(12);
      expect(new Set(pool.tokens.map((t) => t.token)).size).toBe(12);
      for (const entry of pool.tokens.slice(0, 6)) {
        const answered = await sendTimed(toolCall({ url: server.url, revision: '2026-07-28', token: entry.token }, 1, 'whoami'), agent);
        expect(subjectOf(answerFor(answered.headers['content-type'] ?? '', answered.body, 1), 'sub')).toBe(entry.subject);
      }
      const exp = JSON.parse(Buffer.from(pool.tokens[0].token.split('.')[1], 'base64url').toString()).exp;
      expect(exp - Date.now() / 1000).toBeGreaterThan(590);
      // every secret is known to the forge, so reports redact it
      for (const c of pool.clients) expect(forge.minted.has(c.clientSecret)).toBe(true);
      const granted = await fetch(target.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: pool.clients[1].clientId, client_secret: pool.clients[1].clientSecret }),
      });
      expect(granted.status).toBe(200);
    } finally {
      agent.destroy();
      await server.close();
      await target.close();
    }
  });
});
