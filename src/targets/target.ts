// What every launcher hands back: where the target answers, and how to stop it.
export interface RunningTarget {
  url: string;
  /** The target's recent output, redacted (process and container targets). */
  logs(): string[];
  /** Why the target stopped, if it did. */
  exitStatus(): string | undefined;
  /** Brings exitStatus() up to date where learning it is asynchronous (containers ask the engine). */
  checkStatus?(): Promise<void>;
  stop(): Promise<void>;
}

/** A target that was already running: nothing to start or stop. */
export function urlTarget(url: string): RunningTarget {
  return { url, logs: () => [], exitStatus: () => undefined, stop: async () => {} };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

export function isLoopbackUrl(url: string): boolean {
  return LOOPBACK.test(new URL(url).hostname);
}
