// Dependencies run one way: CLI and library faces (index, createHarness) → families (scenarios/) → engine. The engine (every
// folder of src/ but the faces and the embedded reference) imports neither scenarios/ nor fixtures/
// nor the reference server.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';

/** The top of the graph: they may import anything. */
const FACES = ['src/cli/', 'src/index.ts', 'src/create-harness.ts', 'src/reference/'];

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

it('no engine file imports scenarios/, fixtures/ or the embedded reference', async () => {
  const offenders: string[] = [];
  for (const file of await files('src')) {
    if (FACES.some((f) => file.startsWith(f)) || file.endsWith('.test.ts')) continue;
    const text = await readFile(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (!spec.startsWith('.')) continue;
      const target = path.relative('.', path.resolve(path.dirname(file), spec));
      if (/^(scenarios|fixtures)\//.test(target) || target.startsWith('src/reference/')) offenders.push(`${file} → ${target}`);
    }
  }
  expect(offenders).toEqual([]);
});
