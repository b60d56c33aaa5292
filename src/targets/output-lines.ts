// A target's output as whole lines: buffered until the newline and redacted as one, so a secret
// written in two pieces is still recognised. Bounded: the last KEPT lines, each at most
// MAX_LINE characters (a longer line is cut between token runs, its rest dropped).
import { StringDecoder } from 'node:string_decoder';
import { safeHead, withoutTrailingRun } from '../report/safe-head.ts';

const KEPT = 200;
const MAX_LINE = 4096;

/** One output stream (stdout, stderr, a container's log): its own unfinished line. */
export interface OutputSource {
  push(chunk: Buffer | string): void;
  /** The stream ended: what is left is a line. */
  end(): void;
}

export class OutputLines {
  private readonly redact: (line: string) => string;
  private readonly kept: string[] = [];
  private readonly unfinished: (() => string)[] = [];

  constructor(redact: (line: string) => string) {
    this.redact = redact;
  }

  source(): OutputSource {
    const decoder = new StringDecoder('utf8');
    let partial = '';
    let skipping = false; // the current line was cut: drop the rest of it
    this.unfinished.push(() => (skipping ? '' : partial));
    const take = (text: string) => {
      const pieces = text.split('\n');
      const last = pieces.pop()!;
      for (const piece of pieces) {
        if (!skipping) this.add(partial + piece);
        partial = '';
        skipping = false;
      }
      if (skipping) return;
      partial += last;
      if (partial.length > MAX_LINE) {
        this.add(`${safeHead(partial, MAX_LINE)} … [line cut]`);
        partial = '';
        skipping = true;
      }
    };
    return {
      push: (chunk) => take(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
      end: () => {
        take(decoder.end());
        // A last line without its newline may stop in the middle of a token (the program died mid-write).
        if (!skipping) this.add(withoutTrailingRun(partial));
        partial = '';
        skipping = false;
      },
    };
  }

  /** The kept lines, then each line still being written (less a token it may stop in the middle of). */
  lines(): string[] {
    const open = this.unfinished.map((f) => withoutTrailingRun(f())).filter((l) => l.trim());
    return [...this.kept, ...open.map((l) => this.redact(l.replace(/\r$/, '')))];
  }

  private add(line: string): void {
    const text = line.replace(/\r$/, '');
    if (!text.trim()) return;
    this.kept.push(this.redact(text));
    if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT);
  }
}
