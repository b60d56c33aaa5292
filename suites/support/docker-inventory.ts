// What a harness process left in Docker: containers (running or not), networks and volumes that
// carry its pid — in our labels, or in the compose project name the harness gives each run.
import { LABEL_PID, composeProjectPrefix } from '../../src/targets/container-labels.ts';
import { testcontainers } from '../../src/targets/docker-engine.ts';

export interface Inventory {
  containers: string[];
  networks: string[];
  volumes: string[];
}

const PROJECT = 'com.docker.compose.project';

export async function leftBy(pid: number): Promise<Inventory> {
  const { getContainerRuntimeClient } = await testcontainers();
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const prefix = composeProjectPrefix(pid);
  const ours = (labels: Record<string, string> | undefined | null, name = '') =>
    labels?.[LABEL_PID] === String(pid) || (labels?.[PROJECT] ?? '').startsWith(prefix) || name.replace(/^\//, '').startsWith(prefix);
  const containers = (await docker.listContainers({ all: true })).filter((c) => ours(c.Labels, c.Names[0])).map((c) => `${c.Names[0]} (${c.State})`);
  const networks = (await docker.listNetworks()).filter((n) => ours(n.Labels, n.Name)).map((n) => n.Name);
  const volumes = ((await docker.listVolumes()).Volumes ?? []).filter((v) => ours(v.Labels, v.Name)).map((v) => v.Name);
  return { containers, networks, volumes };
}

/** Test hygiene after a failed assertion: removes whatever the pid left, so one failure does not leak into the next run. */
export async function removeLeftBy(pid: number): Promise<void> {
  const { getContainerRuntimeClient } = await testcontainers();
  const docker = (await getContainerRuntimeClient()).container.dockerode;
  const prefix = composeProjectPrefix(pid);
  for (const c of await docker.listContainers({ all: true })) {
    if (c.Labels?.[LABEL_PID] === String(pid) || (c.Labels?.[PROJECT] ?? '').startsWith(prefix)) await docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {});
  }
  for (const n of await docker.listNetworks()) if (n.Name.startsWith(prefix)) await docker.getNetwork(n.Id).remove().catch(() => {});
  for (const v of (await docker.listVolumes()).Volumes ?? []) if ((v.Labels?.[PROJECT] ?? '').startsWith(prefix)) await docker.getVolume(v.Name).remove().catch(() => {});
}

export const NOTHING: Inventory = { containers: [], networks: [], volumes: [] };
