// One raw HTTP exchange with a hard timeout and a response-size bound. node:http(s) rather than
// fetch: it must send what fetch refuses (odd header casing, any port) and stop reading a
// stream after the first answer.
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { rateSlot } from './rate-limit.ts';
import { caFor } from './tls-trust.ts';

export interface RawRequest {
  method: string;
  url: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Stop reading an SSE body once this returns true for the text so far. */
  enough?: (bodySoFar: string) => boolean;
  /** Status and headers are all that is wanted (a GET stream never ends by itself). */
  headersOnly?: boolean;
  /** Once `enough` is satisfied, answer but leave the stream open (the response's close() ends it). */
  keepOpen?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set when the exchange broke: timeout, reset, body too large. `status` is 0 then unless headers came. */
  error?: string;
  truncated?: boolean;
  durationMs: number;
  /** Ends a stream left open (keepOpen). */
  close?: () => void;
}

export function sendRaw(req: RawRequest): Promise<RawResponse> {
  const slot = rateSlot(req.url);
  return slot ? slot.then(() => send(req)) : send(req);
}

function send(req: RawRequest): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    let status = 0;
    let headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let size = 0;

    const finish = (error?: string, truncated?: boolean, keep = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!keep) request.destroy();
      resolve({
        ...(keep ? { close: () => void request.destroy() } : {}),
        status,
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(error ? { error } : {}),
        ...(truncated ? { truncated } : {}),
        durationMs: performance.now() - started,
      });
    };

    const secure = req.url.startsWith('https:');
    const ca = secure ? caFor(req.url) : undefined;
    const request = (secure ? https : http).request(req.url, { method: req.method, headers: req.headers, agent: false, ...(ca ? { ca } : {}) });
    const timer = setTimeout(() => finish(`timeout after ${req.timeoutMs} ms`), req.timeoutMs);

    request.on('response', (res) => {
      status = res.statusCode ?? 0;
      headers = flattenHeaders(res.headers);
      if (req.headersOnly) return finish();
      const streaming = (headers['content-type'] ?? '').includes('text/event-stream');
      // The text so far, built as it comes (not re-decoded per chunk: a drip of small events must not cost n²).
      const decoder = new StringDecoder('utf8');
      let text = '';
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBodyBytes) {
          chunks.push(chunk.subarray(0, Math.max(0, req.maxBodyBytes - (size - chunk.length))));
          return finish(`response body exceeded ${req.maxBodyBytes} bytes`, true);
        }
        chunks.push(chunk);
        if (!streaming || !req.enough) return;
        text += decoder.write(chunk);
        if (req.enough(text)) finish(undefined, undefined, req.keepOpen);
      });
      res.on('end', () => finish());
      res.on('error', (e) => finish(e.message));
    });
    request.on('error', (e) => finish(describeNetworkError(e)));
    if (req.body !== undefined) request.write(req.body);
    request.end();
  });
}

function flattenHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function describeNetworkError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused (is the target running?)';
  if (e.code === 'ECONNRESET') return 'connection reset by the target';
  if (e.code && UNTRUSTED_CERTIFICATE.has(e.code)) {
    return `TLS: the server's certificate is not trusted (${e.code}); give its CA as target.ca or auth.ca (or NODE_EXTRA_CA_CERTS)`;
  }
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `TLS: the server's certificate does not name this host (${e.code})`;
  if (e.code === 'CERT_HAS_EXPIRED') return `TLS: the server's certificate has expired (${e.code})`;
  return e.message || String(e.code);
}

const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);
