// Ctrl-C and SIGTERM for the CLI. The first stops the run at once (no check starts after it, so
// no error lines about a target that is being stopped), removes what the run started, exits 130.
// A second one while that is going on does not cut it short — it says so and keeps waiting.
import { InterruptedError } from '../runner/interrupted.ts';
import { runTeardowns } from '../runner/teardown.ts';

export const interruption = new AbortController();

export function handleInterrupts(): void {
  let stopping = false;
  let told = false;
  const interrupt = async () => {
    if (stopping) {
      if (!told) process.stderr.write('still stopping: removing what this run started (this finishes by itself)…\n');
      told = true;
      return;
    }
    stopping = true;
    process.exitCode = 130;
    process.stderr.write('\ninterrupted: stopping the target and issuer…\n');
    interruption.abort(new InterruptedError());
    await runTeardowns();
    process.exit(130);
  };
  // `on`, not `once`: with no listener of ours left, signal-exit (loaded by testcontainers)
  // re-raises the signal and kills the process before the teardown is done.
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
}
