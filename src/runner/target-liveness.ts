// Is the target still there? Asked after a check that failed or errored (and, for free, after
// every check of a process or container target, whose exit the harness learns by itself). Once
// the target is down, it stays down for the rest of the run: the checks after it are errors, not
// findings, and the report and stdout say when and why it went.
import { sendRaw } from '../probe/http.ts';
import type { RunningTarget } from '../targets/target.ts';

/** How long a target that stopped answering may take to report its exit (a busy machine, a watchdog stopping its group). */
const EXIT_NEWS_MS = 3000;

export interface TargetDown {
  /** e.g. "exited with code 3", "stopped answering at http://…/mcp (connection refused …)" */
  reason: string;
  /** The check (id@revision) during or after which it was found down. */
  during?: string;
}

export class TargetLiveness {
  private readonly target: Pick<RunningTarget, 'url' | 'exitStatus' | 'checkStatus'>;
  private readonly timeoutMs: number;
  down: TargetDown | undefined;

  constructor(target: Pick<RunningTarget, 'url' | 'exitStatus' | 'checkStatus'>, timeoutMs = 5000) {
    this.target = target;
    this.timeoutMs = timeoutMs;
  }

  /** What the harness already knows without asking: a process or container that exited. */
  known(during?: string): TargetDown | undefined {
    const exit = this.target.exitStatus();
    if (exit && !this.down) this.down = { reason: exit, ...(during ? { during } : {}) };
    return this.down;
  }

  /** Asks: the engine about a container, and the target itself over HTTP (any answer will do). */
  async check(during?: string): Promise<TargetDown | undefined> {
    if (this.down) return this.down;
    await this.target.checkStatus?.().catch(() => undefined);
    if (this.known(during)) return this.down;
    const r = await sendRaw({ method: 'GET', url: this.target.url, timeoutMs: this.timeoutMs, maxBodyBytes: 1024, headersOnly: true });
    if (r.status > 0) return undefined;
    // A process may be exiting right now: its own exit status says more than "connection refused".
    const deadline = Date.now() + EXIT_NEWS_MS;
    while (!this.target.exitStatus() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    this.down = { reason: this.target.exitStatus() ?? `stopped answering at ${this.target.url} (${r.error})`, ...(during ? { during } : {}) };
    return this.down;
  }
}
