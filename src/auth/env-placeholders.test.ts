import { describe, expect, it } from 'vitest';
import { resolveEnvPlaceholders, resolveEnvPlaceholdersDeep } from './env-placeholders.ts';

describe('${env.NAME} placeholders', () => {
  const env = { ALICE_SECRET: 's3cr3t-value', EMPTY: '' };

  it('fills values from the environment and registers each as a secret', () => {
    const secrets = new Set<string>();
    expect(resolveEnvPlaceholders('id:${env.ALICE_SECRET}', 'x', { env, secrets })).toBe('id:s3cr3t-value');
    expect([...secrets]).toEqual(['s3cr3t-value']);
  });

  it('leaves other placeholders for the target template', () => {
    expect(resolveEnvPlaceholders('${target.resource}', 'x', { env })).toBe('${target.resource}');
  });

  it('names the missing variable and the setting, never a value', () => {
    expect(() => resolveEnvPlaceholders('${env.NOPE}', 'identities[0].client.secret', { env })).toThrow(
      'identities[0].client.secret: the environment variable NOPE is not set',
    );
    expect(() => resolveEnvPlaceholders('${env.EMPTY}', 'auth.issuer', { env })).toThrow('auth.issuer: the environment variable EMPTY is not set');
  });

  it('walks objects and lists, with the path of the failing entry', () => {
    const secrets = new Set<string>();
    const input = { identities: [{ client: { id: 'alice', secret: '${env.ALICE_SECRET}' } }] };
    const out = resolveEnvPlaceholdersDeep(input, 'config', { env, secrets });
    expect(out.identities[0].client.secret).toBe('s3cr3t-value');
    expect(input.identities[0].client.secret).toBe('${env.ALICE_SECRET}');
    expect(() => resolveEnvPlaceholdersDeep({ a: [{ b: '${env.MISSING}' }] }, 'config', { env })).toThrow('config.a[0].b: the environment variable MISSING is not set');
  });
});
