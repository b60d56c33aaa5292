// Reference servers for the benchmarks, each on its own port as a watched process ('exec', so it
// stops in milliseconds); all stopped by stopAll, and on Ctrl-C.
import { REFERENCE_COMMAND } from '../src/reference/harness-config.ts';
import { startProcessTarget } from '../src/targets/process-target.ts';
import type { RunningTarget } from '../src/targets/target.ts';
import { freePort } from '../src/targets/template.ts';

export function referenceServers(): { server: (env: Record<string, string>) => Promise<RunningTarget>; stopAll: () => Promise<unknown> } {
  const started: RunningTarget[] = [];
  const stopAll = () => Promise.allSettled(started.splice(0).map((t) => t.stop()));
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  return {
    stopAll,
    async server(env) {
      const port = String(await freePort());
      const target = await startProcessTarget({ command: REFERENCE_COMMAND, env: { PORT: port, ...env }, url: `http://127.0.0.1:${port}/mcp`, readyTimeoutMs: 15_000, redact: (l) => l });
      started.push(target);
      return target;
    },
  };
}
