// The harness configuration: what to test, how it authenticates, who the callers are.
import type { Revision } from '../check.ts';
import type { SigningAlg } from '../tokens/keys.ts';
import type { ComposeTargetConfig, ContainerTargetConfig, IssuerConfig } from './container-target.ts';

export interface TargetConfig {
  /** MCP endpoint. May use ${target.port} when the harness picks the port for a command. */
  url: string;
  /** Start the target with this shell command (process target); omit for an already-running URL. */
  command?: string;
  /** Or run it as a container (host networking), from an image or a Dockerfile. */
  container?: ContainerTargetConfig;
  /** Or as a service of a compose file; `env` then holds the variables the file interpolates. */
  compose?: ComposeTargetConfig;
  /** Environment for the command; values may use ${issuer.url}, ${issuer.jwksUrl}, ${issuer.secret}, ${target.resource}, ${target.port}. */
  env?: Record<string, string>;
  cwd?: string;
  /** Canonical resource URI (aud). Default: the URL. */
  resource?: string;
  revisions?: Revision[];
  /** Clock-skew tolerance the target declares; 0 skips the within-skew check. */
  clockSkewSeconds?: number;
  /** How long the target trusts a fetched JWKS (its cache window); enables the removed-key check. */
  jwksCacheSeconds?: number;
  readyTimeoutMs?: number;
  /** The same server with authentication off: the overhead family and `load` compare against it. */
  baseline?: BaselineConfig;
}

/** The auth-off twin. url/env may use ${baseline.port} and every target placeholder. */
export interface BaselineConfig {
  url: string;
  command?: string;
  env?: Record<string, string>;
  cwd?: string;
  readyTimeoutMs?: number;
}

/** The overhead family's paired probe. */
export interface OverheadConfig {
  /** The check fails when p95 overhead reaches this, ms. Default 10. */
  thresholdMs?: number;
  /** Paired requests per revision (after warm-up). Default 400. */
  pairs?: number;
  /** About how long to measure per revision, ms (longer only to reach 20 pairs). Default 2000. */
  budgetMs?: number;
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
  rbac?: RbacConfig;
  sessions?: SessionsConfig;
  /** A tool that calls an upstream service; point the target's upstream at ${issuer.canaryUrl}. */
  upstream?: ToolCall;
  overhead?: OverheadConfig;
  issuer?: IssuerConfig;
}

export interface ToolCall {
  tool: string;
  arguments?: Record<string, unknown>;
}

export interface RbacConfig {
  /** Who may call what: identity names, or "*" for everyone. Identities not listed are denied. */
  rules: (ToolCall & { allow: string[] })[];
  /** How a denial answered in-band (HTTP 200 with a JSON-RPC error or isError) is reported. Default warn. */
  inBandDenial?: 'warn' | 'fail';
}

export interface SessionsConfig {
  /** The concurrent-identities check: N identities × M interleaved calls over S sessions each. Defaults 50 × 20, 1 session. */
  concurrency?: { identities?: number; callsPerIdentity?: number; sessionsPerIdentity?: number };
  /**
   * Tools that keep per-caller state. `write` gets "${marker}" replaced in its arguments and
   * returns a handle at `handlePath`; `read` is called with the handle as `handleArgument`
   * (and without it, for the session's own state).
   */
  state?: { write: ToolCall; handlePath: string; read: ToolCall & { handleArgument: string } };
}

/** For harness.config.ts files: `export default defineConfig({...})`. */
export function defineConfig(config: HarnessConfig): HarnessConfig {
  return config;
}
