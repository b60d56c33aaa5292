import { it } from 'vitest';
import { startReference } from '../fixtures/reference/launch.ts';
import { openSession, send } from '../fixtures/reference/testing/raw-mcp.ts';
it('timing', async () => {
  const ref = await startReference({ AUTH: 'off' });
  const session = await openSession(ref.url, undefined);
  let t = Date.now();
  const s = await send(ref.url, undefined, { session, version: '2025-11-25' });
  console.log('get', s.status, Date.now() - t); t = Date.now();
  const d = await send(ref.url, undefined, { method: 'DELETE', session, version: '2025-11-25' });
  console.log('delete', d.status, Date.now() - t); t = Date.now();
  await ref.stop();
  console.log('stop', Date.now() - t);
});
