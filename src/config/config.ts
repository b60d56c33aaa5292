// The harness configuration: what to test, how it authenticates, who the callers are.
import type { Revision } from '../check.ts';
import type { SigningAlg } from '../tokens/keys.ts';

export interface TargetConfig {
  /** MCP endpoint. May use ${target.port} when the harness picks the port for a command. */
  url: string;
  /** Start the target with this shell command (process target); omit for an already-running URL. */
  command?: string;
  /** Environment for the command; values may use ${issuer.url}, ${issuer.jwksUrl}, ${issuer.secret}, ${target.resource}, ${target.port}. */
  env?: Record<string, string>;
  cwd?: string;
  /** Canonical resource URI (aud). Default: the URL. */
  resource?: string;
  revisions?: Revision[];
  /** Clock-skew tolerance the target declares; 0 skips the within-skew check. */
  clockSkewSeconds?: number;
  readyTimeoutMs?: number;
}

export interface AuthConfig {
  profile: 'jwks' | 'hs256';
  alg?: SigningAlg;
  claims?: { subject?: string; roles?: string; username?: string; rolesFormat?: 'array' | 'space' | 'string' };
}

export interface IdentityConfig {
  name: string;
  subject: string;
  roles?: string[];
  username?: string;
}

export interface HarnessConfig {
  target: TargetConfig;
  auth: AuthConfig;
  identities?: IdentityConfig[];
  /** A tool whose answer names the caller. */
  oracle?: { tool: string; arguments?: Record<string, unknown>; subjectPath: string };
  /** The authenticated request rejection checks send. Default tools/list. */
  probe?: { method: string; params?: Record<string, unknown>; timeoutMs?: number };
}

/** For harness.config.ts files: `export default defineConfig({...})`. */
export function defineConfig(config: HarnessConfig): HarnessConfig {
  return config;
}
