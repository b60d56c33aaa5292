// `client`: test an MCP client or proxy. The harness plays issuer and MCP server (the embedded
// reference), the command runs the contract's workload against them (src/client/contract.ts),
// the `client` family judges it.
import { clientChecks } from '../../scenarios/client.ts';
import { runClientHarness } from '../client-harness/run-client-harness.ts';
import { referenceMcpServer } from '../reference/client-server.ts';
import { redactText } from '../report/redact.ts';
import { exitCodeFor } from '../report/report.ts';
import { writeReports } from '../report/write.ts';
import { interruption } from './interrupts.ts';
import { Progress } from './progress.ts';
import { printSummary } from './summary.ts';
import { UsageError } from './usage-error.ts';

export interface ClientArgs {
  command?: string;
  report: string;
  timeout?: string;
  'token-ttl'?: string;
  strict?: boolean;
}

export async function clientCommand(args: ClientArgs): Promise<number> {
  if (!args.command?.trim()) throw new UsageError('client: --command is required, e.g. --command "node my-agent.js" (see --help)');
  const timeoutMs = seconds(args.timeout, '--timeout', 60) * 1000;
  const tokenTtlSeconds = seconds(args['token-ttl'], '--token-ttl', 300);

  const progress = new Progress(process.stderr);
  progress.start(`mcp-auth-harness: client checks against \`${args.command}\``);
  const { report, secrets } = await runClientHarness({
    checks: clientChecks,
    startServer: referenceMcpServer,
    command: args.command,
    timeoutMs,
    tokenTtlSeconds,
    strict: args.strict ?? false,
    onResult: (r, done, total) => progress.result(r, done, total),
    signal: interruption.signal,
  });
  progress.finish();
  const paths = await writeReports(args.report, report, secrets);
  const client = report.metrics.client as { exit: string; stoppedAfter?: string; runMs: number; mcpRequests: number; tokenRequests: number; metadataFetches: number };
  const lines = [`the client ${client.exit} after ${(client.runMs / 1000).toFixed(1)} s: ${client.mcpRequests} MCP requests, ${client.tokenRequests} token requests, ${client.metadataFetches} metadata fetches`];
  if (client.stoppedAfter) lines.push(`the client did not exit by itself: it was stopped at --timeout; its last request was ${client.stoppedAfter}`);
  process.stdout.write(redactText(lines.join('\n') + '\n', secrets));
  printSummary(process.stdout, report, paths, secrets);
  return exitCodeFor(report);
}

function seconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number of seconds greater than 0 (got ${JSON.stringify(value)})`);
  return n;
}
