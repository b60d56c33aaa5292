// Everything the gate saw of the client under test: each MCP request, each token request and each
// metadata fetch, who they were for, and how they were answered. The client checks judge this
// record. Raw tokens and queries are kept for matching only; reports get counts, labels and redactions.
import type { HarnessUser, Marker } from '../client/contract.ts';

export interface McpEvent {
  seq: number;
  /** Milliseconds since the run started. */
  at: number;
  method: string;
  path: string;
  /** The raw query string, without `?` ('' when none). May carry a secret: never report it as is. */
  query: string;
  credential: 'bearer' | 'none' | 'other';
  token?: string;
  jti?: string;
  /** The harness user whose token this is (by the token's client_id). */
  user?: string;
  /** The JSON-RPC method, for POSTs. */
  rpc?: string;
  marker?: Marker;
  session?: string;
  /** For initialize: the protocol version the client asked for. */
  protocolVersion?: string;
  /** The MCP-Protocol-Version request header. */
  protocolHeader?: string;
  /** The answer's status (the gate's own refusal, or the MCP server's). */
  status?: number;
  /** The session id the server handed out in its answer (initialize). */
  sessionOpened?: string;
  /** Why the gate refused the request itself, when it did. */
  refusedBy?: 'revoked' | 'refuse-all';
}

export interface TokenEvent {
  seq: number;
  at: number;
  query: string;
  clientId?: string;
  user?: string;
  grantType?: string;
  /** The refresh token presented (refresh_token grant); for matching only. */
  refreshToken?: string;
  /** The RFC 8707 resources the request names (none: absent). */
  resources?: string[];
  status?: number;
  /** Sequence number of the moment the answer went back: from then on the client holds the token. */
  answeredSeq?: number;
  /** The OAuth error code of a refused request. */
  error?: string;
}

export type MetadataKind = 'protected-resource' | 'authorization-server' | 'openid-configuration';

export interface MetadataEvent {
  seq: number;
  at: number;
  kind: MetadataKind;
  path: string;
  status?: number;
}

/** A user sent to the authorization endpoint (code flow). */
export interface AuthorizeEvent {
  seq: number;
  at: number;
  clientId?: string;
  /** The user the request signs in (login_hint). */
  user?: string;
  redirectUri?: string;
  codeChallengeMethod?: string;
  /** The RFC 8707 resource the request names. */
  resource?: string;
  status?: number;
  /** The OAuth error the issuer answered with (in the redirect, or as JSON). */
  error?: string;
  /** Its error_description. */
  errorDescription?: string;
}

/** RFC 7591 dynamic client registration. */
export interface RegistrationEvent {
  seq: number;
  at: number;
  status?: number;
  clientId?: string;
  authMethod?: string;
}

export type TimelineEvent =
  | ({ type: 'mcp' } & McpEvent)
  | ({ type: 'token' } & TokenEvent)
  | ({ type: 'metadata' } & MetadataEvent)
  | ({ type: 'authorize' } & AuthorizeEvent)
  | ({ type: 'register' } & RegistrationEvent);

export class Recording {
  /** Epoch ms that `at` counts from: the start of the program under test. */
  started = Date.now();
  readonly users: HarnessUser[];
  readonly mcp: McpEvent[] = [];
  readonly tokens: TokenEvent[] = [];
  readonly metadata: MetadataEvent[] = [];
  readonly authorizations: AuthorizeEvent[] = [];
  readonly registrations: RegistrationEvent[] = [];
  /** Client ids the program registered (DCR, metadata documents) → the user their tokens were for. */
  readonly clientUsers = new Map<string, string>();
  /** Issued tokens and client secrets: the output and URL checks look for them, reports redact them. */
  readonly secrets = new Set<string>();
  /** Mcp-Session-Id → the user whose token opened it. */
  readonly sessionOwners = new Map<string, string>();
  /** Issued token → how evidence names it ("alice's access token #2"). */
  readonly labels = new Map<string, string>();
  #seq = 0;

