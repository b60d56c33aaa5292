// The k6-operator TestRun stays in step with the scripts: the file it runs exists, every -e it
// passes is a setting the script reads, and the settings it gives are valid.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { overheadOptions } from '../../src/load/model/k6-options.ts';
import { LOAD_ENV, readLoadSettings } from '../../src/load/model/load-settings.ts';

const manifest = YAML.parse(readFileSync(new URL('../../deploy/k6-operator/testrun-overhead.yaml', import.meta.url), 'utf8'));

describe('deploy/k6-operator/testrun-overhead.yaml', () => {
  it('is a TestRun of the overhead script from a volume claim', () => {
    expect(manifest).toMatchObject({ apiVersion: 'k6.io/v1alpha1', kind: 'TestRun', spec: { parallelism: expect.any(Number) } });
    const file: string = manifest.spec.script.volumeClaim.file;
    expect(existsSync(new URL(`../../${file}`, import.meta.url))).toBe(true);
  });

  it('passes settings the script reads, and they are valid', () => {
    const args: string[] = manifest.spec.arguments.split(/\s+/);
    // the token pool comes from a secret source (read at run time), never from a file the script opens
    expect(args).toContain(`--secret-source=file=${manifest.spec.runner.volumeMounts[0].mountPath}/pool.secret`);
    const env: Record<string, string> = {};
    args.forEach((a, i) => {
      if (a === '-e') {
        const [k, ...v] = args[i + 1].split('=');
        env[k] = v.join('=');
      }
    });
    const settings = readLoadSettings(env, 'overhead');
    expect(overheadOptions(settings).thresholds.auth_overhead_ms).toEqual(['p(95)<10']);
    for (const name of Object.keys(env)) expect(LOAD_ENV, name).toContain(name);
  });
});
