// Everything the gate saw of the client under test: each MCP request and each token request,
// who they were for, and how they were answered. The client checks judge this record.
// Raw tokens and queries are kept for matching only; reports get counts, labels and redactions.
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
  /** The answer's status (the gate's own refusal, or the MCP server's). */
  status?: number;
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
  status?: number;
  /** The OAuth error code of a refused request. */
  error?: string;
}

export class Recording {
  readonly started = Date.now();
  readonly users: HarnessUser[];
  readonly mcp: McpEvent[] = [];
  readonly tokens: TokenEvent[] = [];
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
    return this.users.find((u) => u.clientId === clientId)?.name;
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

  /** Token requests by a user's client that arrived between two recorded events (by sequence). */
  tokenRequestsBetween(user: string, afterSeq: number, beforeSeq = Infinity): TokenEvent[] {
    return this.tokens.filter((t) => t.user === user && t.seq > afterSeq && t.seq < beforeSeq);
  }
}
