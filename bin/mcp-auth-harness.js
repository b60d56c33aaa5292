#!/usr/bin/env node
// Needs Node >= 22.18 (TypeScript sources run by type stripping).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`mcp-auth-harness needs Node >= 22.18 (this is ${process.version}); run it through npm/npx in this repo, which use the Node it installs\n`);
  process.exit(2);
}
const { cli } = await import('../src/cli/main.ts');
await cli(process.argv.slice(2));
