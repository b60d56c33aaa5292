// The baseline twin: the same server with authentication off, started (or reached) beside the
// target so the overhead family and `load` can pair every authenticated call with one to it.
// url/env take every target placeholder plus ${baseline.port} (a free port picked here).
import type { BaselineConfig } from '../config/config.ts';
import { ConfigError } from '../config/config-error.ts';
import type { Issuer } from '../issuer/issuer.ts';
import { startProcessTarget, waitUntilAnswering } from './process-target.ts';
import { isLoopbackUrl, urlTarget, type RunningTarget } from './target.ts';
import { fillTemplate, freePort } from './template.ts';

export interface BaselineContext {
  issuer: Issuer;
  /** The target's URL, resource and picked port, for the shared placeholders. */
  url: string;
  resource: string;
  port: string;
  allowRemote?: boolean;
  redact: (line: string) => string;
}

export async function startBaseline(baseline: BaselineConfig, ctx: BaselineContext): Promise<RunningTarget> {
  const port = baseline.url.includes('${baseline.port}') || Object.values(baseline.env ?? {}).some((v) => v.includes('${baseline.port}')) ? String(await freePort()) : '';
  const values: Record<string, string> = {
    'issuer.url': ctx.issuer.url,
    'issuer.jwksUrl': ctx.issuer.jwksUrl,
    'issuer.metadataUrl': ctx.issuer.metadataUrl,
    'issuer.tokenUrl': ctx.issuer.tokenUrl,
    'issuer.canaryUrl': ctx.issuer.canaryUrl,
    'issuer.secret': ctx.issuer.hs256Secret,
    'target.resource': ctx.resource,
    'target.url': ctx.url,
    'target.port': ctx.port,
    'baseline.port': port,
  };
  const url = fillTemplate(baseline.url, values, 'target.baseline.url');
  if (!URL.canParse(url)) throw new ConfigError(`target.baseline.url: ${JSON.stringify(url)} is not a URL`);
  if (!isLoopbackUrl(url) && !ctx.allowRemote) {
    throw new ConfigError(`target.baseline.url ${new URL(url).host} is not a loopback address; pass --allow-remote to use a remote twin`);
  }
  const readyTimeoutMs = baseline.readyTimeoutMs ?? 15_000;
  if (!baseline.command) {
    await waitUntilAnswering(url, readyTimeoutMs).catch((e: Error) => {
      throw new Error(`baseline twin: ${e.message}`);
    });
    return urlTarget(url);
  }
  const all = { ...values, 'baseline.url': url };
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(baseline.env ?? {})) env[k] = fillTemplate(v, all, `target.baseline.env.${k}`);
  return startProcessTarget({
    command: fillTemplate(baseline.command, all, 'target.baseline.command'),
    env,
    cwd: baseline.cwd,
    url,
    readyTimeoutMs,
    redact: ctx.redact,
  }).catch((e: Error) => {
    throw new Error(`baseline twin: ${e.message}`);
  });
}
