// Passes one request through to an upstream and streams the answer back (SSE included), so the
// client talks to the real MCP server while the gate watches.
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../issuer/http.ts';

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length'];

export function withoutHopByHop(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.includes(k)) out[k] = v;
  return out;
}

export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: string,
  body: string | undefined,
  onAnswer: (status: number, headers: IncomingHttpHeaders) => void = () => {},
): Promise<void> {
  const headers = withoutHopByHop(req.headers);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  let answered = false;
  return new Promise((done) => {
    const upstream = http.request(target, { method: req.method, headers, agent: false }, (answer) => {
      const status = answer.statusCode ?? 502;
      answered = true;
      onAnswer(status, answer.headers);
      res.writeHead(status, withoutHopByHop(answer.headers));
      res.flushHeaders();
      answer.pipe(res);
      answer.on('end', () => done());
      answer.on('error', () => {
        res.destroy();
        done();
      });
    });
    upstream.on('error', () => {
      if (!answered) onAnswer(502, {});
      if (!res.headersSent) sendJson(res, 502, { error: 'bad_gateway' });
      else res.destroy();
      done();
    });
    // The client went away (a closed GET stream, an aborted request): so does the upstream call.
    res.on('close', () => {
      upstream.destroy();
      done();
    });
    upstream.end(body);
  });
}
