// Stoppers for whatever a run started, so SIGINT or a crash still leaves nothing behind.
type Stopper = () => Promise<void>;

const stoppers = new Set<Stopper>();

export function registerTeardown(stop: Stopper): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

export async function runTeardowns(): Promise<void> {
  const all = [...stoppers];
  stoppers.clear();
  await Promise.allSettled(all.map((s) => s()));
}
