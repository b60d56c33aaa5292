// Waiting for a running target to accept this run's tokens: done at the first answer that is not
// a 401, a clear one-line error when it never comes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { waitUntilTrusted } from './wait-until-trusted.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function target(answer: (n: number, req: { auth?: string; body: string; headers: Record<string, unknown> }) => number): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => {
      res.writeHead(answer(++n, { auth: req.headers.authorization, body, headers: req.headers })).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/mcp`;
}

it('retries while the target answers 401, with a fresh token each time, and returns at the first other answer', async () => {
  const seen: string[] = [];
  const url = await target((n, req) => {
    seen.push(req.auth ?? '');
    return n < 3 ? 401 : 200;
  });
  let minted = 0;
  await waitUntilTrusted({ url, revision: '2025-11-25', token: async () => `t${++minted}`, timeoutMs: 5000, intervalMs: 10 });
  expect(seen).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
});

it('speaks the revision: initialize for 2025, a stateless tools/list with its headers for 2026-07-28', async () => {
  const bodies: { method: string; header?: unknown }[] = [];
  const url = await target((_, req) => {
    bodies.push({ method: JSON.parse(req.body).method, header: req.headers['mcp-method'] });
    return 200;
  });
  await waitUntilTrusted({ url, revision: '2025-06-18', token: async () => 't', timeoutMs: 1000 });
  await waitUntilTrusted({ url, revision: '2026-07-28', token: async () => 't', timeoutMs: 1000 });
  expect(bodies).toEqual([{ method: 'initialize' }, { method: 'tools/list', header: 'tools/list' }]);
});

it('gives up after the timeout with one line that names the likely cause', async () => {
  const url = await target(() => 401);
  await expect(waitUntilTrusted({ url, revision: '2025-11-25', token: async () => 't', timeoutMs: 200, intervalMs: 20 })).rejects.toThrow(
    /still refuses this run's tokens after 0 s \(HTTP 401\): does it trust the issuer at issuer\.port\?$/,
  );
});
