// Start-to-first-check time of the reference target, per kind: from runHarness() being called
// (issuer start included) to the first check's verdict. Median of N runs, after one warm-up run.
//   npx node scripts/measure-container-start.ts [N]      (needs a Docker engine and the images:
//   npx vitest run suites/containers.test.ts builds them, or see fixtures/images/)
import type { HarnessConfig } from '../src/config/config.ts';
import { runHarness } from '../src/runner/harness.ts';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { catalogue } from '../scenarios/index.ts';
import { composeReferenceConfig, containerReferenceConfig } from '../suites/support/container-reference.ts';
import { ROOT } from '../suites/support/images.ts';

const runs = Number(process.argv[2] ?? 5);
const checks = catalogue.filter((c) => c.family === 'headers').slice(0, 1);

function fromDockerfile(): HarnessConfig {
  const config = containerReferenceConfig();
  config.target.container = {
    build: { context: ROOT, dockerfile: 'fixtures/images/reference.Dockerfile', args: { BASE_IMAGE: 'mcp-auth-harness/node-base:24' } },
  };
  return config;
}

const kinds: [string, () => HarnessConfig][] = [
  ['process (command)', () => referenceConfig()],
  ['container (image)', () => containerReferenceConfig()],
  ['container (Dockerfile, cached build)', fromDockerfile],
  ['compose service', () => composeReferenceConfig()],
];

async function once(config: HarnessConfig): Promise<number> {
  const started = performance.now();
  let first = 0;
  await runHarness(config, { checks, onResult: () => (first ||= performance.now() - started) });
  return first;
}

for (const [name, config] of kinds) {
  await once(config());
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(config()));
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${name.padEnd(38)} median ${Math.round(median)} ms  (min ${Math.round(times[0]!)}, max ${Math.round(times.at(-1)!)}, n=${runs})`);
}
