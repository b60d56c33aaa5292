// The canned-answer target the load benchmark measures the scripts against: real MCP over HTTP,
// read by the same code the k6 scripts use, answered without any work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCannedTarget, type CannedTarget } from '../../src/load/canned-target.ts';
import { answerFor, subjectOf, succeeded } from '../../src/load/model/mcp-answer.ts';
import { initialize, initialized, listTools, toolCall } from '../../src/load/model/mcp-request.ts';
import { keepAliveAgent, sendTimed } from '../../src/overhead/timed-request.ts';

let canned: CannedTarget;
const agent = keepAliveAgent();
beforeAll(async () => {
  canned = await startCannedTarget();
});
afterAll(async () => {
  agent.destroy();
  await canned.close();
});

const token = (sub: string) => `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.c2ln`;

describe('the canned-answer target', () => {
  it('opens a session, takes the initialized notification, and answers tools/list and whoami', async () => {
    const target = { url: canned.url, revision: '2025-11-25' as const, token: token('alice') };
    const opened = await sendTimed(initialize(target, 1), agent);
    expect(opened.status).toBe(200);
    const session = opened.headers['mcp-session-id'];
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    expect((await sendTimed(initialized({ ...target, session }), agent)).status).toBe(202);
    const listed = await sendTimed(listTools({ ...target, session }, 2), agent);
    expect(succeeded(listed.status, answerFor(listed.headers['content-type'] ?? '', listed.body, 2))).toBe(true);
    const who = await sendTimed(toolCall({ ...target, session }, 3, 'whoami'), agent);
    expect(subjectOf(answerFor(who.headers['content-type'] ?? '', who.body, 3), 'sub')).toBe('alice');
    expect(canned.answered()).toBe(4);
  });

  it('answers in the stateless revision too, and refuses what is not MCP', async () => {
    const listed = await sendTimed(listTools({ url: canned.url, revision: '2026-07-28' }, 7), agent);
    expect(succeeded(listed.status, answerFor(listed.headers['content-type'] ?? '', listed.body, 7))).toBe(true);
    const garbage = await sendTimed({ method: 'POST', url: canned.url, headers: { 'content-type': 'application/json' }, body: '{' }, agent);
    expect(garbage.status).toBe(400);
  });
});
