// One whole run: start the issuer, start (or reach) the target with env templated from the
// issuer, run the checks, tear everything down — whatever happens in between.
import type { Check, CheckResult, Identity } from '../check.ts';
import { ConfigError } from '../config/config-error.ts';
import type { ConfigInput, ResolvedConfig } from '../config/config.ts';
import { parseConfig } from '../config/parse.ts';
import { registeredFamilies } from '../family.ts';
import { startIssuer, type Issuer } from '../issuer/issuer.ts';
import { redactDeep, redactText } from '../report/redact.ts';
import { summarize, type RunReport } from '../report/report.ts';
import { startComposeTarget } from '../targets/compose-target.ts';
import { startContainerTarget } from '../targets/container-target.ts';
import { startProcessTarget, waitUntilAnswering } from '../targets/process-target.ts';
import { isLoopbackUrl, urlTarget, type RunningTarget } from '../targets/target.ts';
import { waitUntilTrusted } from '../targets/wait-until-trusted.ts';
import { fillTemplate, freePort } from '../targets/template.ts';
import { Forge } from '../tokens/forge.ts';
import { startBaseline } from '../targets/baseline.ts';
import { VERSION } from '../version.ts';
import type { ConnectedIdp } from '../auth/connect-idp.ts';
import { resolveEnvPlaceholders } from '../auth/env-placeholders.ts';
import { idpTokenHint } from '../auth/preflight.ts';
import { startRealIdpRun } from '../auth/real-idp-run.ts';
import { isRealIdpProfile } from '../auth/settings.ts';
import { limitRate } from '../probe/rate-limit.ts';
import { trustCa } from '../probe/tls-trust.ts';
import { readCa } from '../targets/read-ca.ts';
import { capabilityTable } from './capabilities.ts';
import { ensureTokenAccepted, mintedTokenHint } from './preflight.ts';
import { runChecks } from './run-checks.ts';
import { runSecrets } from './run-secrets.ts';
import { registerTeardown } from './teardown.ts';
import { InterruptedError } from './interrupted.ts';
import { TargetLiveness } from './target-liveness.ts';

export interface HarnessOptions {
  checks: Check[];
  allowRemote?: boolean;
  flaw?: string;
  /** `familyDone`: the last result of its family in its revision. */
  onResult?: (result: CheckResult, done: number, total: number, familyDone: boolean) => void;
  /** Issuer settings for this run (`load`'s refresh script wants short-lived access tokens). */
  issuer?: { accessTokenTtlSeconds?: number };
  /** Time limit per check (default 60 s); `load` runs k6 for longer. */
  checkTimeoutMs?: number;
  /**
   * Instead of running `checks` once: keeps issuer and target up while `drive` runs batches of
   * them (createHarness, the vitest face). Each batch's results come back redacted; the report
   * covers every batch.
   */
  drive?: (runBatch: (checks: Check[]) => Promise<CheckResult[]>) => Promise<void>;
  /** Requests per second to a target that is not on loopback (default 20). */
  maxRps?: number;
  /** false: every check in turn, none beside another (the run before families overlapped). Default true. */
  overlap?: boolean;
  /** Stops the run (Ctrl-C): runHarness then tears down and rejects with InterruptedError. */
  signal?: AbortSignal;
}

/** The request-rate cap for remote targets unless --max-rps says otherwise. */
export const DEFAULT_MAX_RPS = 20;

export interface HarnessRun {
  report: RunReport;
  /** Every token and secret of the run: reports and logs must not contain them. */
  secrets: string[];
}

