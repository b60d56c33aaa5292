// What refresh.js makes of an answer: every 4xx is a refused call — 401 and 403, and the 404 of a
// session the server dropped when the token changed — and what it repairs before its one retry.
import { describe, expect, it } from 'vitest';
import { judgeAnswer } from '../../src/load/model/refresh-step.ts';

describe('the refresh script judging an answer', () => {
  it('counts a 404 on a session as refused and reopens the session', () => {
    expect(judgeAnswer(404, true)).toEqual({ refused: true, recovery: 'reopen-session' });
  });

  it('renews the token after a 401', () => {
    expect(judgeAnswer(401, true)).toEqual({ refused: true, recovery: 'renew-token' });
    expect(judgeAnswer(401, false)).toEqual({ refused: true, recovery: 'renew-token' });
  });

  it('counts every other 4xx as refused, with nothing to repair', () => {
    for (const status of [400, 403, 404, 409, 429]) expect(judgeAnswer(status, false)).toEqual({ refused: true, recovery: 'none' });
    expect(judgeAnswer(403, true).refused).toBe(true);
  });

  it('does not count a success or a server error as a refusal', () => {
    for (const status of [200, 202, 500, 503, 0]) expect(judgeAnswer(status, true)).toEqual({ refused: false, recovery: 'none' });
  });
});
