// A target that exited, or stopped answering, is found down and stays down; one that answers
// anything at all (even a 500) is up.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { TargetLiveness } from './target-liveness.ts';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server?.listening ? server.close(() => r()) : r())));

async function listening(answer: number | 'never'): Promise<string> {
  server = createServer((_, res) => {
    if (answer !== 'never') res.writeHead(answer).end();
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/mcp`;
}

it('a target answering anything, even 500, is up', async () => {
  const liveness = new TargetLiveness({ url: await listening(500), exitStatus: () => undefined });
  expect(await liveness.check('x@r')).toBeUndefined();
});

it('a process that exited is down with its exit status, known without asking', async () => {
  let exit: string | undefined;
  const liveness = new TargetLiveness({ url: await listening(200), exitStatus: () => exit });
  expect(liveness.known('a@r')).toBeUndefined();
  exit = 'exited with code 3';
  expect(liveness.known('b@r')).toEqual({ reason: 'exited with code 3', during: 'b@r' });
  expect(await liveness.check('c@r')).toEqual({ reason: 'exited with code 3', during: 'b@r' });
});

it('a URL target that refuses connections is down, and stays down', async () => {
  const url = await listening(200);
  const liveness = new TargetLiveness({ url, exitStatus: () => undefined });
  await new Promise<void>((r) => server!.close(() => r()));
  const down = await liveness.check('headers.missing.refused@2025-11-25');
  expect(down?.reason).toMatch(/^stopped answering at http:\/\/127\.0\.0\.1:\d+\/mcp \(connection refused/);
  expect(down?.during).toBe('headers.missing.refused@2025-11-25');
  await listening(200);
  expect(await liveness.check()).toBe(down);
});

it('a target that accepts but never answers is down after the time limit', async () => {
  const liveness = new TargetLiveness({ url: await listening('never'), exitStatus: () => undefined }, 300);
  expect((await liveness.check())?.reason).toMatch(/timeout after 300 ms/);
  server!.closeAllConnections();
});
