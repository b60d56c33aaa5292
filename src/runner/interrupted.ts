// Stopping a run from outside (Ctrl-C, or a library user's AbortSignal): no further check starts,
// the one running is abandoned, and runHarness rejects with InterruptedError after its teardown.
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}

/** Resolves with `value` once `signal` aborts; never without a signal. */
export function whenAborted<T>(signal: AbortSignal | undefined, value: T): Promise<T> {
  if (!signal) return new Promise(() => {});
  if (signal.aborted) return Promise.resolve(value);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(value), { once: true }));
}
