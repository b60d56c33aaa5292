// `mcp-auth-harness client` as a TypeScript API: the same run as the CLI, with a shell command or
// an in-process workload, returning the report (and the run's secrets, for redaction). The caller
// brings the checks and the MCP server: the CLI passes the `client` family and the embedded reference.
export { runClientHarness, type ClientHarnessOptions, type StartMcpServer, type ServerTrust } from './run-client-harness.ts';
export type { ClientCheck, ClientCheckContext, Level, Requirement } from './client-check.ts';
export { ClientRunError } from './unusable-run.ts';
