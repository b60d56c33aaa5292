// Only for the flaw `shared-result-cache`: a process-wide cache of 2026-07-28 cacheable results,
// keyed by method and parameters and kept for their ttlMs — whoever asks next gets the cached
// answer, although the result said cacheScope "private" (only the requesting client may keep it).
import { peekJsonBody } from '../http/peek-body.ts';

const CACHEABLE = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read']);
const MAX_ENTRIES = 1000;

interface Entry {
  result: unknown;
  until: number;
}

const cache = new Map<string, Entry>();

export async function cachedResult(request: Request, produce: () => Promise<Response>): Promise<Response> {
  const body = (await peekJsonBody(request)) as { id?: unknown; method?: unknown; params?: Record<string, unknown> } | undefined;
  if (!body || typeof body.method !== 'string' || !CACHEABLE.has(body.method)) return produce();
  const { _meta, ...params } = body.params ?? {};
  const key = JSON.stringify([body.method, params]);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return Response.json({ jsonrpc: '2.0', id: body.id, result: hit.result });
  const answer = await produce();
  if (!answer.headers.get('content-type')?.includes('application/json')) return answer;
  const text = await answer.text();
  const message = JSON.parse(text) as { result?: { ttlMs?: unknown } };
  const ttl = message.result?.ttlMs;
  if (typeof ttl === 'number' && ttl > 0) {
    cache.set(key, { result: message.result, until: Date.now() + ttl });
    for (const oldest of cache.keys()) {
      if (cache.size <= MAX_ENTRIES) break;
      cache.delete(oldest);
    }
  }
  return new Response(text, { status: answer.status, headers: answer.headers });
}
