// Family `discovery`: can a client find out how to get a token? RFC 9728 protected-resource
// metadata, and the resource_metadata / scope hints in the 401 challenge.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS, attemptAll } from '../src/define.ts';
import type { McpResponse } from '../src/probe/probe.ts';
import { bearerChallenge, withEvidence, type Attempt } from '../src/verdict.ts';

const base = { revisions: ALL_REVISIONS, needs: [], guarded: false };

/** RFC 9728 §3.1: the well-known segment goes between host and path. */
export function metadataUrls(resource: string): string[] {
  const u = new URL(resource);
  const path = u.pathname === '/' ? '' : u.pathname.replace(/\/$/, '');
  const inserted = `${u.origin}/.well-known/oauth-protected-resource${path}`;
  const root = `${u.origin}/.well-known/oauth-protected-resource`;
  return inserted === root ? [root] : [inserted, root];
}

interface Metadata {
  url: string;
  doc?: Record<string, unknown>;
  attempts: Attempt[];
}

/** The first well-known URL that serves a JSON object. */
async function fetchMetadata(ctx: CheckContext): Promise<Metadata> {
  const attempts: Attempt[] = [];
  for (const url of metadataUrls(ctx.resource)) {
    const response = await ctx.probe.send(undefined, { method: 'GET', url });
    attempts.push({ label: 'protected-resource metadata', response });
    const doc = jsonObject(response);
    if (response.status === 200 && doc) return { url, doc, attempts };
  }
  return { url: metadataUrls(ctx.resource)[0], attempts };
}

function jsonObject(r: McpResponse): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(r.body);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `judge` on the metadata document, or fails when there is none. */
function onMetadata(judge: (doc: Record<string, unknown>, ctx: CheckContext) => Verdict) {
  return async (ctx: CheckContext): Promise<Verdict> => {
    const m = await fetchMetadata(ctx);
    if (!m.doc) return withEvidence({ status: 'fail', reason: `no protected-resource metadata at ${metadataUrls(ctx.resource).join(' or ')}` }, m.attempts);
    return withEvidence(judge(m.doc, ctx), m.attempts);
  };
}

const served: CheckSpec = {
  ...base,
  id: 'discovery.prm.served',
  title: 'Protected-resource metadata is served at the RFC 9728 well-known URL',
  spec: ['RFC 9728 §3', 'MCP 2025-11-25 authorization §Protected Resource Metadata Discovery'],
  severity: 'high',
  flaw: 'no-prm',
  run: onMetadata(() => ({ status: 'pass' })),
};

const authorizationServers: CheckSpec = {
  ...base,
  id: 'discovery.prm.authorization-servers',
  title: 'The metadata lists at least one authorization server as an absolute URL',
  spec: ['MCP 2025-11-25 authorization §Authorization Server Location ("MUST include the authorization_servers field")', 'RFC 9728 §2'],
  severity: 'high',
  flaw: 'prm-empty-as',
  run: onMetadata((doc) => {
    const servers = doc.authorization_servers;
    if (!Array.isArray(servers) || servers.length === 0) return { status: 'fail', reason: 'authorization_servers is missing or empty' };
    const bad = servers.filter((s) => typeof s !== 'string' || !URL.canParse(s));
    return bad.length ? { status: 'fail', reason: `authorization_servers has entries that are not absolute URLs: ${JSON.stringify(bad)}` } : { status: 'pass' };
  }),
};

const resource: CheckSpec = {
  ...base,
  id: 'discovery.prm.resource',
  title: 'The metadata\'s resource is the server\'s canonical URI',
  spec: ['RFC 9728 §3.3 (resource MUST match the URL the metadata was requested for)', 'MCP 2025-11-25 authorization §Canonical Server URI'],
  severity: 'medium',
  flaw: 'prm-wrong-resource',
  run: onMetadata((doc, ctx) =>
    doc.resource === ctx.resource ? { status: 'pass' } : { status: 'fail', reason: `resource is ${JSON.stringify(doc.resource)}, expected "${ctx.resource}"` },
  ),
};

async function challengeFor(ctx: CheckContext) {
  const [attempt] = await attemptAll(ctx, [{ label: 'no Authorization header' }]);
  return { attempt, challenge: bearerChallenge(attempt.response) };
}

