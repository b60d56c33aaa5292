// The reference's optional 2024-11-05 HTTP+SSE transport (LEGACY_SSE=1): it works for the principal
// that opened the stream, and every message needs that principal's own valid token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../src/reference/config.ts';
import { activateFlaws } from '../src/reference/flaws.ts';
import { listenReference, type ListeningReference } from '../src/reference/listen.ts';
import { startTestIssuer, type TestIssuer } from './support/reference-testing/test-issuer.ts';

let issuer: TestIssuer;
let reference: ListeningReference;
beforeAll(async () => {
  activateFlaws([]);
  issuer = await startTestIssuer();
  reference = await listenReference(readSettings({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.issuer, PORT: '0', LEGACY_SSE: '1' }));
});
afterAll(async () => {
  await reference?.close();
  await issuer?.close();
});

const token = (claims: Record<string, unknown> = {}) => issuer.mint(reference.config.audience, claims);
const origin = () => new URL(reference.url).origin;

/** An open GET /sse: the message URL it named, and the events that follow. */
async function openStream(bearer: string) {
  const response = await fetch(`${origin()}/sse`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${bearer}` } });
  const reader = response.body!.getReader();
  let buffer = '';
  const nextEvent = async (): Promise<{ event: string; data: string }> => {
    while (!buffer.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += new TextDecoder().decode(value);
    }
    const at = buffer.indexOf('\n\n');
    const raw = buffer.slice(0, at);
    buffer = buffer.slice(at + 2);
    return { event: /^event: (.*)$/m.exec(raw)?.[1] ?? '', data: /^data: (.*)$/m.exec(raw)?.[1] ?? '' };
  };
  const first = await nextEvent();
  return { status: response.status, first, endpoint: new URL(first.data, origin()).href, nextEvent, close: () => reader.cancel() };
}

const post = (url: string, message: object, bearer?: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) }, body: JSON.stringify(message) });

describe('LEGACY_SSE=1', () => {
  it('serves the opener: endpoint event, then answers to its messages on the stream', async () => {
    const alice = await token();
    const stream = await openStream(alice);
    try {
      expect(stream.status).toBe(200);
      expect(stream.first.event).toBe('endpoint');
      expect(stream.first.data).toMatch(/^\/messages\?sessionId=[0-9a-f-]{36}$/);
      const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 't', version: '1' } } };
      expect((await post(stream.endpoint, initialize, alice)).status).toBe(202);
      expect(JSON.parse((await stream.nextEvent()).data)).toMatchObject({ id: 1, result: { protocolVersion: '2024-11-05' } });
      expect((await post(stream.endpoint, { jsonrpc: '2.0', method: 'notifications/initialized' }, alice)).status).toBe(202);
      expect((await post(stream.endpoint, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'whoami', arguments: {} } }, alice)).status).toBe(202);
      expect(JSON.parse((await stream.nextEvent()).data)).toMatchObject({ id: 2, result: { structuredContent: { sub: 'alice' } } });
    } finally {
      await stream.close();
    }
  });

  it('refuses the stream and the messages without a valid token, and another principal\'s messages', async () => {
    expect((await fetch(`${origin()}/sse`, { headers: { accept: 'text/event-stream' } })).status).toBe(401);
    const stream = await openStream(await token());
    try {
      const ping = { jsonrpc: '2.0', id: 7, method: 'ping' };
      expect((await post(stream.endpoint, ping)).status).toBe(401);
      expect((await post(stream.endpoint, ping, 'not-a-token')).status).toBe(401);
      expect((await post(stream.endpoint, ping, await token({ sub: 'bob' }))).status).toBe(404);
    } finally {
      await stream.close();
    }
  });

  it('is off by default', async () => {
    const plain = await listenReference(readSettings({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.issuer, PORT: '0' }));
    try {
      expect((await fetch(`${new URL(plain.url).origin}/sse`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
