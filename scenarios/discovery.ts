// Family `discovery`: can a client find out how to get a token? RFC 9728 protected-resource
// metadata, and the resource_metadata / scope hints in the 401 challenge.
import type { CheckContext, Verdict } from '../src/check.ts';
import { defineFamily, type CheckSpec } from '../src/family.ts';
import { ALL_REVISIONS, attemptAll } from '../src/define.ts';
import type { McpResponse } from '../src/probe/probe.ts';
import { bearerChallenge, withEvidence, type Attempt } from '../src/verdict.ts';
import * as req from './requirements/index.ts';
import { refs, specOf } from './requirements/index.ts';

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

/**
 * The first well-known URL that serves a JSON object, else the same-origin URL the 401 challenge
 * names (MCP 2025-11-25: a server offers one mechanism or the other).
 */
async function fetchMetadata(ctx: CheckContext): Promise<Metadata> {
  const attempts: Attempt[] = [];
  for (const url of metadataUrls(ctx.resource)) {
    const response = await ctx.probe.send(undefined, { method: 'GET', url });
    attempts.push({ label: 'protected-resource metadata', response });
    const doc = jsonObject(response);
    if (response.status === 200 && doc) return { url, doc, attempts };
  }
  const { attempt, challenge } = await challengeFor(ctx);
  attempts.push(attempt);
  const named = challenge?.resource_metadata;
  if (named && URL.canParse(named) && new URL(named).origin === new URL(ctx.resource).origin && !metadataUrls(ctx.resource).includes(named)) {
    const response = await ctx.probe.send(undefined, { method: 'GET', url: named });
    attempts.push({ label: 'the resource_metadata URL of the 401 challenge', response });
    const doc = jsonObject(response);
    if (response.status === 200 && doc) return { url: named, doc, attempts };
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
    if (!m.doc) return withEvidence({ status: 'fail', reason: `no protected-resource metadata at ${metadataUrls(ctx.resource).join(' or ')}, nor at a resource_metadata URL of the 401 challenge` }, m.attempts);
    return withEvidence(judge(m.doc, ctx), m.attempts);
  };
}

const served: CheckSpec = {
  ...base,
  id: 'discovery.prm.served',
  title: 'Protected-resource metadata is served at the RFC 9728 well-known URL',
  spec: specOf(req.MCP_PRM_DISCOVERABLE, refs.RFC9728_S3),
  requirement: req.MCP_PRM_DISCOVERABLE,
  impact: 'Clients cannot discover which authorization server to use, so standard MCP clients cannot connect at all.',
  fix: 'Serve the RFC 9728 document at /.well-known/oauth-protected-resource{path} without authentication, and name its URL in resource_metadata of every 401.',
  severity: 'high',
  flaw: 'no-prm',
  run: onMetadata(() => ({ status: 'pass' })),
};

const authorizationServers: CheckSpec = {
  ...base,
  id: 'discovery.prm.authorization-servers',
  title: 'The metadata lists at least one authorization server as an absolute URL',
  spec: specOf(req.MCP_AUTHORIZATION_SERVERS),
  requirement: req.MCP_AUTHORIZATION_SERVERS,
  impact: 'Clients find the metadata but no authorization server in it, so they cannot obtain a token.',
  fix: 'List the issuer URL of your authorization server in authorization_servers (an absolute https URL).',
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
  spec: specOf(req.RFC9728_RESOURCE_IDENTICAL, refs.RFC8707_S2),
  requirement: req.RFC9728_RESOURCE_IDENTICAL,
  impact: 'Clients must discard the metadata (RFC 9728 §3.3), or request tokens for the wrong resource, which a correct server then refuses.',
  fix: 'Set resource to the canonical URI of the MCP endpoint, exactly as clients address it (behind a proxy: the public URL).',
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
  spec: specOf(req.MCP_CHALLENGE_RESOURCE_METADATA, refs.RFC9728_S5_1),
  requirement: req.MCP_CHALLENGE_RESOURCE_METADATA,
  impact: 'Clients that discover through the challenge cannot find the authorization server (and in 2025-06-18 no compliant client looks anywhere else).',
  fix: 'Add resource_metadata="<absolute URL of the protected-resource metadata>" to the Bearer challenge of every 401.',
  severity: 'medium',
  flaw: 'no-resource-metadata',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    let v: Verdict = { status: 'pass' };
    if (!challenge) v = { status: 'skip', reason: 'no Bearer challenge to inspect (see headers.challenge.present)' };
    else if (!challenge.resource_metadata) v = { status: 'fail', reason: 'the 401 challenge has no resource_metadata' };
    return withEvidence(v, [attempt]);
  },
};

