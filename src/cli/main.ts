// mcp-auth-harness: run | load | list. Exit 0 nothing failed, 1 something failed, 2 the harness could not run.
import { parseArgs } from 'node:util';
import { families } from '../../scenarios/index.ts';
import { runTeardowns } from '../runner/teardown.ts';
import { VERSION } from '../version.ts';
import { clientCommand } from './client.ts';
import { handleInterrupts, interruption } from './interrupts.ts';
import { listCommand } from './list.ts';
import { loadCommand } from './load.ts';
import { runCommand } from './run.ts';
import { UsageError } from './usage-error.ts';

const HELP = `mcp-auth-harness ${VERSION} — conformance harness for authenticated MCP servers

Usage:
  mcp-auth-harness run [options]     run the catalogue (no --config: against the embedded reference)
  mcp-auth-harness list [--json]     print the catalogue
  mcp-auth-harness load [options]    the k6 load scripts (overhead, isolation, refresh) against target + auth-off twin
  mcp-auth-harness client --command "CMD" [options]
                                     test an MCP client or proxy: the harness is its issuer and MCP server

Run options:
  --config FILE        target, auth profile, identities (JSON, YAML or TS)
  --flaw NAME          run against the embedded reference with that defect switched on
  --only FAMILY,...    only these families (${families.map((f) => f.name).join(', ')})
  --strict             SHOULD and hardening violations fail too (default: they warn)
  --report DIR         where the reports go (default: reports); checked before the run
  --format F,...       which reports to write: json, junit, markdown, sarif, html (default: all)
  --baseline FILE      known failures; an entry that no longer fails is reported
  --allow-remote       allow a target that is not on a loopback address (https: target.ca or
                       NODE_EXTRA_CA_CERTS for a private CA); without --only, the load and
                       concurrency checks stay off for it
  --max-rps N          requests per second to a remote target (default 20)

Load options (also --config, --flaw, --report, --allow-remote; k6 from K6_BIN, PATH or the grafana/k6 image):
  --script NAME,...    overhead, isolation, refresh (default: all three)
  --revision R         protocol revision to load (default: the config's first)
  --rate N             iterations per second, constant arrival rate (default 50)
  --duration D         measured duration, k6 syntax (default 30s); --warmup D (default 5s, not judged)
  --vus N, --max-vus N pre-allocated and maximum VUs (default 10, 50)
  --threshold-ms N     p(95) of the paired overhead must stay below this (default 10)
  --identities N       distinct identities in the token pool (default 4)
  --access-ttl S       lifetime of the issuer's access tokens for the refresh script (default 10)

Client options (the command gets MCP_HARNESS_MCP_URL, MCP_HARNESS_TOKEN_URL, MCP_HARNESS_USERS, …
and runs the workload in src/client/contract.ts; \`node\` in it is the harness's own Node):
  --command "CMD"      the program under test, run by the shell in the current directory
  --report DIR         where the reports go (default: reports/client)
  --timeout S          how long the program may run (default 60)
  --token-ttl S        lifetime of the access tokens the issuer hands out (default 300)
  --strict             SHOULD and hardening violations fail instead of warning
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(VERSION + '\n');
    return 0;
  }
  if (command === 'run') {
    const { values } = parse(rest, {
      config: { type: 'string' },
      flaw: { type: 'string' },
      only: { type: 'string' },
      report: { type: 'string', default: 'reports' },
      format: { type: 'string' },
      baseline: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'allow-remote': { type: 'boolean', default: false },
      'max-rps': { type: 'string' },
    });
    return runCommand(values as Parameters<typeof runCommand>[0]);
  }
  if (command === 'load') {
    const { values } = parse(rest, {
      config: { type: 'string' },
      flaw: { type: 'string' },
      script: { type: 'string' },
      revision: { type: 'string' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      vus: { type: 'string' },
      'max-vus': { type: 'string' },
      'threshold-ms': { type: 'string' },
      identities: { type: 'string' },
      'access-ttl': { type: 'string' },
      report: { type: 'string', default: 'reports' },
      'allow-remote': { type: 'boolean', default: false },
    });
    return loadCommand(values as Parameters<typeof loadCommand>[0]);
  }
  if (command === 'client') {
    const { values } = parse(rest, {
      command: { type: 'string' },
      report: { type: 'string', default: 'reports/client' },
      timeout: { type: 'string' },
      'token-ttl': { type: 'string' },
      strict: { type: 'boolean', default: false },
    });
    return clientCommand(values as Parameters<typeof clientCommand>[0]);
  }
  if (command === 'list') {
    const { values } = parse(rest, { json: { type: 'boolean', default: false } });
    return listCommand({ json: (values as { json?: boolean }).json === true });
  }
  throw new UsageError(`unknown command "${command}" (expected run, load, client or list; see --help)`);
}

function parse(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

export async function cli(argv: string[]): Promise<void> {
  handleInterrupts();
  // A crash outside main()'s own error path must not leave the target's containers behind either.
  const crash = async (e: unknown) => {
    process.stderr.write(`mcp-auth-harness: crashed: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}\n`);
    await runTeardowns();
    process.exit(2);
  };
  process.once('uncaughtException', crash);
  process.once('unhandledRejection', crash);
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    if (interruption.signal.aborted) return; // the interrupt handler stops, reports and exits
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`mcp-auth-harness: ${message.split('\n')[0]}\n`);
    if (process.env.DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    await runTeardowns();
    code = 2;
  }
  if (!interruption.signal.aborted) process.exitCode = code;
}
