// A target that is one service of a compose file (testcontainers' DockerComposeEnvironment).
// `target.env`, templated from the issuer, is the environment compose interpolates the file
// with (`${ISSUER_URL}` …), so the service trusts this run's issuer. Each run is its own compose
// project, taken down with its networks and volumes at the end — also on Ctrl-C and crashes.
import path from 'node:path';
import type { ComposeTargetConfig } from '../config/config.ts';
import { ConfigError } from '../config/config-error.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { composeProjectName, newRunId } from './container-labels.ts';
import { watchContainer, type ContainerWatch } from './container-logs.ts';
import { composeTool, dockerEngineProblem, testcontainers, type ComposeTool } from './docker-engine.ts';
import { waitUntilAnswering } from './process-target.ts';
import { errorSummary } from './error-summary.ts';
import type { RunningTarget } from './target.ts';

export interface ComposeTargetOptions {
  compose: ComposeTargetConfig;
  env: Record<string, string>;
  url: string;
  readyTimeoutMs: number;
  redact: (line: string) => string;
}

const UP_SETTLE_MS = 60_000;

export async function startComposeTarget(opts: ComposeTargetOptions): Promise<RunningTarget> {
  const problem = await dockerEngineProblem();
  if (problem) throw new Error(`target.compose: ${problem}`);
  const tool = await composeTool();
  if (!tool) throw new ConfigError('target.compose needs `docker compose` (v2) or `docker-compose` on PATH; neither answers');
  const { DockerComposeEnvironment, Wait } = await testcontainers();
  const { file, service } = opts.compose;
  const project = composeProjectName(newRunId());
  const client = clientOptions(tool);
  let environment = new DockerComposeEnvironment(path.dirname(file), path.basename(file))
    .withProjectName(project)
    .withEnvironment(opts.env)
    .withProfiles(...(opts.compose.profiles ?? []))
    .withDefaultWaitStrategy(Wait.forListeningPorts()) // readiness is the URL answering, below
    .withClientOptions(client);
  if (opts.compose.build ?? true) environment = environment.withBuild();
  const up = environment.up([service]);

  // `down` by project name works whatever state `up` reached; registered before it settles.
  let stopping: Promise<void> | undefined;
  const down = () =>
    (stopping ??= (async () => {
      await settled(up, UP_SETTLE_MS);
      const { getContainerRuntimeClient } = await testcontainers();
      const runtime = await getContainerRuntimeClient();
      const options = { filePath: path.dirname(file), files: path.basename(file), projectName: project, environment: opts.env, ...client };
      await runtime.compose.down(options, { removeVolumes: true, timeout: 0 }).catch(() => undefined);
    })());
  const unregister = registerTeardown(down);
  const stop = async () => {
    watch?.detach();
    await down();
    unregister();
  };

  let watch: ContainerWatch | undefined;
  try {
    await up;
    watch = await watchContainer(await serviceContainerId(project, service), opts.redact);
  } catch (e) {
    await stop();
    throw new Error(`compose service ${service} (${path.basename(file)}) did not start: ${errorSummary(e)}`);
  }
  const target: RunningTarget = { url: opts.url, logs: () => watch!.lines(), exitStatus: () => watch!.exitStatus(), checkStatus: () => watch!.check(), stop };
  try {
    await waitUntilAnswering(opts.url, opts.readyTimeoutMs, () => watch!.exitStatus());
  } catch (e) {
    const tail = watch.lines().slice(-5).join(' | ');
    await stop();
    throw new Error(`compose service ${service}: ${errorSummary(e)}${tail ? `; last output: ${tail}` : ''}`);
  }
  return target;
}

function clientOptions(tool: ComposeTool): { executable?: { standalone: true } } {
  return tool.kind === 'standalone' ? { executable: { standalone: true } } : {};
}

/** The service's container, by compose's own labels (names differ between compose v1 and v2). */
async function serviceContainerId(project: string, service: string): Promise<string> {
  const { getContainerRuntimeClient } = await testcontainers();
  const runtime = await getContainerRuntimeClient();
  const found = (await runtime.container.list()).find(
    (c) => c.Labels['com.docker.compose.project'] === project && c.Labels['com.docker.compose.service'] === service,
  );
  if (!found) throw new Error(`no container for service ${service} after compose up`);
  return found.Id;
}

async function settled(p: Promise<unknown>, ms: number): Promise<void> {
  await Promise.race([p.then(() => undefined, () => undefined), new Promise((r) => setTimeout(r, ms).unref())]);
}
