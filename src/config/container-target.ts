// Container and compose targets: relative paths in a config file are relative to its folder.
import path from 'node:path';
import type { ComposeTargetConfig, ContainerTargetConfig } from './config.ts';

/** Relative build contexts and compose files are relative to the config file's folder. */
export function resolveContainerPaths(target: { container?: ContainerTargetConfig; compose?: ComposeTargetConfig }, dir: string): void {
  if (target.container?.build) target.container.build.context = path.resolve(dir, target.container.build.context);
  if (target.compose) target.compose.file = path.resolve(dir, target.compose.file);
}
