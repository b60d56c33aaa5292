// The test IdP as the suites start it: a process, and a container built locally from
// fixtures/images/idp.Dockerfile. Either way the harness discovers it and gets tokens from it.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectIdp } from '../src/auth/connect-idp.ts';
import { viewJwt } from '../src/auth/jwt-view.ts';
import { describeWithDocker } from './support/docker-gate.ts';
import { NOTHING, leftBy } from './support/docker-inventory.ts';
import { startIdpContainer, startIdpProcess, type IdpSetup, type StartedIdp } from './support/idp/start-idp.ts';
import { buildProjectImages } from './support/images.ts';
import { runHarness } from '../src/runner/harness.ts';
import { catalogue } from '../scenarios/index.ts';
import { clientCredentials, oauthReferenceConfig } from './support/idp/oauth-reference.ts';

const RESOURCE = 'http://127.0.0.1:*/mcp';
const SECRET = randomBytes(18).toString('base64url');
const setup: IdpSetup = { resource: RESOURCE, clients: [{ id: 'alice', secret: SECRET, roles: ['user'] }], accessTokenTtlSeconds: 120 };

async function tokenFrom(idp: StartedIdp): Promise<Record<string, unknown>> {
  const connected = await connectIdp({ profile: 'oauth', issuer: idp.issuer }, [{ name: 'alice', client: { id: 'alice', secret: '${env.S}' } }], {
    resource: 'http://127.0.0.1:4711/mcp',
    secrets: new Set(),
    env: { S: SECRET },
  });
  return viewJwt(await connected.sources.get('alice')!.token())!.payload;
}

describe('the test IdP as a process', () => {
  it('issues JWT access tokens for a resource whose port is picked later', async () => {
    const idp = await startIdpProcess(setup);
    try {
      const claims = await tokenFrom(idp);
      expect(claims).toMatchObject({ iss: idp.issuer, sub: 'alice', aud: 'http://127.0.0.1:4711/mcp', roles: ['user'] });
      expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    } finally {
      await idp.stop();
    }
  });
});

describeWithDocker('the test IdP as a container', () => {
  beforeAll(async () => {
    await buildProjectImages();
  }, 300_000);

  it('issues the same tokens, and leaves nothing behind', async () => {
    const idp = await startIdpContainer(setup);
    try {
      expect(await tokenFrom(idp)).toMatchObject({ iss: idp.issuer, sub: 'alice', roles: ['user'] });
    } finally {
      await idp.stop();
    }
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });

  it('serves a profile-oauth run: the reference trusts the IdP in the container', async () => {
    const { env, setup: oauthSetup } = clientCredentials('IDP_CONTAINER_SUITE');
    Object.assign(process.env, env);
    const idp = await startIdpContainer(oauthSetup);
    try {
      const checks = catalogue.filter((c) => c.family === 'headers' || c.family === 'signature');
      const { report } = await runHarness(oauthReferenceConfig(idp.issuer, { prefix: 'IDP_CONTAINER_SUITE' }), { checks });
      const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
      expect(bad).toEqual([]);
      expect(report.checks.find((c) => c.id === 'signature.key-confusion')?.status).toBe('pass');
    } finally {
      await idp.stop();
      for (const k of Object.keys(env)) delete process.env[k];
    }
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  }, 120_000);
});
