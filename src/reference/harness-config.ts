// The embedded default target: the reference server from fixtures/, started as a process and
// trusting this run's issuer. `flaw` switches on one of its named defects.
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { REVISIONS } from '../check.ts';
import type { HarnessConfig } from '../index.ts';

// server.ts in a clone, the built server.js when installed: whichever this module itself is.
const OWN_EXTENSION = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
export const REFERENCE_SERVER = fileURLToPath(new URL(`./server${OWN_EXTENSION}`, import.meta.url));
export const REFERENCE_CLOCK_SKEW_SECONDS = 30;
/** Short, so the key-rotation checks wait seconds, not the usual ten minutes. */
export const REFERENCE_JWKS_CACHE_SECONDS = 2;
/**
 * `exec`: the server replaces the shell, so it is the watchdog's own child and its stop takes
 * milliseconds. Under a shell that dies first it is orphaned, and the watchdog waits for it
 * until init has reaped it (over a second where init reaps lazily).
 */
export const REFERENCE_COMMAND = `exec "${process.execPath}" "${REFERENCE_SERVER}"`;
/** The CLI's code cache (bin/), shared with the reference and its twin: they start in two thirds of the time. */
const compileCache = (): Record<string, string> => {
  const dir = nodeModule.getCompileCacheDir?.();
  return dir ? { NODE_COMPILE_CACHE: dir } : {};
};

export function referenceConfig(opts: { profile?: 'jwks' | 'hs256'; flaw?: string } = {}): HarnessConfig {
  const profile = opts.profile ?? 'jwks';
  const hs256 = profile === 'hs256';
  return {
    target: {
      url: 'http://127.0.0.1:${target.port}/mcp',
      command: REFERENCE_COMMAND,
      env: {
        PORT: '${target.port}',
        AUTH: profile,
        ISSUER: '${issuer.url}',
        AUDIENCE: '${target.resource}',
        ...(hs256 ? { JWT_SECRET: '${issuer.secret}', SUB_CLAIM: 'user_id', ROLE_CLAIM: 'role' } : { JWKS_URL: '${issuer.jwksUrl}', JWKS_CACHE_SECONDS: String(REFERENCE_JWKS_CACHE_SECONDS) }),
        CLOCK_SKEW_SECONDS: String(REFERENCE_CLOCK_SKEW_SECONDS),
        UPSTREAM_URL: '${issuer.canaryUrl}',
        // The 2024-11-05 HTTP+SSE transport beside Streamable HTTP, as servers keep it for old clients.
        LEGACY_SSE: '1',
        FLAW: opts.flaw ?? '',
        ...compileCache(),
      },
      revisions: [...REVISIONS],
      // The MCP endpoint under the alias routers also match.
      endpoints: ['/mcp/'],
      clockSkewSeconds: REFERENCE_CLOCK_SKEW_SECONDS,
      ...(hs256 ? {} : { jwksCacheSeconds: REFERENCE_JWKS_CACHE_SECONDS }),
      // The same server with AUTH=off (no flaws): what the overhead family compares against.
      baseline: {
        url: 'http://127.0.0.1:${baseline.port}/mcp',
        command: REFERENCE_COMMAND,
        env: { PORT: '${baseline.port}', AUTH: 'off', ...compileCache() },
      },
    },
    auth: hs256 ? { profile, claims: { subject: 'user_id', roles: 'role', rolesFormat: 'string' } } : { profile },
    identities: [
      { name: 'alice', subject: 'alice', roles: ['user'], username: 'alice' },
      // The hs256 seed pattern has one role claim; with a list, admin comes second (see FLAW=first-role-only).
      { name: 'root', subject: 'root', roles: hs256 ? ['admin'] : ['user', 'admin', 'auditor'], username: 'root' },
      { name: 'bob', subject: 'bob', roles: ['user'], username: 'bob' },
      // Lacks the base scope: the reference refuses it at the door (403 insufficient_scope).
      { name: 'guest', subject: 'guest', roles: [], username: 'guest' },
    ],
    oracle: { tool: 'whoami', subjectPath: 'sub' },
    rbac: {
      rules: [
        { tool: 'admin_reset', allow: ['root'] },
        { tool: 'echo', arguments: { text: 'hello' }, allow: ['alice', 'root', 'bob'] },
        // Needs two roles; one role claim (the hs256 seed pattern) cannot carry both.
        ...(hs256 ? [] : [{ tool: 'audit_export', allow: ['root'] }]),
        // 2026-07-28: input_required first; the echoed requestState completes it.
        { tool: 'admin_reset_deferred', allow: ['root'] },
      ],
      inBandDenial: 'fail', // the reference is strict: a denial must be a 403
      scopeHierarchy: { admin: ['user'] }, // an admin is a user too
    },
    sessions: {
      state: { write: { tool: 'remember', arguments: { text: '${marker}' } }, handlePath: 'handle', read: { tool: 'recall', handleArgument: 'handle' } },
      requestState: { tool: 'whoami_deferred', subjectPath: 'sub' },
    },
    upstream: { tool: 'upstream_fetch' },
  };
}
