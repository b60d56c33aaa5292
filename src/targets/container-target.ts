// A target run as a container (testcontainers): an image as is, or built from a Dockerfile with
// build args. Host networking, so it reaches the harness's loopback issuer and the harness
// reaches it at target.url. Ready when the URL answers HTTP; its output kept for the report.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { StartedTestContainer } from 'testcontainers';
import type { ContainerTargetConfig } from '../config/config.ts';
import { registerTeardown } from '../runner/teardown.ts';
import { waitUntilAnswering } from './process-target.ts';
import { LABEL_RUN, newRunId, runLabels } from './container-labels.ts';
import { watchContainer } from './container-logs.ts';
import { dockerEngineProblem, testcontainers } from './docker-engine.ts';
import { errorSummary } from './error-summary.ts';
import type { RunningTarget } from './target.ts';

const run = promisify(execFile);

export interface ContainerTargetOptions {
  container: ContainerTargetConfig;
  env: Record<string, string>;
  url: string;
  readyTimeoutMs: number;
  redact: (line: string) => string;
}

export async function startContainerTarget(opts: ContainerTargetOptions): Promise<RunningTarget> {
  const problem = await dockerEngineProblem();
  if (problem) throw new Error(`target.container: ${problem}`);
  const { GenericContainer, Wait } = await testcontainers();
  const image = opts.container.image ?? (await buildImage(opts.container.build!));
  const runId = newRunId();
  const starting = new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment(opts.env)
    .withLabels(runLabels(runId))
    .withWaitStrategy(Wait.forListeningPorts()) // nothing to wait for here: readiness is the URL answering
    .start();
  // Registered before the start settles: Ctrl-C during the start still removes the container,
  // and so does a start that failed half-way (created, never running).
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= starting
      .then(
        (c) => c.stop({ timeout: 3000 }).then(() => undefined),
        () => undefined,
      )
      .finally(() => removeRun(runId)));
  const unregister = registerTeardown(stop);
  let started: StartedTestContainer;
  try {
    started = await starting;
  } catch (e) {
    await stop();
    unregister();
    throw new Error(`container ${image} did not start: ${errorSummary(e)}`);
  }
  const watch = await watchContainer(started.getId(), opts.redact);
  const target: RunningTarget = {
    url: opts.url,
    logs: () => watch.lines(),
    exitStatus: () => watch.exitStatus(),
    checkStatus: () => watch.check(),
    stop: async () => {
      watch.detach();
      await stop();
      unregister();
    },
  };
  try {
    await waitUntilAnswering(opts.url, opts.readyTimeoutMs, () => watch.exitStatus());
  } catch (e) {
    const tail = watch.lines().slice(-5).join(' | ');
    await target.stop();
    throw new Error(`container ${image}: ${errorSummary(e)}${tail ? `; last output: ${tail}` : ''}`);
  }
  return target;
}

/**
 * Builds with the docker CLI (layer cache on) under a stable tag per Dockerfile, so reruns replace
 * rather than pile up. The CLI, not the engine API: its last line of output says which step
 * failed and why, and a failed step leaves no container behind (--force-rm).
 */
export async function buildImage(build: NonNullable<ContainerTargetConfig['build']>): Promise<string> {
  const dockerfile = path.resolve(build.context, build.dockerfile ?? 'Dockerfile');
  const tag = `mcp-auth-harness-target/${createHash('sha256').update(dockerfile).digest('hex').slice(0, 12)}:latest`;
  const args = Object.entries(build.args ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
  try {
    await run('docker', ['build', '--quiet', '--force-rm', '-f', dockerfile, ...args, '-t', tag, build.context], { maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { code?: unknown; stderr?: string };
    const why = err.code === 'ENOENT' ? 'the docker CLI is not on PATH (or build the image yourself and give target.container.image)' : errorSummary(err.stderr || e);
    throw new Error(`building ${dockerfile} failed: ${why}`);
  }
  return tag;
}

/** Whatever still carries this run's label, in any state. */
async function removeRun(runId: string): Promise<void> {
  const { getContainerRuntimeClient } = await testcontainers();
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const left = await docker.listContainers({ all: true, filters: { label: [`${LABEL_RUN}=${runId}`] } }).catch(() => []);
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
}
