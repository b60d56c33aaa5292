// A target started before the run (issuer.port set: it trusts whatever issuer listens there)
// may still hold the previous run's JWKS: a careful server refetches an unknown key only after a
// cooldown (jose: 30 s). Until it accepts a token signed with this run's key, every check would
// error; so wait for that first, as part of readiness.
import { sendRaw } from '../probe/http.ts';
import { initializeRequest, isStateless, request, standardHeaders } from '../probe/messages.ts';
import type { Revision } from '../revisions.ts';

export interface TrustWait {
  url: string;
  revision: Revision;
  /** A valid access token for this run; called per attempt. */
  token: () => Promise<string>;
  timeoutMs: number;
  intervalMs?: number;
}

/** Resolves once an authenticated request is answered with anything but 401; throws after timeoutMs. */
export async function waitUntilTrusted(w: TrustWait): Promise<void> {
  const deadline = Date.now() + w.timeoutMs;
  const message = isStateless(w.revision) ? request(0, 'tools/list', {}, w.revision) : initializeRequest(0, w.revision);
  for (;;) {
    const r = await sendRaw({
      method: 'POST',
      url: w.url,
      headers: {
        authorization: `Bearer ${await w.token()}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': w.revision,
        ...standardHeaders(message, w.revision),
      },
      body: JSON.stringify(message),
      timeoutMs: 5000,
      maxBodyBytes: 64 * 1024,
      enough: () => true,
    });
    if (r.status !== 401 && r.status !== 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${w.url} still refuses this run's tokens after ${Math.round(w.timeoutMs / 1000)} s (HTTP ${r.status || r.error}): does it trust the issuer at issuer.port?`);
    }
    await new Promise((resolve) => setTimeout(resolve, w.intervalMs ?? 1000));
  }
}
