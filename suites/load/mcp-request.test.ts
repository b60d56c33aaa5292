// The load scripts' request builders and answer readers, against the real reference server (auth
// on, and its auth-off twin) in every revision: what k6 will send is what this sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/reference/config.ts';
import { listenReference, type ListeningReference } from '../../src/reference/listen.ts';
import { startTestIssuer, type TestIssuer } from '../support/reference-testing/test-issuer.ts';
import { answerFor, subjectOf, succeeded } from '../../src/load/model/mcp-answer.ts';
import { initialize, initialized, listTools, needsSession, toolCall, type CallTarget } from '../../src/load/model/mcp-request.ts';
import { REVISIONS, type Revision } from '../../src/revisions.ts';
import { keepAliveAgent, sendTimed } from '../../src/overhead/timed-request.ts';

let issuer: TestIssuer;
let authed: ListeningReference;
let twin: ListeningReference;
const agent = keepAliveAgent();

beforeAll(async () => {
  issuer = await startTestIssuer();
  authed = await listenReference(readSettings({ AUTH: 'jwks', JWKS_URL: issuer.jwksUrl, ISSUER: issuer.issuer, PORT: '0' }));
  twin = await listenReference(readSettings({ AUTH: 'off', PORT: '0' }));
});
afterAll(async () => {
  agent.destroy();
  await Promise.all([authed?.close(), twin?.close()]);
  await issuer?.close();
});

async function session(target: CallTarget): Promise<string | undefined> {
  if (!needsSession(target.revision)) return undefined;
  const opened = await sendTimed(initialize(target, 1), agent);
  expect(opened.status).toBe(200);
  const id = opened.headers['mcp-session-id'];
  expect((await sendTimed(initialized({ ...target, session: id }), agent)).status).toBe(202);
  return id;
}

describe.each(REVISIONS as readonly Revision[])('revision %s', (revision) => {
  it('calls the identity oracle with a bearer token and reads the caller from the answer', async () => {
    const token = await issuer.mint(authed.config.audience);
    const target: CallTarget = { url: authed.url, revision, token };
    const call = toolCall({ ...target, session: await session(target) }, 7, 'whoami');
    const answered = await sendTimed(call, agent);
    const answer = answerFor(answered.headers['content-type'] ?? '', answered.body, 7);
    expect(succeeded(answered.status, answer)).toBe(true);
    expect(subjectOf(answer, 'sub')).toBe('alice');
    expect(answered.ttfbMs).toBeGreaterThan(0);
  });

  it('calls the auth-off twin without a token', async () => {
    const target: CallTarget = { url: twin.url, revision };
    const call = listTools({ ...target, session: await session(target) }, 3);
    expect(call.headers.authorization).toBeUndefined();
    const answered = await sendTimed(call, agent);
    const answer = answerFor(answered.headers['content-type'] ?? '', answered.body, 3);
    expect(succeeded(answered.status, answer)).toBe(true);
    expect((answer?.result?.tools as unknown[]).length).toBeGreaterThan(0);
  });

  it('is refused by the target without a token', async () => {
    const answered = await sendTimed(toolCall({ url: authed.url, revision }, 4, 'whoami'), agent);
    expect(answered.status).toBe(401);
  });
});

describe('request shapes', () => {
  it('carries the 2026-07-28 envelope and routing headers, and no session', () => {
    const call = toolCall({ url: 'http://127.0.0.1:1/mcp', revision: '2026-07-28', token: 't' }, 2, 'whoami');
    expect(call.headers).toMatchObject({ 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'whoami', authorization: 'Bearer t' });
    expect(JSON.parse(call.body).params._meta['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    expect(needsSession('2026-07-28')).toBe(false);
  });

  it('carries the session id in 2025 revisions', () => {
    const call = listTools({ url: 'http://127.0.0.1:1/mcp', revision: '2025-11-25', session: 's-1' }, 5);
    expect(call.headers['mcp-session-id']).toBe('s-1');
    expect(call.headers['mcp-method']).toBeUndefined();
    expect(call.id).toBe(5);
  });
});
