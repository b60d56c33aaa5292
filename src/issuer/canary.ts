// A fake upstream: a target that forwards the client's token anywhere (R7) shows up here, redacted.
import type { IncomingMessage } from 'node:http';
import { bearerCredentials, bearerFingerprint, jwtFingerprints, redactAuthorization, redactJwts } from './fingerprint.ts';

export interface CanaryHit {
  at: number; // epoch ms
  method: string;
  path: string; // path and query, JWT-shaped parts redacted
  authorization?: string; // redacted, e.g. "<bearer sha256:0123456789ab>"
  bearerFingerprint?: string; // fingerprint of the Bearer credentials, if any
  /** Fingerprints of every JWT-shaped string anywhere in the request: headers, path, body. */
  tokenFingerprints: string[];
}

export function canaryHit(req: IncomingMessage, body: string, at = Date.now()): CanaryHit {
  const url = req.url ?? '/';
  const hit: CanaryHit = { at, method: req.method ?? 'GET', path: redactJwts(url), tokenFingerprints: [] };
  const authorization = req.headers.authorization;
  if (authorization !== undefined) hit.authorization = redactAuthorization(authorization);
  const bearer = bearerCredentials(authorization);
  if (bearer !== undefined) hit.bearerFingerprint = bearerFingerprint(bearer);
  const headerText = req.rawHeaders.join('\n');
  hit.tokenFingerprints = [...new Set(jwtFingerprints([url, headerText, body].join('\n')))];
  return hit;
}

/** Whether `token` reached the canary in any of `hits`, as a bearer or anywhere else. */
export function canarySawToken(hits: readonly CanaryHit[], token: string): boolean {
  const fingerprint = bearerFingerprint(token);
  return hits.some((h) => h.bearerFingerprint === fingerprint || h.tokenFingerprints.includes(fingerprint));
}