/** `config` as written (it is parsed here: defaults applied, problems refused in one line) or as loadConfig returns it. */
export async function runHarness(input: ConfigInput, opts: HarnessOptions): Promise<HarnessRun> {
  const startedAt = new Date();
  const families = registeredFamilies();
  const config = parseConfig(input, 'config', families);
  const t = config.target;
  const port = t.url.includes('${target.port}') ? String(await freePort()) : '';
  const url = fillTemplate(t.url, { 'target.port': port }, 'target.url');
  if (!URL.canParse(url)) throw new ConfigError(`target.url: ${JSON.stringify(url)} is not a URL`);
  if (!isLoopbackUrl(url) && !opts.allowRemote) {
    throw new ConfigError(`target.url ${new URL(url).host} is not a loopback address; pass --allow-remote to test a remote server`);
  }
  const resource = t.resource ? fillTemplate(t.resource, { 'target.port': port, 'target.url': url }, 'target.resource') : url;
  if (!URL.canParse(resource)) throw new ConfigError(`target.resource: ${JSON.stringify(resource)} is not a URL`);
  if (!isLoopbackUrl(resource) && !opts.allowRemote) {
    // The discovery checks fetch the resource's metadata from its host.
    throw new ConfigError(`target.resource ${new URL(resource).host} is not a loopback address; pass --allow-remote to fetch its metadata from there`);
  }
  const claims = config.auth.claims;
  const claimNames = { subject: claims.subject, roles: claims.roles, username: claims.username };

  // Credentials and the IdP's tokens arrive during the run (oauth/static); minted tokens too.
  const credentials = new Set<string>();
  const undo: (() => void)[] = [];
  if (t.ca) undo.push(trustCa(url, await readCa(t.ca, 'target.ca')));
  if (!isLoopbackUrl(url)) undo.push(limitRate(url, opts.maxRps ?? DEFAULT_MAX_RPS));
  const realIdp = isRealIdpProfile(config.auth.profile)
    ? await startRealIdpRun(config, { resource, secrets: credentials, issuerPort: config.issuer?.port }).catch((e: unknown) => {
        undo.forEach((u) => u());
        throw e;
      })
    : undefined;
  const shape = config.auth.token;
  const issuer =
    realIdp?.issuer ??
    (await startIssuer({
      alg: config.auth.alg,
      resource,
      claims,
      token: { ...shape.claims, extra: shape.extra, typ: shape.typ },
      accessTokenTtlSeconds: shape.lifetimeSeconds,
      port: config.issuer?.port,
      ...opts.issuer,
    }));
  let forge: Forge | undefined;
  const secrets = withCredentials(credentials, runSecrets([issuer.hs256Secret], () => forge?.minted));
  const redact = (line: string) => redactText(line, secrets());
  let target: RunningTarget | undefined;
  let baseline: RunningTarget | undefined;
  let tearingDown: Promise<void> | undefined;
  const teardown = () =>
    (tearingDown ??= (async () => {
      await baseline?.stop();
      await target?.stop();
      await (realIdp ? realIdp.close() : issuer.close());
      undo.forEach((u) => u());
    })());
  const unregister = registerTeardown(teardown);
  try {
    // Target and twin start side by side; whichever started is torn down if the other fails.
    const wantsBaseline = opts.checks.some((c) => c.starts?.includes('baseline'));
    const [started, twin] = await Promise.allSettled([
      startTarget(config, url, resource, port, issuer, redact, { secrets: credentials, idp: realIdp?.idp }),
      t.baseline && wantsBaseline ? startBaseline(t.baseline, { issuer, url, resource, port, allowRemote: opts.allowRemote, redact }) : Promise.resolve(undefined),
    ]);
    baseline = twin.status === 'fulfilled' ? twin.value : undefined;
    if (started.status === 'rejected') throw started.reason;
    target = started.value;
    if (twin.status === 'rejected') throw twin.reason;
    const runForge = (forge = realIdp?.forge ?? new Forge(issuer, config.auth.profile as 'jwks' | 'hs256', shape.typ));
    const liveness = new TargetLiveness(target, config.probe.timeoutMs);
    const identities: Identity[] = realIdp?.identities ?? config.identities.map((i) => ({ ...i, subject: i.subject! }));
    const identity = identities[0];
    const revisions = t.revisions;
    if (realIdp) {
      // Every identity's token from the IdP must be accepted, else the cause is configuration.
      for (const id of identities) {
        const token = await realIdp.forge.valid(id);
        const mayLackScope = id !== identity;
        await ensureTokenAccepted({ url, revision: revisions[0], identity: id, token, hint: idpTokenHint(token, resource), timeoutMs: config.probe.timeoutMs, redact, mayLackScope });
      }
    } else if (opts.checks.some((c) => c.guarded !== false)) {
      await ensureTokenAccepted({
        url,
        revision: revisions[0],
        identity,
        token: await runForge.valid(identity),
        hint: mintedTokenHint(config.auth.profile, issuer, runForge.claimsFor(identity)),
        timeoutMs: config.probe.timeoutMs,
        redact,
      });
    }
    const runBatch = (checks: Check[]) => runChecks({
      checks,
      overlap: opts.overlap,
      url,
      resource,
      revisions,
      issuer,
      forge: runForge,
      identity,
      identities,
      config,
      claimNames,
      clockSkewSeconds: t.clockSkewSeconds,
      capabilities: { ...capabilityTable(families), ...realIdp?.capabilities },
      oracle: config.oracle,
      probeRequest: config.probe,
      timeoutMs: config.probe.timeoutMs,
      onResult: opts.onResult,
      baseline: baseline?.url,
      // An expiry check may first wait out a real token (auth.tokenTtlSeconds).
      checkTimeoutMs: Math.max(opts.checkTimeoutMs ?? 60_000, (realIdp?.expiryWaitMs ?? 0) + 60_000),
      redact,
      liveness,
      signal: opts.signal,
    });
    const results: CheckResult[] = [];
    if (opts.drive) {
      await opts.drive(async (checks) => {
        const batch = await runBatch(checks);
        results.push(...batch);
        return redactDeep(batch, secrets());
      });
    } else {
      results.push(...(await runBatch(opts.checks)));
    }
    if (opts.signal?.aborted) throw new InterruptedError();
    const report: RunReport = {
      tool: 'mcp-auth-harness',
      version: VERSION,
      target: { url, revisions, profile: config.auth.profile, ...(opts.flaw ? { flaw: opts.flaw } : {}) },
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      summary: summarize(results),
      checks: results,
      metrics: {},
    };
    for (const family of families) {
      const own = results.filter((r) => r.family === family.name);
      const metrics = own.length ? family.metrics?.(own, config) : undefined;
      if (metrics !== undefined) report.metrics[family.name] = metrics;
    }
    await target.checkStatus?.();
    const died = target.exitStatus();
    const down = liveness.down;
    if (died || down || results.some((r) => r.status === 'error')) {
      report.metrics.target = { ...(died ? { exit: died } : {}), ...(down ? { down } : {}), logs: target.logs().slice(-50) };
    }
    return { report, secrets: secrets() };
  } finally {
    unregister();
    await teardown();
  }
}

