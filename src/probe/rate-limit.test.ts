import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveAgent, sendTimed } from '../overhead/timed-request.ts';
import { sendRaw } from './http.ts';
import { limitRate, requestsSent } from './rate-limit.ts';

let server: http.Server;
let url: string;
const arrivals: number[] = [];

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    arrivals.push(performance.now());
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});
afterAll(() => new Promise((r) => server.close(r)));

const get = () => sendRaw({ method: 'GET', url, timeoutMs: 5000, maxBodyBytes: 64 });

describe('--max-rps', () => {
  it('spaces requests to a capped origin evenly, even when sent all at once', async () => {
    const undo = limitRate(url, 20);
    try {
      arrivals.length = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: 6 }, get));
      // At 20/s the k-th request leaves k × 50 ms after the first call, and arrives after it
      // leaves (timers never fire early; a busy machine only makes it later).
      const sorted = [...arrivals].sort((a, b) => a - b);
      sorted.forEach((t, k) => expect(t - started).toBeGreaterThanOrEqual(k * 50 - 1));
      expect(requestsSent(url)).toBe(6);
    } finally {
      undo();
    }
  });

  it("paces the overhead family's paired probe too", async () => {
    const undo = limitRate(url, 20);
    const agent = keepAliveAgent();
    try {
      arrivals.length = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: 4 }, () => sendTimed({ method: 'POST', url, headers: {}, body: '{}' }, agent)));
      const sorted = [...arrivals].sort((a, b) => a - b);
      sorted.forEach((t, k) => expect(t - started).toBeGreaterThanOrEqual(k * 50 - 1));
      expect(requestsSent(url)).toBe(4);
    } finally {
      agent.destroy();
      undo();
    }
  });

  it('leaves other origins, and the origin once the cap is undone, alone', async () => {
    arrivals.length = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: 6 }, get));
    expect(requestsSent(url)).toBe(0);
    expect(arrivals.length).toBe(6);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