const challengeMetadataResolves: CheckSpec = {
  ...base,
  id: 'discovery.challenge.resource-metadata-valid',
  title: 'resource_metadata is an absolute URL serving metadata for this resource',
  spec: specOf(req.RFC9728_CHALLENGE_METADATA_IDENTICAL, refs.RFC9728_S5_1),
  requirement: req.RFC9728_CHALLENGE_METADATA_IDENTICAL,
  impact: 'Clients follow resource_metadata to nothing, or to metadata they must discard, so authorization fails.',
  fix: 'Make resource_metadata the absolute URL of a document whose resource is exactly this server\'s canonical URI.',
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
  revisions: ['2025-11-25', '2026-07-28'],
  id: 'discovery.challenge.scope',
  title: 'The 401 challenge suggests a scope (from 2025-11-25)',
  spec: specOf(req.MCP_CHALLENGE_SCOPE, refs.RFC6750_S3),
  requirement: req.MCP_CHALLENGE_SCOPE,
  impact: 'Clients have to guess the scopes to request: they ask for too much (all of scopes_supported) or too little and hit 403s.',
  fix: 'Add scope="<the scopes this endpoint needs>" to the Bearer challenge of every 401.',
  severity: 'low',
  flaw: 'no-challenge-scope',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    let v: Verdict = { status: 'pass' };
    if (!challenge) v = { status: 'skip', reason: 'no Bearer challenge to inspect (see headers.challenge.present)' };
    else if (!challenge.scope) v = { status: 'fail', reason: 'the 401 challenge has no scope' };
    return withEvidence(v, [attempt]);
  },
};

const challengeScopeSupported: CheckSpec = {
  ...base,
  id: 'discovery.challenge.scope-supported',
  title: 'The scopes the 401 challenge asks for are among the metadata\'s scopes_supported',
  spec: specOf(req.RFC9728_SCOPES_SUPPORTED, req.MCP_CHALLENGE_SCOPE),
  requirement: req.RFC9728_SCOPES_SUPPORTED,
  impact: 'Clients that follow the challenge ask the authorization server for a scope the metadata never announced, which it may not grant: authorization fails or over-asks.',
  fix: 'Name in the challenge only scopes listed in scopes_supported (or list every scope the challenge can ask for).',
  severity: 'low',
  flaw: 'challenge-scope-mismatch',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    const m = await fetchMetadata(ctx);
    const attempts = [attempt, ...m.attempts];
    const supported = Array.isArray(m.doc?.scopes_supported) ? (m.doc.scopes_supported as unknown[]) : undefined;
    let v: Verdict = { status: 'pass' };
    if (!challenge?.scope) v = { status: 'skip', reason: 'the 401 challenge names no scope (see discovery.challenge.scope)' };
    else if (!supported) v = { status: 'skip', reason: 'the metadata has no scopes_supported to compare with' };
    else {
      const unknown = challenge.scope.split(/\s+/).filter((s) => s && !supported.includes(s));
      if (unknown.length) v = { status: 'fail', reason: `the challenge asks for scope(s) ${unknown.join(', ')} not in scopes_supported ${JSON.stringify(supported)}` };
    }
    return withEvidence(v, attempts);
  },
};

const INJECTED_HOST = 'evil.example';

