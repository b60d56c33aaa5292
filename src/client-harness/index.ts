// `mcp-auth-harness client` as a TypeScript API: the same run as the CLI, with a shell command or
// an in-process workload, returning the report (and the run's secrets, for redaction).
export { runClientHarness, type ClientHarnessOptions } from './run-client-harness.ts';
export type { ClientCheck, ClientCheckContext } from './client-check.ts';
export { clientChecks } from '../../scenarios/client.ts';
