// Container and compose targets in a config file: accepted shapes, one-line refusals, paths
// relative to the config file.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.ts';
import '../../scenarios/index.ts';
import { ConfigError } from './config-error.ts';
import { parseConfig as validateConfig } from './parse.ts';

const auth = { profile: 'jwks' };
const url = 'http://127.0.0.1:${target.port}/mcp';
const validate = (target: Record<string, unknown>, extra: Record<string, unknown> = {}) => validateConfig({ target: { url, ...target }, auth, ...extra }, 'h.yaml');

describe('target.container and target.compose', () => {
  it('accepts an image, a build, a compose service, and a fixed issuer port', () => {
    expect(validate({ container: { image: 'my/server:1' } }).target.container).toEqual({ image: 'my/server:1' });
    expect(validate({ container: { build: { context: '.', dockerfile: 'Dockerfile.mcp', args: { BASE_IMAGE: 'node:24-slim' } } } }).target.container?.build?.dockerfile).toBe(
      'Dockerfile.mcp',
    );
    expect(validate({ compose: { file: 'compose.yml', service: 'mcp', profiles: ['flaws'], build: false } }).target.compose?.service).toBe('mcp');
    expect(validate({}, { issuer: { port: 9400 } }).issuer).toEqual({ port: 9400 });
  });

  it.each([
    [{ command: 'node s.js', container: { image: 'x' } }, 'h.yaml: target has command and container: give at most one way to start the target'],
    [{ container: { image: 'x' }, compose: { file: 'c.yml', service: 's' } }, 'h.yaml: target has container and compose: give at most one way to start the target'],
    [{ container: {} }, 'h.yaml: target.container needs exactly one of image or build'],
    [{ container: { image: 'x', build: { context: '.' } } }, 'h.yaml: target.container needs exactly one of image or build'],
    [{ container: { image: 'x', network: 'bridge' } }, 'h.yaml: target.container.network is not a known setting (expected one of: image, build)'],
    [{ container: { build: { dockerfile: 'Dockerfile' } } }, 'h.yaml: target.container.build.context must be a non-empty string'],
    [{ container: { build: { context: '.', args: { N: 1 } } } }, 'h.yaml: target.container.build.args.N must be a string'],
    [{ container: { image: 'x' }, cwd: 'sub' }, 'h.yaml: target.cwd applies to command targets only (not container)'],
    [{ compose: { file: 'c.yml' } }, 'h.yaml: target.compose.service must be a non-empty string'],
    [{ compose: { file: 'c.yml', service: 's', profiles: 'flaws' } }, 'h.yaml: target.compose.profiles must be a list of profile names'],
    [{ compose: { file: 'c.yml', service: 's', build: 'yes' } }, 'h.yaml: target.compose.build must be true or false'],
  ])('refuses %j in one line', (target, message) => {
    expect(() => validate(target)).toThrow(ConfigError);
    expect(() => validate(target)).toThrow(message);
  });

  it.each([[{ port: 0 }], [{ port: 70000 }], [{ port: '9400' }], [{ host: '0.0.0.0' }]])('refuses issuer %j', (issuer) => {
    expect(() => validate({}, { issuer })).toThrow(/^h\.yaml: issuer\.(port must be a port number|host is not a known setting)/);
  });

  it('resolves the build context and the compose file against the config file, not the working directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'harness-config-'));
    await writeFile(path.join(dir, 'a.yaml'), `target:\n  url: ${url}\n  container:\n    build: { context: ./server }\nauth: { profile: jwks }\n`);
    await writeFile(path.join(dir, 'b.yaml'), `target:\n  url: ${url}\n  compose: { file: ../stack/compose.yml, service: mcp }\nauth: { profile: jwks }\n`);
    expect((await loadConfig(path.join(dir, 'a.yaml'))).target.container?.build?.context).toBe(path.join(dir, 'server'));
    expect((await loadConfig(path.join(dir, 'b.yaml'))).target.compose?.file).toBe(path.join(path.dirname(dir), 'stack', 'compose.yml'));
    expect((await loadConfig(path.join(dir, 'a.yaml'))).target.cwd).toBeUndefined();
  });
});
