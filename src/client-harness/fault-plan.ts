// What the harness, as the MCP server, does to the first user's traffic so that every client
// check has something to observe. Keyed on the workload's markers (contract.ts) and on whose
// token or session a request carries, so it works whatever language the client is written in.
// The other users are never disturbed: they are the witnesses for isolation.
//
//   <user>/2          the first attempt is refused 401 invalid_token and its token revoked
//                     → one token request and one retry expected
//   <user>/4 … /5     every token of the user is refused, until <user>/6 (or the burst) is
//                     attempted, 10 s pass, or 20 token requests arrive → no storm expected.
//                     Requests without a marker (a client reconnecting between calls) are refused
//                     a few times only, so a client that rebuilds its connection still gets on to
//                     the next call. Every token refused in the window stays refused afterwards
//                     → the client must get a new one (no lockout after a refused refresh)
//   <user>/burst/*    the token of the first burst call is revoked while the calls are in
//                     flight → concurrent 401s, no refresh token spent twice
//   first DELETE      its token is revoked → one refresh and one retried DELETE expected
import type { McpEvent, Recording, TokenEvent } from './recording.ts';

export const REVOKED_STEP = 2;
export const REFUSE_ALL = { fromStep: 4, untilStep: 6, maxMs: 10_000, maxTokenRequests: 20, unmarkedRefusals: 4 } as const;

export interface RefuseAllWindow {
  startSeq: number;
  startAt: number;
  endSeq?: number;
  endedBy?: 'next-step' | 'time' | 'token-requests';
}

/** What the plan did, for the checks: the sequence numbers of the moments that matter. */
export interface PlanLog {
  revokedStep?: { seq: number; jti?: string };
  refuseAll?: RefuseAllWindow;
  burst?: { seq: number; jti?: string };
  /** The subject's first DELETE, whose token was revoked. */
  closing?: { seq: number; jti?: string };
}

export class FaultPlan {
  readonly subject: string;
  readonly log: PlanLog = {};
  readonly #recording: Recording;
  readonly #revoked = new Set<string>();
  #windowTokenRequests = 0;
  #windowUnmarkedRefusals = 0;

  constructor(subject: string, recording: Recording) {
    this.subject = subject;
    this.#recording = recording;
  }

  /** The reason to refuse this request with 401 invalid_token, or undefined to serve it. */
  decide(e: McpEvent): McpEvent['refusedBy'] | undefined {
    const owner = e.marker?.user ?? e.user ?? (e.session ? this.#recording.sessionOwners.get(e.session) : undefined);
    if (owner !== this.subject) return e.jti && this.#revoked.has(e.jti) ? 'revoked' : undefined;
    const m = e.marker;
    const step = m && 'step' in m ? m.step : undefined;
    const burst = m !== undefined && 'burst' in m;
    this.#maybeEndWindow(e, step, burst);
    if (step === REFUSE_ALL.fromStep && !this.log.refuseAll) this.log.refuseAll = { startSeq: e.seq, startAt: e.at };
    if (step === REVOKED_STEP && !this.log.revokedStep) {
      this.log.revokedStep = { seq: e.seq, jti: e.jti };
      return this.#revoke(e.jti);
    }
    if (burst && !this.log.burst) {
      this.log.burst = { seq: e.seq, jti: e.jti };
      return this.#revoke(e.jti);
    }
    if (e.method === 'DELETE' && e.credential === 'bearer' && !this.log.closing && !this.#windowOpen()) {
      this.log.closing = { seq: e.seq, jti: e.jti };
      return this.#revoke(e.jti);
    }
    if (this.#windowOpen() && (m || this.#windowUnmarkedRefusals < REFUSE_ALL.unmarkedRefusals)) {
      if (!m) this.#windowUnmarkedRefusals++;
      if (e.jti) this.#revoked.add(e.jti);
      return 'refuse-all';
    }
    return e.jti && this.#revoked.has(e.jti) ? 'revoked' : undefined;
  }

  onTokenRequest(t: TokenEvent): void {
    if (this.#windowOpen() && t.user === this.subject) this.#windowTokenRequests++;
  }

  #revoke(jti: string | undefined): 'revoked' {
    if (jti) this.#revoked.add(jti);
    return 'revoked';
  }

  #windowOpen(): boolean {
    return this.log.refuseAll !== undefined && this.log.refuseAll.endSeq === undefined;
  }

  #maybeEndWindow(e: McpEvent, step: number | undefined, burst: boolean): void {
    const w = this.log.refuseAll;
    if (!w || w.endSeq !== undefined) return;
    let endedBy: RefuseAllWindow['endedBy'];
    if ((step !== undefined && step >= REFUSE_ALL.untilStep) || burst) endedBy = 'next-step';
    else if (this.#windowTokenRequests >= REFUSE_ALL.maxTokenRequests) endedBy = 'token-requests';
    else if (this.#recording.now() - w.startAt > REFUSE_ALL.maxMs) endedBy = 'time';
    if (endedBy) Object.assign(w, { endSeq: e.seq, endedBy });
  }
}
