// The probe against answers a real server should never give: garbage results must not crash a
// reader, and evidence never keeps a secret, whole or cut, plain or encoded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { redactText } from '../report/redact.ts';
import { refusedInBand, toolData } from './tool-result.ts';
import { Probe, succeeded } from './probe.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server answering every request with `answer(body)` (a JSON-RPC id is copied in as `ID`). */
async function serve(answer: (req: { id: unknown; auth?: string }) => { status?: number; headers?: Record<string, string>; body: string }): Promise<string> {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d) => (text += d)).on('end', () => {
      let id: unknown;
      try {
        id = JSON.parse(text).id;
      } catch {
        // a GET
      }
      const a = answer({ id, auth: req.headers.authorization });
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers }).end(a.body);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/mcp`;
}

describe('answers that are not MCP results (issue 15 item 3)', () => {
  it.each([
    ['result: null', (id: unknown) => ({ jsonrpc: '2.0', id, result: null })],
    ['result: a string', (id: unknown) => ({ jsonrpc: '2.0', id, result: 'ok' })],
    ['result: an array', (id: unknown) => ({ jsonrpc: '2.0', id, result: [1] })],
    ['error: null', (id: unknown) => ({ jsonrpc: '2.0', id, error: null })],
    ['content not a list', (id: unknown) => ({ jsonrpc: '2.0', id, result: { content: 'text' } })],
  ])('%s: no reader throws, and it is not a success', async (_, message) => {
    const url = await serve(({ id }) => ({ body: JSON.stringify(message(id)) }));
    const probe = new Probe({ url, revision: '2025-11-25', timeoutMs: 2000 });
    const r = await probe.callTool('whoami', {}, { token: 'x' });
    expect(() => [succeeded(r), toolData(r), refusedInBand(r)]).not.toThrow();
    expect(toolData(r)).toBeUndefined();
    if (!_.startsWith('content')) expect(succeeded(r)).toBe(false);
  });

  it('result: null over SSE ends the read at once (it answers the request)', async () => {
    const url = await serve(({ id }) => ({
      headers: { 'content-type': 'text/event-stream' },
      body: `data: ${JSON.stringify({ jsonrpc: '2.0', id, result: null })}\n\n`,
    }));
    const r = await new Probe({ url, revision: '2025-11-25', timeoutMs: 2000 }).call('tools/list', {});
    expect(r.error).toBeUndefined();
    expect(r.answer?.malformed).toBe('result is null, not an object');
  });
});

describe('evidence never keeps a secret (issue 15 items 1–2)', () => {
  const secret = 'Zx9-hs256_SecretValue-0123456789abcdefGHIJK';
  const redact = (text: string) => redactText(text, [secret]);

  it('a secret straddling the 400-character excerpt boundary', async () => {
    for (const at of [380, 390, 399, 400]) {
      const url = await serve(() => ({ status: 401, body: `${'.'.repeat(at - 1)} ${secret} tail` }));
      const r = await new Probe({ url, revision: '2025-11-25', redact }).call('tools/list', {});
      await new Promise<void>((done) => server!.close(() => done()));
      server = undefined;
      expect(r.exchange.body, `secret at ${at}`).not.toContain(secret.slice(0, 8));
      expect(r.exchange.body!.length).toBeLessThanOrEqual(401);
    }
  });

  it('the bearer echoed back base64- and hex-encoded, in the body and a header', async () => {
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
    const url = await serve(({ auth }) => ({
      status: 401,
      headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${Buffer.from(auth!).toString('hex')}"` },
      body: JSON.stringify({ seen: Buffer.from(auth!).toString('base64') }),
    }));
    const r = await new Probe({ url, revision: '2025-11-25' }).call('tools/list', {}, { token });
    const evidence = JSON.stringify(r.exchange);
    expect(evidence).not.toContain(Buffer.from(`Bearer ${token}`).toString('base64').slice(0, 20));
    expect(evidence).not.toContain(Buffer.from(`Bearer ${token}`).toString('hex').slice(0, 20));
    expect(evidence).toContain('<redacted:encoded>');
  });
});

describe('SSE bodies', () => {
  it('finds the answer in CRLF-delimited events', async () => {
    const url = await serve(({ id }) => ({
      headers: { 'content-type': 'text/event-stream' },
      body: `event: message\r\ndata: ${JSON.stringify({ jsonrpc: '2.0', id, result: { tools: [] } })}\r\n\r\n`,
    }));
    const r = await new Probe({ url, revision: '2025-11-25', timeoutMs: 2000 }).call('tools/list', {});
    expect(succeeded(r)).toBe(true);
  });
});

describe('a stream kept open (readUntil + keepOpen)', () => {
  it('answers once the awaited event came, and the connection stays up until close()', async () => {
    let closed = false;
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: endpoint\ndata: /messages?sessionId=1\n\n');
      req.socket.on('close', () => (closed = true));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/sse`;
    const probe = new Probe({ url, revision: '2025-11-25', timeoutMs: 2000 });
    const opened = await probe.send(undefined, { method: 'GET', url, readUntil: (body) => body.includes('\n\n'), keepOpen: true });
    expect(opened).toMatchObject({ status: 200, body: expect.stringContaining('data: /messages?sessionId=1') });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    opened.close?.();
    await expect.poll(() => closed).toBe(true);
  });
});
