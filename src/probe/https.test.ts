// The probe's HTTP client against an https server on loopback whose certificate a per-run CA signed.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, type TestCa } from '../../suites/support/tls/test-ca.ts';
import { sendRaw } from './http.ts';
import { trustCa } from './tls-trust.ts';

let ca: TestCa;
let server: https.Server;
let url: string;

beforeAll(async () => {
  ca = await makeTestCa();
  server = https.createServer({ cert: ca.certPem, key: ca.keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await ca?.remove();
});

const get = (u: string) => sendRaw({ method: 'GET', url: u, timeoutMs: 5000, maxBodyBytes: 1024 });

describe('https targets', () => {
  it('refuses a certificate from an unknown CA, saying how to trust it', async () => {
    const r = await get(url);
    expect(r.status).toBe(0);
    expect(r.error).toMatch(/^TLS: the server's certificate is not trusted \(\w+\); give its CA as target\.ca/);
  });

  it('answers once the CA is trusted for that origin, and only for it', async () => {
    const undo = trustCa(url, ca.caPem);
    try {
      const r = await get(url);
      expect(r).toMatchObject({ status: 200, body: 'ok' });
      const other = await get(url.replace('127.0.0.1', 'localhost'));
      expect(other.error).toMatch(/not trusted/);
    } finally {
      undo();
    }
    expect((await get(url)).error).toMatch(/not trusted/);
  });
});
