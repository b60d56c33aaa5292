// An https front on loopback for a plain-http server: how a deployment behind a TLS-terminating
// proxy with a private CA looks to the harness. While the backend is down the front answers
// nothing (the socket is closed), so a readiness wait keeps waiting.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export interface HttpsFront {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHttpsFront(opts: { certPem: string; keyPem: string; backendPort: number }): Promise<HttpsFront> {
  const server = https.createServer({ cert: opts.certPem, key: opts.keyPem }, (req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: opts.backendPort, path: req.url, method: req.method, headers: req.headers, agent: false }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    // The backend down: no answer at all. A backend that answered before reading the whole body is fine.
    upstream.on('error', () => {
      if (!res.headersSent) res.destroy();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
