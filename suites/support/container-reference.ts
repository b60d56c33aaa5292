// The embedded reference's config (identities, RBAC, sessions… as the CLI uses it), with the
// target started as a container or as the compose service instead of a process.
import type { ConfigInput } from '../../src/config/config.ts';
import { referenceConfig } from '../../src/reference/harness-config.ts';
import { BASE_IMAGE, REFERENCE_IMAGE, ROOT } from './images.ts';

type Options = Parameters<typeof referenceConfig>[0];

export function containerReferenceConfig(opts: Options = {}, image = REFERENCE_IMAGE): ConfigInput {
  const config = referenceConfig(opts);
  const { command: _, ...target } = config.target;
  return { ...config, target: { ...target, container: { image } } };
}

/** The `reference` service of docker-compose.test.yml, fed this run's issuer through compose variables. */
export function composeReferenceConfig(opts: { flaw?: string } = {}): ConfigInput {
  const config = referenceConfig({ flaw: opts.flaw });
  const { command: _, env: __, ...target } = config.target;
  return {
    ...config,
    target: {
      ...target,
      compose: { file: `${ROOT}docker-compose.test.yml`, service: 'reference', build: false },
      env: {
        REFERENCE_PORT: '${target.port}',
        ISSUER_URL: '${issuer.url}',
        JWKS_URL: '${issuer.jwksUrl}',
        AUDIENCE: '${target.resource}',
        UPSTREAM_URL: '${issuer.canaryUrl}',
        FLAW: opts.flaw ?? '',
        BASE_IMAGE,
      },
    },
  };
}
