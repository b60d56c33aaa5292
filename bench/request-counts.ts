// How many requests each check sends to the target, measured against the embedded reference
// (every revision it speaks, profile jwks): what a remote run announces up front. Each check runs
// alone, one revision at a time, with its family's positive control (as a run sends it), so
// checks that overlap in a real run are still counted apart. Rerun after changing a check:
// `node bench/request-counts.ts` rewrites src/runner/request-counts.json.
import { writeFile } from 'node:fs/promises';
import { parseConfig } from '../src/config/parse.ts';
import { limitRate, requestsSent } from '../src/probe/rate-limit.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { runHarness } from '../src/runner/harness.ts';
import { freePort } from '../src/targets/template.ts';
import { catalogue, families } from '../scenarios/index.ts';

const perCheck: Record<string, number[]> = {};
for (const revision of referenceConfig().target.revisions ?? []) {
  const port = await freePort();
  const input = referenceConfig();
  input.target.url = `http://127.0.0.1:${port}/mcp`;
  input.target.env = { ...input.target.env, PORT: String(port) };
  input.target.revisions = [revision];
  const config = parseConfig(input, 'reference', families);
  const url = config.target.url;
  const undo = limitRate(url, 1_000_000); // no cap: only the counter
  const checks = catalogue.filter((c) => c.revisions.includes(revision));
  await runHarness(config, {
    checks,
    drive: async (runBatch) => {
      for (const check of checks) {
        const before = requestsSent(url);
        await runBatch([check]);
        (perCheck[check.id] ??= []).push(requestsSent(url) - before);
      }
    },
  });
  undo();
  process.stderr.write(`  ${revision}: ${checks.length} checks\n`);
}
// Per check: the most any revision needed (a remote run announces an upper estimate).
const counts = Object.fromEntries(catalogue.map((c) => [c.id, Math.max(...(perCheck[c.id] ?? [0]))]));
await writeFile(new URL('../src/runner/request-counts.json', import.meta.url), JSON.stringify(counts, null, 2) + '\n');
console.log(`${Object.keys(counts).length} checks, ${Object.values(perCheck).flat().reduce((a, b) => a + b, 0)} requests in all`);
