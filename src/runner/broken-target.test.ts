import { describe, expect, it } from 'vitest';
import type { McpResponse } from '../probe/probe.ts';
import { parseMessages } from '../probe/messages.ts';
import { brokenBy, guardedRun, notRun, onBrokenTarget, onDeadTarget } from './broken-target.ts';
import { TargetLiveness } from './target-liveness.ts';

function response(status: number, body = '', headers: Record<string, string> = { 'content-type': 'application/json' }, error?: string): McpResponse {
  const messages = parseMessages(headers['content-type'] ?? '', body);
  return { status, headers, body, error, durationMs: 1, method: 'POST', messages, answer: messages[0], exchange: { request: 'POST /mcp' } };
}

describe('brokenBy: the control shows a broken target', () => {
  it.each([
    ['no answer', response(0, '', {}, 'timeout after 1000 ms'), 'timeout after 1000 ms'],
    ['a server error', response(500, '<html>'), 'HTTP 500'],
    ['a redirect', response(302, '', { location: 'http://127.0.0.1:9/x' }), 'HTTP 302, a redirect to http://127.0.0.1:9/x'],
    ['garbage', response(200, '\u0000\u00ff'), 'HTTP 200 without a JSON-RPC answer (no JSON-RPC message in the body)'],
    ['result: null', response(200, '{"jsonrpc":"2.0","id":1,"result":null}'), 'HTTP 200 without a JSON-RPC answer (result is null, not an object)'],
  ])('%s', (_, r, why) => {
    expect(brokenBy(r)).toBe(why);
  });

  it.each([
    ['a 401', response(401, '{"error":"invalid_token"}')],
    ['a 403', response(403)],
    ['an in-band refusal', response(200, '{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"Unauthorized"}}')],
    ['a success', response(200, '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}')],
  ])('not %s', (_, r) => {
    expect(brokenBy(r)).toBeUndefined();
  });
});

describe('verdicts on a broken or dead target', () => {
  it('a fail on a broken target is an error naming why; other verdicts stand', () => {
    expect(onBrokenTarget({ status: 'fail', reason: 'no protected-resource metadata' }, 'HTTP 500')).toEqual({
      status: 'error',
      reason: 'the target is broken (its positive control got HTTP 500), so this proves nothing: no protected-resource metadata',
    });
    expect(onBrokenTarget({ status: 'pass' }, 'HTTP 500')).toEqual({ status: 'pass' });
    expect(onBrokenTarget({ status: 'fail', reason: 'x' }, undefined)).toEqual({ status: 'fail', reason: 'x' });
  });

  it('anything but a skip reached while the target died is an error', () => {
    const down = { reason: 'exited with code 3', during: 'discovery.prm.served@2025-11-25' };
    expect(onDeadTarget({ status: 'fail', reason: 'no metadata' }, down).reason).toBe('the target exited with code 3 during this check, so this proves nothing (fail: no metadata)');
    expect(onDeadTarget({ status: 'pass' }, down).status).toBe('error');
    expect(onDeadTarget({ status: 'skip', reason: 'no oracle' }, down).status).toBe('skip');
    expect(notRun(down)).toEqual({ status: 'error', reason: 'not run: the target exited with code 3 (during discovery.prm.served@2025-11-25)' });
  });
});

describe('guardedRun', () => {
  const up = { url: 'http://127.0.0.1:9/mcp', exitStatus: () => undefined as string | undefined };

  it('does not run a check once the target is down', async () => {
    const liveness = new TargetLiveness({ ...up, exitStatus: () => 'exited with code 3' });
    liveness.known('a@r');
    let ran = false;
    const v = await guardedRun(async () => ((ran = true), { status: 'pass' }), { liveness, key: 'b@r' });
    expect(ran).toBe(false);
    expect(v).toEqual({ status: 'error', reason: 'not run: the target exited with code 3 (during a@r)' });
  });

  it('a fail reached as the target died is an error; the death is recorded against that check', async () => {
    let exit: string | undefined;
    const liveness = new TargetLiveness({ ...up, exitStatus: () => exit });
    const v = await guardedRun(async () => ((exit = 'exited with code 3'), { status: 'fail', reason: 'no metadata' }), { liveness, key: 'discovery.prm.served@r' });
    expect(v.status).toBe('error');
    expect(liveness.down).toEqual({ reason: 'exited with code 3', during: 'discovery.prm.served@r' });
  });
});
