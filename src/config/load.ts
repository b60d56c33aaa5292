// Loads a config file: JSON, YAML or TypeScript/JavaScript (default export, loaded in a worker).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { Family } from '../family.ts';
import { ConfigError } from './config-error.ts';
import type { ResolvedConfig } from './config.ts';
import { importConfigModule } from './config-module.ts';
import { resolveContainerPaths } from './container-target.ts';
import { parseConfig } from './parse.ts';

/** A config is a page of settings; anything bigger is a mistake or an attack, refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** `families`: whose config sections are allowed (default: every registered family). */
export async function loadConfig(file: string, families?: readonly Family[]): Promise<ResolvedConfig> {
  const abs = path.resolve(file);
  const ext = path.extname(abs).toLowerCase();
  await checkSize(file, abs);
  let raw: unknown;
  if (['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    raw = await importConfigModule(file);
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
  const config = parseConfig(raw, file, families);
  // Relative working directories are relative to the config file.
  if (config.target.cwd) config.target.cwd = path.resolve(path.dirname(abs), config.target.cwd);
  else if (config.target.command) config.target.cwd = path.dirname(abs);
  const twin = config.target.baseline;
  if (twin?.command) twin.cwd = path.resolve(path.dirname(abs), twin.cwd ?? '.');
  resolveContainerPaths(config.target, path.dirname(abs));
  resolveCredentialPaths(config, path.dirname(abs));
  return config;
}

async function checkSize(file: string, abs: string): Promise<void> {
  let size: number;
  try {
    const s = await stat(abs);
    if (!s.isFile()) throw new ConfigError(`${file}: not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : firstLine(e)}`);
  }
  if (size > MAX_CONFIG_BYTES) throw new ConfigError(`${file}: ${(size / 1024 / 1024).toFixed(1)} MB is too big for a config file (at most 1 MB)`);
}

/** CA files, token files and private key files are relative to the config file (PEM text stays as is). */
function resolveCredentialPaths(config: ResolvedConfig, dir: string): void {
  const file = (p: string) => (p.includes('-----BEGIN') || p.includes('${') ? p : path.resolve(dir, p));
  if (config.target.ca) config.target.ca = file(config.target.ca);
  if (config.auth.ca) config.auth.ca = file(config.auth.ca);
  for (const id of config.identities) {
    if (id.tokenFile) id.tokenFile = file(id.tokenFile);
    if (id.client?.privateKeyFile) id.client.privateKeyFile = file(id.client.privateKeyFile);
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
