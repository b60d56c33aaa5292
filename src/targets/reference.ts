// The embedded default target: the reference server from fixtures/, started as a process and
// trusting this run's issuer. `flaw` switches on one of its named defects.
import { fileURLToPath } from 'node:url';
import { REVISIONS } from '../check.ts';
import type { HarnessConfig } from '../config/config.ts';

export const REFERENCE_SERVER = fileURLToPath(new URL('../../fixtures/reference/server.ts', import.meta.url));
export const REFERENCE_CLOCK_SKEW_SECONDS = 30;

export function referenceConfig(opts: { profile?: 'jwks' | 'hs256'; flaw?: string } = {}): HarnessConfig {
  const profile = opts.profile ?? 'jwks';
  const hs256 = profile === 'hs256';
  return {
    target: {
      url: 'http://127.0.0.1:${target.port}/mcp',
      command: `"${process.execPath}" "${REFERENCE_SERVER}"`,
      env: {
        PORT: '${target.port}',
        AUTH: profile,
        ISSUER: '${issuer.url}',
        AUDIENCE: '${target.resource}',
        ...(hs256 ? { JWT_SECRET: '${issuer.secret}', SUB_CLAIM: 'user_id', ROLE_CLAIM: 'role' } : { JWKS_URL: '${issuer.jwksUrl}' }),
        CLOCK_SKEW_SECONDS: String(REFERENCE_CLOCK_SKEW_SECONDS),
        FLAW: opts.flaw ?? '',
      },
      revisions: [...REVISIONS],
      clockSkewSeconds: REFERENCE_CLOCK_SKEW_SECONDS,
    },
    auth: hs256 ? { profile, claims: { subject: 'user_id', roles: 'role', rolesFormat: 'string' } } : { profile },
    identities: [{ name: 'alice', subject: 'alice', roles: ['user'], username: 'alice' }],
    oracle: { tool: 'whoami', subjectPath: 'sub' },
  };
}
