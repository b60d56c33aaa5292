// A config-file run against a hand-written HS256 server started by command (user_id / role
// claims, JWT_SECRET from the issuer): it runs end to end and finds what that server misses.
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runCli } from './support/cli.ts';

const CONFIG = fileURLToPath(new URL('../fixtures/hs256-server/harness.config.yaml', import.meta.url));

it('tests the in-house HS256 server from its config file', async () => {
  const report = await mkdtemp(path.join(tmpdir(), 'harness-hs256-'));
  const r = await runCli(['run', '--config', CONFIG, '--report', report], { timeoutMs: 120_000 });
  const json = JSON.parse(await readFile(path.join(report, 'report.json'), 'utf8'));
  const status = (id: string) => json.checks.find((c: { id: string }) => c.id === id)?.status;
  expect(json.summary.error, JSON.stringify(json.checks.filter((c: { status: string }) => c.status === 'error'), null, 1)).toBe(0);
  // What it gets right: signature, expiry, weak secrets, the sessions' tokens.
  for (const id of ['signature.alg-none', 'signature.hmac-weak-secret', 'signature.hmac-empty-secret', 'claims.exp.expired', 'transport.get.unauthenticated']) {
    expect(status(id), id).toBe('pass');
  }
  // What it misses: audience and issuer binding, protected-resource metadata.
  for (const id of ['claims.aud.foreign', 'claims.iss.foreign', 'discovery.prm.served']) expect(status(id), id).toBe('fail');
  expect(r.code).toBe(1);
  const secretFree = await readFile(path.join(report, 'report.json'), 'utf8');
  expect(secretFree).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}/);
});
