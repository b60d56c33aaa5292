// The preflight stops a run whose valid tokens are refused, but an identity that only lacks the
// base scope (403 insufficient_scope) is something the rbac checks judge, not a broken setup.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTokenAccepted } from './preflight.ts';

let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const scoped = req.headers.authorization === 'Bearer scoped';
    const challenge = scoped ? 'Bearer error="insufficient_scope", scope="user"' : 'Bearer error="invalid_token"';
    res.writeHead(scoped ? 403 : 401, { 'www-authenticate': challenge, 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const run = (token: string, mayLackScope?: boolean) =>
  ensureTokenAccepted({ url, revision: '2026-07-28', identity: { name: 'guest', subject: 'guest', roles: [] }, token, hint: 'look here', timeoutMs: 2000, redact: (t) => t, mayLackScope });

describe('ensureTokenAccepted', () => {
  it('stops the run on 403 insufficient_scope for the identity the checks rely on', async () => {
    await expect(run('scoped')).rejects.toThrow(/refused a valid token for guest \(HTTP 403 insufficient_scope\): look here/);
  });

  it('lets 403 insufficient_scope through for an identity that may lack scope, but never a 401', async () => {
    await expect(run('scoped', true)).resolves.toBeUndefined();
    await expect(run('refused', true)).rejects.toThrow(/HTTP 401 invalid_token/);
  });
});