/** Headers through which a request may claim another public origin. */
function hostInjections(resource: string): [string, Record<string, string>][] {
  const proto = new URL(resource).protocol === 'https:' ? 'http' : 'https';
  return [
    [`Host: ${INJECTED_HOST}`, { host: INJECTED_HOST }],
    [`X-Forwarded-Host: ${INJECTED_HOST}`, { 'x-forwarded-host': INJECTED_HOST }],
    [`X-Forwarded-Proto: ${proto}`, { 'x-forwarded-proto': proto }],
    [`Forwarded: host=${INJECTED_HOST};proto=${proto}`, { forwarded: `host=${INJECTED_HOST};proto=${proto}` }],
  ];
}

const hostInjection: CheckSpec = {
  ...base,
  id: 'discovery.host-injection',
  title: 'Host, X-Forwarded-Host, X-Forwarded-Proto and Forwarded do not change resource_metadata, resource or authorization_servers',
  spec: specOf(req.DISCOVERY_NOT_FROM_REQUEST_HEADERS, refs.RFC9728_S3, refs.RFC9728_S5_1),
  requirement: req.DISCOVERY_NOT_FROM_REQUEST_HEADERS,
  impact: "One request with a forged header makes the server advertise an attacker's origin as its metadata or resource; a cache in front serves that to every client, which then asks the attacker for tokens.",
  fix: 'Build resource_metadata and the metadata document from the configured public URL, and take X-Forwarded-* only from a proxy you trust (which overwrites them).',
  severity: 'medium',
  flaw: 'trust-forwarded-host',
  async run(ctx) {
    const { attempt, challenge } = await challengeFor(ctx);
    const m = await fetchMetadata(ctx);
    const attempts: Attempt[] = [attempt, ...m.attempts];
    const advertised = (doc?: Record<string, unknown>) => ({ resource: doc?.resource, authorization_servers: doc?.authorization_servers });
    const expected = advertised(m.doc);
    const changes: string[] = [];
    const cacheControl: Record<string, string> = {};
    for (const [label, headers] of hostInjections(ctx.resource)) {
      const [injected] = await attemptAll(ctx, [{ label: `no Authorization, ${label}`, headers }]);
      attempts.push(injected);
      const named = bearerChallenge(injected.response)?.resource_metadata;
      if (challenge?.resource_metadata && named && named !== challenge.resource_metadata) changes.push(`${label} made resource_metadata ${JSON.stringify(named)}`);
      if (!m.doc) continue;
      const response = await ctx.probe.send(undefined, { method: 'GET', url: m.url, headers });
      attempts.push({ label: `protected-resource metadata, ${label}`, response });
      const seen = advertised(jsonObject(response));
      if (response.status !== 200 || seen.resource === undefined) continue; // not served to that host: nothing changed
      for (const key of ['resource', 'authorization_servers'] as const) {
        if (JSON.stringify(seen[key]) !== JSON.stringify(expected[key])) {
          changes.push(`${label} made the metadata's ${key} ${JSON.stringify(seen[key])}`);
          if (response.headers['cache-control']) cacheControl[label] = response.headers['cache-control'];
        }
      }
    }
    const cacheable = Object.values(cacheControl).find((c) => !/no-store|private/i.test(c));
    const headers = [...new Set(changes.map((c) => c.slice(0, c.indexOf(':'))))];
    const v: Verdict = changes.length
      ? { status: 'fail', reason: `${headers.join(', ')} change what the server advertises (e.g. ${changes[0]})${cacheable ? `; the metadata is served with Cache-Control: ${cacheable}, so a shared cache keeps a poisoned copy` : ''}` }
      : { status: 'pass' };
    return withEvidence({ ...v, evidence: changes.length ? { changes, ...(Object.keys(cacheControl).length ? { cacheControl } : {}) } : {} }, attempts);
  },
};

export default defineFamily({
  name: 'discovery',
  checks: [served, authorizationServers, resource, challengeHasMetadata, challengeMetadataResolves, challengeScope, challengeScopeSupported, hostInjection],
});
