#!/usr/bin/env node
// The CLI entry. Plain JavaScript that any Node parses, so an old Node gets one clear line.
// Installed from npm it runs the built dist/; in a clone (src/ present) it runs the TypeScript
// sources directly, which needs Node's type stripping (22.18 and later).
import { existsSync } from 'node:fs';
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
const fromSources = existsSync(new URL('../src/cli/main.ts', import.meta.url));
const [needMajor, needMinor] = fromSources ? [22, 18] : [22, 0];
if (major < needMajor || (major === needMajor && minor < needMinor)) {
  const what = fromSources ? 'mcp-auth-harness run from its sources' : 'mcp-auth-harness';
  process.stderr.write(`${what} needs Node >= ${needMajor}${needMinor ? `.${needMinor}` : ''} (this is ${process.version})\n`);
  process.exit(2);
}

// V8's code cache on disk (in TMPDIR): later runs load the harness in about half the time.
module.enableCompileCache?.();

if (fromSources) {
  const { resolveOwnNameToSources } = await import('../src/source-condition.ts');
  resolveOwnNameToSources();
}
const { cli } = await import(fromSources ? '../src/cli/main.ts' : '../dist/src/cli/main.js');
await cli(process.argv.slice(2));
