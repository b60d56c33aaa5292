// Loads a config file: JSON, YAML or TypeScript/JavaScript (default export).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import type { HarnessConfig } from './config.ts';
import { resolveContainerPaths } from './container-target.ts';
import { ConfigError, validateConfig } from './validate.ts';

export async function loadConfig(file: string): Promise<HarnessConfig> {
  const abs = path.resolve(file);
  const ext = path.extname(abs).toLowerCase();
  let raw: unknown;
  if (['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    try {
      raw = ((await import(pathToFileURL(abs).href)) as { default?: unknown }).default;
    } catch (e) {
      throw new ConfigError(`${file}: cannot load: ${firstLine(e)}`);
    }
  } else {
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (e) {
      throw new ConfigError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLine(e)}`);
    }
    try {
      raw = ext === '.json' ? JSON.parse(text) : YAML.parse(text);
    } catch (e) {
      throw new ConfigError(`${file}: not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${firstLine(e)}`);
    }
  }
  const config = validateConfig(raw, file);
  // Relative working directories are relative to the config file.
  if (config.target.cwd) config.target.cwd = path.resolve(path.dirname(abs), config.target.cwd);
  else if (config.target.command) config.target.cwd = path.dirname(abs);
  const twin = config.target.baseline;
  if (twin?.command) twin.cwd = path.resolve(path.dirname(abs), twin.cwd ?? '.');
  resolveContainerPaths(config.target, path.dirname(abs));
  return config;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
