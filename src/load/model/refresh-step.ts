// What the refresh script makes of the answer to a call: whether it was a refusal, and what may
// repair it before one retry. Every 4xx is a refusal: a server that binds sessions to the raw
// token answers a refreshed token with 404 (the session is gone), others with 401 or 403.
// Pure, so Node tests pin the rules the k6 script follows.

export type Recovery = 'none' | 'renew-token' | 'reopen-session';

export interface JudgedAnswer {
  refused: boolean;
  /** What to do before the one retry; `none`: no retry. */
  recovery: Recovery;
}

export function judgeAnswer(status: number, hasSession: boolean): JudgedAnswer {
  if (status < 400 || status >= 500) return { refused: false, recovery: 'none' };
  if (status === 404 && hasSession) return { refused: true, recovery: 'reopen-session' };
  if (status === 401) return { refused: true, recovery: 'renew-token' };
  return { refused: true, recovery: 'none' };
}
