// signIn is the user's browser: it names the user, reads the redirect, and delivers it to the
// client's callback — also to a callback that starts listening only after the browser opened.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from './sign-in.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

async function listen(handler: RequestListener, port = 0): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on yet. */
async function laterPort(): Promise<number> {
  const port = await listen(() => {});
  await new Promise((done) => servers.pop()!.close(done));
  return port;
}

describe('signIn', () => {
  it('opens the authorization URL as the user and delivers the redirect, even to a callback that listens late', async () => {
    const callbackPort = await laterPort();
    let seenHint: string | null = null;
    const issuerPort = await listen((req, res) => {
      seenHint = new URL(req.url!, 'http://x').searchParams.get('login_hint');
      res.writeHead(302, { location: `http://127.0.0.1:${callbackPort}/callback?code=c1&state=s` }).end();
    });
    const delivered: string[] = [];
    setTimeout(() => void listen((req, res) => (delivered.push(req.url!), res.end('ok')), callbackPort), 300);
    const { redirect } = await signIn(`http://127.0.0.1:${issuerPort}/authorize?client_id=x`, 'alice');
    expect(seenHint).toBe('alice');
    expect(redirect.searchParams.get('code')).toBe('c1');
    expect(delivered).toEqual(['/callback?code=c1&state=s']);
  });

  it('says so when the authorization endpoint does not redirect', async () => {
    const port = await listen((_, res) => res.writeHead(400).end('{"error":"access_denied"}'));
    await expect(signIn(`http://127.0.0.1:${port}/authorize`, 'alice')).rejects.toThrow('the authorization endpoint answered HTTP 400 instead of a redirect');
  });
});
