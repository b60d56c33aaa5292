// A run under a real-IdP profile (oauth, static): connect to the IdP, take each identity's first
// token, start the harness's own issuer only for what it still serves (the attacker's JWKS for
// jku, the canary upstream) with a key of the IdP's kind, and build the forge and the
// capabilities from what the IdP's tokens turned out to be.
import type { Identity } from '../check.ts';
import type { ResolvedConfig } from '../config/config.ts';
import type { CapabilityDeclaration } from '../family.ts';
import { startIssuer, type Issuer } from '../issuer/issuer.ts';
import type { SigningAlg } from '../tokens/keys.ts';
import { connectIdp, type ConnectedIdp } from './connect-idp.ts';
import { fetchIdpKeys, type IdpKey } from './idp-keys.ts';
import { viewJwt } from './jwt-view.ts';
import { PROFILE_CAPABILITIES, REAL_IDP_MISSING, realIdpCapabilities } from './profile-support.ts';
import { RealTokenForge } from './real-token-forge.ts';
import type { RealIdpAuthSettings } from './settings.ts';

/** Longest the expiry checks wait for a real token to expire. */
export const MAX_EXPIRY_WAIT_MS = 600_000;

export interface RealIdpRun {
  idp: ConnectedIdp;
  issuer: Issuer;
  forge: RealTokenForge;
  /** The configured identities, each subject filled in from its first token where not given. */
  identities: Identity[];
  /** Overrides of the engine's capability table for this run. */
  capabilities: Record<string, CapabilityDeclaration>;
  /** How long an expiry check may have to wait (for the per-check time limit). */
  expiryWaitMs: number;
  close(): Promise<void>;
}

export interface RealIdpRunOptions {
  resource: string;
  secrets: Set<string>;
  issuerPort?: number;
}

export async function startRealIdpRun(config: ResolvedConfig, opts: RealIdpRunOptions): Promise<RealIdpRun> {
  const auth = config.auth as unknown as RealIdpAuthSettings;
  const idp = await connectIdp(auth, config.identities, { resource: opts.resource, secrets: opts.secrets });
  let issuer: Issuer | undefined;
  try {
    const subjectClaim = config.auth.claims.subject;
    const identities: Identity[] = [];
    for (const id of config.identities) {
      const token = await idp.sources.get(id.name)!.token();
      const claimed = viewJwt(token)?.payload[subjectClaim];
      identities.push({ name: id.name, subject: id.subject ?? (typeof claimed === 'string' ? claimed : id.name), roles: id.roles, ...(id.username ? { username: id.username } : {}) });
    }
    const first = viewJwt(await idp.sources.get(identities[0].name)!.token());
    issuer = await startIssuer({ alg: issuerAlgFor(first?.header.alg), resource: opts.resource, claims: config.auth.claims, port: opts.issuerPort });
    const idpKeys: IdpKey[] | undefined = idp.jwksUrl ? await fetchIdpKeys(idp.jwksUrl, idp.timeoutMs) : undefined;
    const skew = config.target.clockSkewSeconds;
    const ttl = idp.tokenTtlSeconds;
    const expiryWaitMs = ttl ? Math.min(MAX_EXPIRY_WAIT_MS, (ttl + skew + 5) * 1000) : 0;
    const forge = new RealTokenForge(issuer, { sources: idp.sources, idpKeys, tokenTtlSeconds: ttl, clockSkewSeconds: skew, maxExpiryWaitMs: expiryWaitMs });
    await forge.prepare(identities);
    const offered = realIdpCapabilities(forge, {
      canWaitOutExpiry: auth.profile === 'oauth' && ttl !== undefined && (ttl + skew + 5) * 1000 <= MAX_EXPIRY_WAIT_MS,
      canRenew: [...idp.sources.values()].every((s) => s.canRenew),
    });
    const capabilities: Record<string, CapabilityDeclaration> = {};
    for (const name of Object.keys(PROFILE_CAPABILITIES)) capabilities[name] = { missing: REAL_IDP_MISSING[name], available: () => offered.has(name) };
    const started = issuer;
    return {
      idp,
      issuer,
      forge,
      identities,
      capabilities,
      expiryWaitMs,
      close: async () => {
        idp.close();
        await started.close();
      },
    };
  } catch (e) {
    idp.close();
    await issuer?.close();
    throw e;
  }
}

/** The harness's attacker key is of the IdP's kind, so "a foreign key under the IdP's kid" differs only in the key. */
function issuerAlgFor(alg: unknown): SigningAlg {
  if (typeof alg !== 'string') return 'ES256';
  if (alg.startsWith('RS') || alg.startsWith('PS')) return 'RS256';
  if (alg === 'EdDSA') return 'EdDSA';
  return 'ES256';
}
