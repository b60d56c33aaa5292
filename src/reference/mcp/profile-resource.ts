// A per-user resource: `whoami://me` reads as the caller (the same identity whoami names). On the
// 2026-07-28 revision its result is cacheable but private: a client may keep it for a minute, a
// shared cache never. (The flaw shared-result-cache ignores that: see result-cache.ts.)
import type { McpServer } from '@modelcontextprotocol/server';
import { toolIdentity } from './tool-identity.ts';

export const PROFILE_URI = 'whoami://me';

export function registerProfileResource(server: McpServer): void {
  server.registerResource(
    'me',
    PROFILE_URI,
    { description: 'The caller as the server sees it', mimeType: 'application/json', cacheHint: { ttlMs: 60_000, cacheScope: 'private' } },
    async (uri, ctx) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await toolIdentity(ctx)) }] }),
  );
}
