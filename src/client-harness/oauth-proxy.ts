// The authorization server as the client sees it, through the gate: RFC 8414 metadata naming the
// gate's endpoints, the token endpoint, the headless authorization endpoint (code flow) and
// dynamic client registration, each passed to the harness issuer and recorded. Tokens, codes and
// registered secrets go into the recording's secrets (for matching and redaction), never a report.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../issuer/http.ts';
import { sendRaw } from '../probe/http.ts';
import { readCredential } from './bearer.ts';
import type { FaultPlan } from './fault-plan.ts';
import type { Recording } from './recording.ts';

export interface IssuerUpstream {
  /** The issuer's own origin. */
  url: string;
  /** The issuer's RFC 8414 document. */
  metadata: Record<string, unknown>;
}

export interface OAuthProxyContext {
  /** The gate's origin: the issuer as the client sees it. */
  origin: string;
  issuer: IssuerUpstream;
  recording: Recording;
  plan: FaultPlan;
}

const ANSWER_HEADERS = ['content-type', 'cache-control', 'pragma', 'www-authenticate', 'location'];
const REQUEST_HEADERS = ['content-type', 'authorization', 'accept'];
const MAX_BODY = 64 * 1024;

/** The issuer's metadata with the gate as issuer and endpoints, so every OAuth request passes the gate. */
export function gateMetadata(ctx: OAuthProxyContext): Record<string, unknown> {
  const { origin, issuer } = ctx;
  const via = (key: string, path: string) => (typeof issuer.metadata[key] === 'string' ? { [key]: `${origin}${path}` } : {});
  return { ...issuer.metadata, issuer: origin, ...via('token_endpoint', '/token'), ...via('authorization_endpoint', '/authorize'), ...via('registration_endpoint', '/register') };
}

export async function proxyToken(req: IncomingMessage, res: ServerResponse, url: URL, ctx: OAuthProxyContext): Promise<void> {
  const body = await readRequestBody(req, res);
  if (body === undefined) return;
  const { recording } = ctx;
  const params = new URLSearchParams(body);
  const clientId = basicClientId(req.headers.authorization) ?? params.get('client_id') ?? undefined;
  const event = recording.addToken({
    query: url.search.slice(1),
    clientId,
    user: recording.userOfClient(clientId),
    grantType: params.get('grant_type') ?? undefined,
    refreshToken: params.get('refresh_token') ?? undefined,
    ...(params.has('resource') ? { resources: params.getAll('resource') } : {}),
  });
  ctx.plan.onTokenRequest(event);
  const code = params.get('code');
  if (code) recording.secrets.add(code);
  const answer = await pass(req, `${ctx.issuer.url}/token${url.search}`, body);
  if (!answer.status) return sendJson(res, 502, { error: 'temporarily_unavailable' });
  event.status = answer.status;
  const json = parseJson(answer.body);
  if (typeof json?.access_token === 'string') {
    // A registered client's first token says whose it is: its subject.
    event.user ??= recording.userOfToken(readCredential(`Bearer ${json.access_token}`).claims);
    if (clientId && event.user && !recording.userOfClient(clientId)) recording.clientUsers.set(clientId, event.user);
    recording.label(json.access_token, event.user, 'access');
  }
  if (typeof json?.refresh_token === 'string') recording.label(json.refresh_token, event.user, 'refresh');
  if (typeof json?.error === 'string') event.error = json.error;
  answerWith(res, answer);
  event.answeredSeq = recording.tick();
}

/** GET /authorize: passed to the issuer's headless endpoint; its redirect names the gate as `iss` (RFC 9207). */
export async function proxyAuthorize(req: IncomingMessage, res: ServerResponse, url: URL, ctx: OAuthProxyContext): Promise<void> {
  const q = url.searchParams;
  const event = ctx.recording.addAuthorize({
    clientId: q.get('client_id') ?? undefined,
    user: q.get('login_hint') ?? undefined,
    redirectUri: q.get('redirect_uri') ?? undefined,
    codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
    resource: q.get('resource') ?? undefined,
  });
  const answer = await pass(req, `${ctx.issuer.url}/authorize${url.search}`, undefined);
  if (!answer.status) return sendJson(res, 502, { error: 'temporarily_unavailable' });
  event.status = answer.status;
  const location = answer.headers.location;
  if (location && URL.canParse(location)) {
    const back = new URL(location);
    const code = back.searchParams.get('code');
    if (code) ctx.recording.secrets.add(code);
    if (back.searchParams.get('error')) event.error = back.searchParams.get('error')!;
    if (back.searchParams.get('error_description')) event.errorDescription = back.searchParams.get('error_description')!;
    if (back.searchParams.get('iss') === ctx.issuer.url) back.searchParams.set('iss', ctx.origin);
    answer.headers.location = back.href;
  } else {
    const json = parseJson(answer.body);
    if (typeof json?.error === 'string') event.error = json.error;
    if (typeof json?.error_description === 'string') event.errorDescription = json.error_description;
  }
  answerWith(res, answer);
}

/** POST /register (RFC 7591): passed to the issuer; the registered secret becomes a secret of the run. */
export async function proxyRegister(req: IncomingMessage, res: ServerResponse, ctx: OAuthProxyContext): Promise<void> {
  const body = await readRequestBody(req, res);
  if (body === undefined) return;
  const event = ctx.recording.addRegistration({});
  const answer = await pass(req, `${ctx.issuer.url}/register`, body);
  if (!answer.status) return sendJson(res, 502, { error: 'temporarily_unavailable' });
  event.status = answer.status;
  const json = parseJson(answer.body);
  if (typeof json?.client_id === 'string') event.clientId = json.client_id;
  if (typeof json?.token_endpoint_auth_method === 'string') event.authMethod = json.token_endpoint_auth_method;
  if (typeof json?.client_secret === 'string') ctx.recording.secrets.add(json.client_secret);
  if (typeof json?.registration_access_token === 'string') ctx.recording.secrets.add(json.registration_access_token);
  answerWith(res, answer);
}

async function readRequestBody(req: IncomingMessage, res: ServerResponse): Promise<string | undefined> {
  try {
    return await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      sendJson(res, 413, { error: 'invalid_request' }, { connection: 'close' });
      return undefined;
    }
    throw e;
  }
}

function pass(req: IncomingMessage, target: string, body: string | undefined) {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return sendRaw({ method: req.method ?? 'GET', url: target, headers, body, timeoutMs: 10_000, maxBodyBytes: MAX_BODY });
}

function answerWith(res: ServerResponse, answer: { status: number; headers: Record<string, string>; body: string }): void {
  const out: Record<string, string> = {};
  for (const name of ANSWER_HEADERS) if (answer.headers[name] !== undefined) out[name] = answer.headers[name]!;
  res.writeHead(answer.status, out);
  res.end(answer.body);
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function basicClientId(authorization: string | undefined): string | undefined {
  const m = /^basic\s+(\S+)/i.exec(authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
