// Config files that would hang, crash or end the harness get one line instead (issue 15 item 7,
// the parts outside the schema): too big, or code that never finishes loading or ends the process.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importConfigModule } from './config-module.ts';
import { loadConfig } from './load.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harness-config-load-'));
});

async function file(name: string, text: string): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, text);
  return f;
}

const VALID = { target: { url: 'http://127.0.0.1:1/mcp' }, auth: { profile: 'jwks' } };

describe('loadConfig refuses, in one line', () => {
  it('a config file over 1 MB, before parsing it', async () => {
    const big = await file('big.yaml', `target: { url: "http://127.0.0.1:1/mcp" }\nauth: { profile: jwks }\n${'# padding padding padding\n'.repeat(60_000)}`);
    const started = performance.now();
    await expect(loadConfig(big)).rejects.toThrow(/big\.yaml: 1\.\d MB is too big for a config file \(at most 1 MB\)/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('something that is not a file', async () => {
    await expect(loadConfig(dir + '/')).rejects.toThrow(/not a file/);
  });

  it('a TS config calling process.exit(0): the harness lives on', async () => {
    const f = await file('exits.config.ts', `process.exit(0);\nexport default ${JSON.stringify(VALID)};\n`);
    await expect(loadConfig(f)).rejects.toThrow(/exits\.config\.ts: stopped before exporting a config/);
    const g = await file('exits3.config.mjs', `process.exit(3);\n`);
    await expect(loadConfig(g)).rejects.toThrow(/ended with process\.exit\(3\) while loading/);
  });

  it('a TS config whose top-level await never settles', async () => {
    const f = await file('never.config.ts', `await new Promise(() => {});\nexport default ${JSON.stringify(VALID)};\n`);
    await expect(loadConfig(f)).rejects.toThrow(/never\.config\.ts: stopped before exporting a config \(a top-level await that never settles/);
  });

  it('a TS config that never finishes (an endless loop): stopped at the time limit', async () => {
    const f = await file('loop.config.ts', `while (true) {}\nexport default {};\n`);
    const started = performance.now();
    await expect(importConfigModule(f, 1000)).rejects.toThrow(/loop\.config\.ts: did not finish loading within 1 s/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('a TS config exporting something that is not data', async () => {
    const f = await file('fn.config.mjs', `export default { ...${JSON.stringify(VALID)}, hook: () => 1 };\n`);
    await expect(loadConfig(f)).rejects.toThrow(/fn\.config\.mjs: its default export is not plain data/);
  });

  it('a TS config that throws', async () => {
    const f = await file('throws.config.ts', `throw new Error('nope');\n`);
    await expect(loadConfig(f)).rejects.toThrow(/throws\.config\.ts: cannot load: nope/);
  });
});

it('a TS config with plain data loads', async () => {
  const f = await file('ok.config.ts', `const config: object = ${JSON.stringify(VALID)};\nexport default config;\n`);
  expect((await loadConfig(f)).target.url).toBe('http://127.0.0.1:1/mcp');
});
