// One MCP call over a kept-alive connection, timed to the first byte of the answer, the way k6's
// `timings.waiting` is: from the request being handed to the socket to the response headers.
// Connection setup stays out of the figure, so the paired difference is the server's own.
import http from 'node:http';
import type { HttpCall } from '../load/model/mcp-request.ts';
import { rateSlot } from '../probe/rate-limit.ts';

export interface TimedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Time to first byte, ms. */
  ttfbMs: number;
  error?: string;
}

/** A keep-alive agent with one socket: calls to one server go out one after another. */
export function keepAliveAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1 });
}

export async function sendTimed(call: HttpCall, agent: http.Agent, timeoutMs = 5000, maxBodyBytes = 256 * 1024): Promise<TimedResponse> {
  // A capped (remote) origin paces the paired probe like every other request; the wait is before
  // the request starts, so it is not in the figure.
  await rateSlot(call.url);
  return new Promise((resolve) => {
    let started = 0;
    let ttfbMs = 0;
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (status: number, headers: Record<string, string>, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, headers, body: Buffer.concat(chunks).toString('utf8'), ttfbMs, ...(error ? { error } : {}) });
    };
    const request = http.request(call.url, { method: call.method, headers: { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) }, agent });
    const timer = setTimeout(() => {
      request.destroy();
      finish(0, {}, `timeout after ${timeoutMs} ms`);
    }, timeoutMs);
    request.on('response', (res) => {
      ttfbMs = performance.now() - started;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBodyBytes) chunks.push(chunk);
      });
      res.on('end', () => finish(res.statusCode ?? 0, headers));
      res.on('error', (e) => finish(res.statusCode ?? 0, headers, e.message));
    });
    request.on('error', (e) => finish(0, {}, e.message));
    started = performance.now(); // refined once the body is handed to the socket
    request.end(call.body, () => {
      started = performance.now();
    });
  });
}
