import { describe, expect, it } from 'vitest';
import { parseMarker } from '../client/contract.ts';
import { requestsPerCall } from './attribution.ts';
import type { McpEvent } from './recording.ts';

let seq = 0;
const call = (text: string): McpEvent => ({ seq: ++seq, at: 0, method: 'POST', path: '/mcp', query: '', credential: 'bearer', rpc: 'tools/call', marker: parseMarker(text) });
const reconnect = (): McpEvent => ({ seq: ++seq, at: 0, method: 'POST', path: '/mcp', query: '', credential: 'bearer', rpc: 'initialize' });

describe('requestsPerCall', () => {
  it('counts marked requests for their call', () => {
    expect(requestsPerCall([call('alice/4'), call('alice/4'), call('alice/5')], 3)).toEqual(new Map([['alice/4', 2], ['alice/5', 1]]));
  });

  it('counts reconnects as retries of the call before, up to the allowance, then as the start of the next call', () => {
    const events = [call('alice/4'), reconnect(), reconnect(), reconnect(), reconnect(), call('alice/5')];
    expect(requestsPerCall(events, 3)).toEqual(new Map([['alice/4', 3], ['alice/5', 3]]));
  });

  it('keeps every request: a storm of reconnects with no call after it stays on the call before', () => {
    const events = [call('alice/4'), ...Array.from({ length: 10 }, reconnect)];
    expect(requestsPerCall(events, 3)).toEqual(new Map([['alice/4', 11]]));
  });

  it('reconnects before any call are named by what they are', () => {
    expect(requestsPerCall([reconnect(), reconnect()], 3)).toEqual(new Map([['POST initialize', 2]]));
  });
});
