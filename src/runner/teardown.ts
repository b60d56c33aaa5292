// Stoppers for whatever a run started, so SIGINT or a crash still leaves nothing behind.
// runTeardowns() may be called again while it runs (a second Ctrl-C): it then waits for the same
// work instead of finding nothing left and letting the process exit half-way through it.
type Stopper = () => Promise<void>;

const stoppers = new Set<Stopper>();
let running: Promise<void> | undefined;

export function registerTeardown(stop: Stopper): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

export function runTeardowns(): Promise<void> {
  return (running ??= (async () => {
    try {
      // A stopper may register another (a start that settles while stopping): run until none is left.
      while (stoppers.size) {
        const all = [...stoppers];
        stoppers.clear();
        await Promise.allSettled(all.map((s) => s()));
      }
    } finally {
      running = undefined;
    }
  })());
}
