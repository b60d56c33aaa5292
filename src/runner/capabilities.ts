// What a run offers its checks. The engine's capabilities come from the auth profile and the core
// config; families declare their own (defineFamily's `capabilities`). A check needing one the run
// lacks is skipped with the declared reason.
import type { Check } from '../check.ts';
import type { ResolvedConfig } from '../config/config.ts';
import type { CapabilityDeclaration, Family } from '../family.ts';

export const ENGINE_CAPABILITIES: Record<string, CapabilityDeclaration> = {
  mint: { missing: 'the auth profile cannot mint tokens', available: (c) => harnessIssues(c) },
  jwt: { missing: 'the tokens are not JWTs', available: (c) => harnessIssues(c) },
  'trusted-key': { missing: 'the public key the target verifies with is unknown', available: (c) => c.auth.profile === 'jwks' },
  'harness-issuer': { missing: "the target does not trust the harness's issuer", available: (c) => harnessIssues(c) },
  expiry: { missing: 'the auth profile cannot make an expired token', available: (c) => harnessIssues(c) },
  renew: { missing: 'the auth profile cannot get a second token for the same identity', available: (c) => harnessIssues(c) },
  asymmetric: {
    missing: 'the target does not verify with a public key from the harness JWKS (profile is not jwks)',
    available: (c) => c.auth.profile === 'jwks',
  },
  hs256: { missing: 'the target does not verify HS256 with a shared secret (profile is not hs256)', available: (c) => c.auth.profile === 'hs256' },
  es256: { missing: 'the signing key is not ES256', available: (c) => c.auth.profile === 'jwks' && c.auth.alg === 'ES256' },
  'clock-skew': { missing: 'the target declares no clock-skew tolerance (target.clockSkewSeconds)', available: (c) => c.target.clockSkewSeconds > 0 },
  oracle: { missing: 'no identity oracle is configured (a whoami tool and the path to the subject)', available: (c) => c.oracle !== undefined },
};

/** jwks and hs256: the harness is the issuer the target trusts. oauth and static override these per run (src/auth/real-idp-run.ts). */
function harnessIssues(c: ResolvedConfig): boolean {
  return c.auth.profile === 'jwks' || c.auth.profile === 'hs256';
}

export function capabilityTable(families: readonly Family[]): Record<string, CapabilityDeclaration> {
  const table = { ...ENGINE_CAPABILITIES };
  for (const f of families) {
    for (const [name, declaration] of Object.entries(f.capabilities ?? {})) {
      if (name in table && table[name] !== declaration) throw new Error(`family ${f.name}: capability "${name}" is already declared`);
      table[name] = declaration;
    }
  }
  return table;
}

/** Why the check cannot run here: one reason per missing capability (none: it runs). */
export function missingCapabilities(check: Check, table: Record<string, CapabilityDeclaration>, config: ResolvedConfig): string[] {
  return check.needs.flatMap((need) => {
    const declared = table[need];
    if (!declared) return [`the check needs "${need}", a capability no family declares`];
    return declared.available(config) ? [] : [declared.missing];
  });
}
