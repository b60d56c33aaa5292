// Labels on everything the harness starts in Docker, so a teardown (or a person) can find it all.
import { randomBytes } from 'node:crypto';

export const LABEL_RUN = 'mcp-auth-harness.run';
export const LABEL_PID = 'mcp-auth-harness.pid';

/** A short id for one started target: container labels and the compose project name. */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

export function runLabels(runId: string): Record<string, string> {
  return { [LABEL_RUN]: runId, [LABEL_PID]: String(process.pid) };
}

/** Compose project names (lower case, digits, dashes) say which process started them, as the labels do. */
export function composeProjectName(runId: string, pid = process.pid): string {
  return `${composeProjectPrefix(pid)}${runId}`;
}

export function composeProjectPrefix(pid = process.pid): string {
  return `mcp-auth-harness-${pid}-`;
}