  constructor(users: HarnessUser[]) {
    this.users = users;
    for (const u of users) this.secrets.add(u.clientSecret);
  }

  now(): number {
    return Date.now() - this.started;
  }

  /** Names a token the issuer just issued, so evidence can tell tokens apart without showing them. */
  label(token: string, user: string | undefined, kind: 'access' | 'refresh'): void {
    const n = [...this.labels.values()].filter((l) => l.startsWith(`${user ?? 'unknown'}'s ${kind}`)).length + 1;
    this.labels.set(token, `${user ?? 'unknown'}'s ${kind} token #${n}`);
    this.secrets.add(token);
  }

  labelOf(token: string | undefined): string {
    if (token === undefined) return 'no token';
    return this.labels.get(token) ?? 'a token the issuer never issued';
  }

  userOfClient(clientId: string | undefined): string | undefined {
    if (clientId === undefined) return undefined;
    return this.users.find((u) => u.clientId === clientId)?.name ?? this.clientUsers.get(clientId);
  }

  /** The user a token is for: the contract user whose client it is, else the user named by its subject. */
  userOfToken(claims: { clientId?: string; sub?: string } | undefined): string | undefined {
    const byClient = this.users.find((u) => u.clientId === claims?.clientId)?.name;
    return byClient ?? this.users.find((u) => u.name === claims?.sub)?.name;
  }

  addMcp(e: Omit<McpEvent, 'seq' | 'at'>): McpEvent {
    const event = { seq: ++this.#seq, at: this.now(), ...e };
    this.mcp.push(event);
    return event;
  }

  addToken(e: Omit<TokenEvent, 'seq' | 'at'>): TokenEvent {
    const event = { seq: ++this.#seq, at: this.now(), ...e };
    this.tokens.push(event);
    return event;
  }

  addMetadata(e: Omit<MetadataEvent, 'seq' | 'at'>): MetadataEvent {
    const event = { seq: ++this.#seq, at: this.now(), ...e };
    this.metadata.push(event);
    return event;
  }

  addAuthorize(e: Omit<AuthorizeEvent, 'seq' | 'at'>): AuthorizeEvent {
    const event = { seq: ++this.#seq, at: this.now(), ...e };
    this.authorizations.push(event);
    return event;
  }

  addRegistration(e: Omit<RegistrationEvent, 'seq' | 'at'>): RegistrationEvent {
    const event = { seq: ++this.#seq, at: this.now(), ...e };
    this.registrations.push(event);
    return event;
  }

  /** A sequence number for a moment that is not a request (an answer going back). */
  tick(): number {
    return ++this.#seq;
  }

  /** Every recorded event in the order the gate saw them. */
  timeline(): TimelineEvent[] {
    const all: TimelineEvent[] = [
      ...this.mcp.map((e) => ({ type: 'mcp' as const, ...e })),
      ...this.tokens.map((e) => ({ type: 'token' as const, ...e })),
      ...this.metadata.map((e) => ({ type: 'metadata' as const, ...e })),
      ...this.authorizations.map((e) => ({ type: 'authorize' as const, ...e })),
      ...this.registrations.map((e) => ({ type: 'register' as const, ...e })),
    ];
    return all.sort((a, b) => a.seq - b.seq);
  }

  /** Token requests by a user's client that arrived between two recorded events (by sequence). */
  tokenRequestsBetween(user: string, afterSeq: number, beforeSeq = Infinity): TokenEvent[] {
    return this.tokens.filter((t) => t.user === user && t.seq > afterSeq && t.seq < beforeSeq);
  }

  /** When the user's client first held an access token: the sequence number of the first successful token answer, or Infinity. */
  firstTokenSeq(user: string): number {
    return this.tokens.find((t) => t.user === user && t.status !== undefined && t.status >= 200 && t.status < 300)?.answeredSeq ?? Infinity;
  }
}
