// The test IdP (fixtures/idp) for suites: as a child process, or as a container built from
// fixtures/images/idp.Dockerfile (host networking, labelled like every container the harness
// starts). Both configured by the same environment; both ready when discovery answers.
import path from 'node:path';
import { startContainerTarget } from '../../../src/targets/container-target.ts';
import { startJsonReadyProgram } from '../../../src/targets/json-ready-program.ts';
import { freePort } from '../../../src/targets/template.ts';
import type { IdpClient } from '../../../fixtures/idp/provider.ts';
import { IDP_IMAGE, ROOT } from '../images.ts';

export interface IdpSetup {
  resource: string;
  clients: IdpClient[];
  accounts?: Record<string, string[]>;
  accessTokenTtlSeconds?: number;
  alg?: 'RS256' | 'ES256';
}

export interface StartedIdp {
  issuer: string;
  jwksUrl: string;
  stop(): Promise<void>;
}

function environment(setup: IdpSetup, port: number): Record<string, string> {
  return {
    PORT: String(port),
    IDP_RESOURCE: setup.resource,
    IDP_CLIENTS: JSON.stringify(setup.clients),
    IDP_ACCOUNTS: JSON.stringify(setup.accounts ?? {}),
    ...(setup.accessTokenTtlSeconds ? { IDP_ACCESS_TOKEN_TTL: String(setup.accessTokenTtlSeconds) } : {}),
    ...(setup.alg ? { IDP_ALG: setup.alg } : {}),
  };
}

export async function startIdpProcess(setup: IdpSetup, timeoutMs = 15_000): Promise<StartedIdp> {
  const program = await startJsonReadyProgram<{ issuer: string }>('idp', path.join(ROOT, 'fixtures/idp/main.ts'), environment(setup, 0), timeoutMs);
  const { issuer } = program.ready;
  return { issuer, jwksUrl: `${issuer}/jwks`, stop: program.stop };
}

/** Needs the image: buildProjectImages() first. */
export async function startIdpContainer(setup: IdpSetup): Promise<StartedIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const running = await startContainerTarget({
    container: { image: IDP_IMAGE },
    env: environment(setup, port),
    url: `${issuer}/.well-known/openid-configuration`,
    readyTimeoutMs: 20_000,
    redact: (l) => l,
  });
  return { issuer, jwksUrl: `${issuer}/jwks`, stop: () => running.stop() };
}
