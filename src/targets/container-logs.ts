// Follows a container's output: the last lines kept (redacted) for the report, and why the
// container stopped — learnt when its log stream ends, or by asking the engine (check()).
import { testcontainers } from './docker-engine.ts';
import { OutputLines } from './output-lines.ts';

export interface ContainerWatch {
  lines(): string[];
  /** Why the container stopped, once it has (and it was not us who stopped it). */
  exitStatus(): string | undefined;
  /** Asks the engine now, so exitStatus() is current. */
  check(): Promise<void>;
  /** Stop reporting: the harness is stopping the container itself. */
  detach(): void;
}

export async function watchContainer(id: string, redact: (line: string) => string): Promise<ContainerWatch> {
  const { getContainerRuntimeClient } = await testcontainers();
  const client = await getContainerRuntimeClient();
  const container = client.container.getById(id);
  const output = new OutputLines(redact);
  const source = output.source();
  let exit: string | undefined;
  let detached = false;
  const check = async () => {
    if (detached) return;
    try {
      const { State } = await client.container.inspect(container);
      if (State.Running || detached) return;
      exit = State.OOMKilled ? 'was killed for lack of memory' : `exited with code ${State.ExitCode}`;
    } catch {
      if (!detached) exit ??= 'was removed';
    }
  };
  const stream = await client.container.logs(container);
  stream.on('data', (chunk: string | Buffer) => source.push(chunk));
  stream.on('error', () => {});
  stream.on('end', () => {
    source.end();
    if (!detached) void check();
  });
  return {
    lines: () => output.lines(),
    exitStatus: () => exit,
    check,
    detach: () => {
      detached = true;
      stream.destroy();
    },
  };
}