const challengeHasMetadata: CheckSpec = {
  ...base,
  id: 'discovery.challenge.resource-metadata',
  title: 'The 401 challenge names the metadata (resource_metadata) — required in 2025-06-18',
  spec: ['MCP 2025-06-18 authorization §Authorization Server Location', 'MCP 2025-11-25 authorization §Protected Resource Metadata Discovery', 'RFC 9728 §5.1'],
  severity: 'medium',
  flaw: 'no-resource-metadata',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    let v: Verdict = { status: 'pass' };
    if (!challenge) v = { status: 'skip', reason: 'no Bearer challenge to inspect (see headers.challenge.present)' };
    else if (!challenge.resource_metadata)
      v =
        ctx.revision === '2025-06-18'
          ? { status: 'fail', reason: 'the 401 challenge has no resource_metadata (MUST in 2025-06-18)' }
          : { status: 'warn', reason: 'the 401 challenge has no resource_metadata; clients must fall back to the well-known URL' };
    return withEvidence(v, [attempt]);
  },
};

const challengeMetadataResolves: CheckSpec = {
  ...base,
  id: 'discovery.challenge.resource-metadata-valid',
  title: 'resource_metadata is an absolute URL serving metadata for this resource',
  spec: ['RFC 9728 §5.1', 'RFC 9728 §3.3'],
  severity: 'medium',
  flaw: 'resource-metadata-wrong-url',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    const attempts = [attempt];
    const url = challenge?.resource_metadata;
    let v: Verdict;
    if (!url) v = { status: 'skip', reason: 'the challenge has no resource_metadata (see discovery.challenge.resource-metadata)' };
    else if (!URL.canParse(url)) v = { status: 'fail', reason: `resource_metadata ${JSON.stringify(url)} is not an absolute URL` };
    else if (new URL(url).origin !== new URL(ctx.resource).origin) v = { status: 'skip', reason: `resource_metadata is on another origin (${new URL(url).origin}); not fetched` };
    else {
      const response = await ctx.probe.send(undefined, { method: 'GET', url });
      attempts.push({ label: 'the resource_metadata URL', response });
      const doc = jsonObject(response);
      if (response.status !== 200 || !doc) v = { status: 'fail', reason: `resource_metadata URL answered HTTP ${response.status} without a JSON document` };
      else if (doc.resource !== ctx.resource) v = { status: 'fail', reason: `the document's resource is ${JSON.stringify(doc.resource)}, expected "${ctx.resource}"` };
      else v = { status: 'pass' };
    }
    return withEvidence(v, attempts);
  },
};

const challengeScope: CheckSpec = {
  ...base,
  id: 'discovery.challenge.scope',
  title: 'The 401 challenge suggests a scope, and only scopes the metadata supports',
  spec: ['MCP 2025-11-25 authorization §Scope Selection Strategy', 'RFC 6750 §3'],
  severity: 'low',
  flaw: 'challenge-scope-mismatch',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    const m = await fetchMetadata(ctx);
    const attempts = [attempt, ...m.attempts];
    const supported = Array.isArray(m.doc?.scopes_supported) ? (m.doc.scopes_supported as unknown[]) : undefined;
    let v: Verdict = { status: 'pass' };
    if (!challenge) v = { status: 'skip', reason: 'no Bearer challenge to inspect (see headers.challenge.present)' };
    else if (!challenge.scope) v = ctx.revision === '2025-06-18' ? { status: 'pass' } : { status: 'warn', reason: 'the 401 challenge has no scope (SHOULD from 2025-11-25)' };
    else if (supported) {
      const unknown = challenge.scope.split(/\s+/).filter((s) => s && !supported.includes(s));
      if (unknown.length) v = { status: 'fail', reason: `the challenge asks for scope(s) ${unknown.join(', ')} not in scopes_supported ${JSON.stringify(supported)}` };
    }
    return withEvidence(v, attempts);
  },
};

export default defineFamily({
  name: 'discovery',
  checks: [served, authorizationServers, resource, challengeHasMetadata, challengeMetadataResolves, challengeScope],
});
