// The client contract both ways: the environment the harness writes is the one a program reads,
// markers round-trip, and a program started outside the harness is told so in one line.
import { describe, expect, it } from 'vitest';
import { burstMarker, ENV, parseMarker, readHarnessEnv, stepMarker, toEnv, type HarnessClientEnv } from './contract.ts';

const contract: HarnessClientEnv = {
  mcpUrl: 'http://127.0.0.1:4001/mcp',
  tokenUrl: 'http://127.0.0.1:4001/token',
  issuerUrl: 'http://127.0.0.1:4001',
  users: [
    { name: 'alice', clientId: 'harness-alice', clientSecret: 's1' },
    { name: 'bob', clientId: 'harness-bob', clientSecret: 's2' },
  ],
  steps: 6,
  burst: 4,
};

describe('the client contract', () => {
  it('reads back what the harness writes, with the first user as the single-user credentials', () => {
    const env = toEnv(contract);
    expect(readHarnessEnv(env)).toEqual(contract);
    expect([env[ENV.clientId], env[ENV.clientSecret]]).toEqual(['harness-alice', 's1']);
  });

  it('markers name the user and the step or burst call', () => {
    expect(parseMarker(stepMarker('alice', 2))).toEqual({ user: 'alice', step: 2 });
    expect(parseMarker(burstMarker('bob', 3))).toEqual({ user: 'bob', burst: 3 });
    expect(parseMarker('hello')).toBeUndefined();
    expect(parseMarker(42)).toBeUndefined();
  });

  it('outside the harness, says in one line what is missing', () => {
    expect(() => readHarnessEnv({})).toThrow(/^MCP_HARNESS_USERS is not set: run this program under `mcp-auth-harness client --command …`$/);
    expect(() => readHarnessEnv({ ...toEnv(contract), [ENV.users]: '{nope' })).toThrow(/^MCP_HARNESS_USERS is not JSON$/);
  });
});
