// mcp-auth-harness: run | list. Exit 0 nothing failed, 1 something failed, 2 the harness could not run.
import { parseArgs } from 'node:util';
import { runTeardowns } from '../runner/teardown.ts';
import { VERSION } from '../version.ts';
import { listCommand } from './list.ts';
import { runCommand } from './run.ts';
import { UsageError } from './usage-error.ts';

const HELP = `mcp-auth-harness ${VERSION} — conformance harness for authenticated MCP servers

Usage:
  mcp-auth-harness run [options]     run the catalogue (no --config: against the embedded reference)
  mcp-auth-harness list [--json]     print the catalogue

Run options:
  --config FILE        target, auth profile, identities (JSON, YAML or TS)
  --flaw NAME          run against the embedded reference with that defect switched on
  --only FAMILY,...    only these families (${'headers, signature, claims, discovery, transport'})
  --report DIR         where report.json, junit.xml and summary.md go (default: reports)
  --baseline FILE      known failures; an entry that no longer fails is reported
  --allow-remote       allow a target that is not on a loopback address
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
      baseline: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
    });
    return runCommand(values as Parameters<typeof runCommand>[0]);
  }
  if (command === 'list') {
    const { values } = parse(rest, { json: { type: 'boolean', default: false } });
    return listCommand({ json: (values as { json?: boolean }).json === true });
  }
  throw new UsageError(`unknown command "${command}" (expected run or list; see --help)`);
}

function parse(args: string[], options: NonNullable<Parameters<typeof parseArgs>[0]>['options']) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

export async function cli(argv: string[]): Promise<void> {
  const interrupt = async () => {
    process.stderr.write('\ninterrupted: stopping the target and issuer…\n');
    await runTeardowns();
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`mcp-auth-harness: ${message.split('\n')[0]}\n`);
    if (process.env.DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    await runTeardowns();
    code = 2;
  }
  process.exitCode = code;
}
