// The embedded reference as the MCP server a client under test talks to (`mcp-auth-harness
// client`): it trusts the run's issuer and names the gate as its resource and authorization server.
import type { StartMcpServer } from '../client-harness/run-client-harness.ts';
import { startReference } from './launch.ts';

/** A loaded CI machine can take a while to start a Node process that imports the SDK. */
const READY_MS = 30_000;

export const referenceMcpServer: StartMcpServer = (trust) =>
  startReference(
    {
      AUTH: 'jwks',
      JWKS_URL: trust.jwksUrl,
      ISSUER: trust.issuer,
      AUDIENCE: trust.audience,
      RESOURCE_URI: trust.audience,
      AUTHORIZATION_SERVERS: trust.authorizationServer,
      CLOCK_SKEW_SECONDS: '0', // tokens expire when they say
    },
    READY_MS,
  );