/** The run's secrets: credentials as they arrive, then the minted tokens; one stable list while nothing changes (redactText caches per list). */
function withCredentials(credentials: ReadonlySet<string>, minted: () => string[]): () => string[] {
  let list: string[] = [];
  let key = '';
  return () => {
    const tokens = minted();
    const now = `${credentials.size}/${tokens.length}`;
    if (now !== key) [list, key] = [[...credentials, ...tokens], now];
    return list;
  };
}

async function startTarget(
  config: ResolvedConfig,
  url: string,
  resource: string,
  port: string,
  issuer: Issuer,
  redact: (s: string) => string,
  extra: { secrets: Set<string>; idp?: ConnectedIdp },
): Promise<RunningTarget> {
  const t = config.target;
  if (!t.command && !t.container && !t.compose) {
    await waitUntilAnswering(url, t.readyTimeoutMs);
    if (config.issuer?.port && config.auth.profile === 'jwks') {
      // Started before the run, it may still cache the last run's keys (see wait-until-trusted.ts).
      const id = config.identities[0];
      const token = () => issuer.mintAccess(id.subject!, id.roles, { username: id.username });
      await waitUntilTrusted({ url, revision: t.revisions[0], token, timeoutMs: 45_000 });
    }
    return urlTarget(url);
  }
  const values = {
    'issuer.url': issuer.url,
    'issuer.jwksUrl': issuer.jwksUrl,
    'issuer.metadataUrl': issuer.metadataUrl,
    'issuer.tokenUrl': issuer.tokenUrl,
    'issuer.canaryUrl': issuer.canaryUrl,
    'issuer.secret': issuer.hs256Secret,
    'target.resource': resource,
    'target.url': url,
    'target.port': port,
    ...(extra.idp?.issuer ? { 'idp.issuer': extra.idp.issuer } : {}),
    ...(extra.idp?.jwksUrl ? { 'idp.jwksUrl': extra.idp.jwksUrl } : {}),
  };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.env ?? {})) {
    const where = `target.env.${k}`;
    env[k] = fillTemplate(resolveEnvPlaceholders(v, where, { secrets: extra.secrets }), values, where);
  }
  const readyTimeoutMs = t.readyTimeoutMs;
  if (t.container) return startContainerTarget({ container: t.container, env, url, readyTimeoutMs, redact });
  if (t.compose) return startComposeTarget({ compose: t.compose, env, url, readyTimeoutMs, redact });
  return startProcessTarget({
    command: fillTemplate(t.command!, values, 'target.command'),
    env,
    cwd: t.cwd,
    url,
    readyTimeoutMs,
    redact,
  });
}
