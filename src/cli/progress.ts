// Live progress on a TTY (one rewritten line), one line per family and revision otherwise.
import type { CheckResult, Status } from '../check.ts';

type Counts = Record<Status, number>;

export class Progress {
  private readonly out: NodeJS.WriteStream;
  private readonly live: boolean;
  private group: string | undefined;
  private counts: Counts = fresh();
  private started = 0;

  constructor(out: NodeJS.WriteStream) {
    this.out = out;
    this.live = out.isTTY === true;
  }

  start(line: string): void {
    this.started = Date.now();
    this.out.write(line + '\n');
  }

  /** `familyDone`: no more results of this family and revision are coming: its line is printed now, not when the next family's first result comes. */
  result(r: CheckResult, done: number, total: number, familyDone = false): void {
    const group = `${r.family} [${r.revision}]`;
    if (group !== this.group) this.flush();
    this.group = group;
    this.counts[r.status]++;
    if (this.live) {
      const mark = r.status === 'pass' ? '✓' : r.status === 'fail' ? '✗' : r.status === 'error' ? '!' : '·';
      this.out.write(`\r\x1b[K[${String(done).padStart(String(total).length)}/${total}] ${mark} ${r.id} @${r.revision}`);
    }
    if (familyDone) this.flush();
  }

  finish(): void {
    this.flush();
    this.out.write(`done in ${((Date.now() - this.started) / 1000).toFixed(1)} s\n`);
  }

  private flush(): void {
    if (!this.group) return;
    const c = this.counts;
    const line = `${this.group.padEnd(24)} ${c.pass} pass, ${c.fail} fail, ${c.warn} warn, ${c.skip} skip, ${c.error} error`;
    this.out.write(`${this.live ? '\r\x1b[K' : ''}${line}\n`);
    this.group = undefined;
    this.counts = fresh();
  }
}

function fresh(): Counts {
  return { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
}
