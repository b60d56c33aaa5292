import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check.ts';
import { Progress } from './progress.ts';

function capture() {
  const lines: string[] = [];
  const out = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  return { progress: new Progress(out), lines };
}

const result = (family: string, status: CheckResult['status'] = 'pass') => ({ id: `${family}.x`, family, revision: '2025-11-25', status }) as CheckResult;

describe('progress without a terminal', () => {
  it("prints a family's line as soon as its last result is in, not when the next family starts", () => {
    const { progress, lines } = capture();
    progress.start('start');
    progress.result(result('headers'), 1, 3, false);
    expect(lines).toEqual(['start\n']);
    progress.result(result('headers', 'fail'), 2, 3, true);
    expect(lines.at(-1)).toMatch(/^headers \[2025-11-25\] +1 pass, 1 fail, 0 warn, 0 skip, 0 error\n$/);
    progress.result(result('claims'), 3, 3); // callers that do not say: printed when the next family comes, or at the end
    expect(lines).toHaveLength(2);
    progress.finish();
    expect(lines.slice(2, 3)).toEqual([expect.stringMatching(/^claims \[2025-11-25\] +1 pass/)]);
    expect(lines.at(-1)).toMatch(/^done in \d+\.\d s\n$/);
  });
});
