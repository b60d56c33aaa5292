// Entry: the harness issuer on its own (`node src/issuer/main.ts`), as the issuer image runs it —
// e.g. in docker-compose.test.yml, so the stack can be tried without the harness. Keys are made
// at start and live only in this process. One JSON ready line on stdout, never a secret.
//
//   PORT            default 9400 (0: the OS picks)
//   HOST            default 127.0.0.1; loopback only, like the harness's own issuer
//   RESOURCE        required: the audience (aud) of the access tokens it issues
//   ALG             ES256 (default) | RS256 | EdDSA
//   CLIENT_ID, CLIENT_SECRET   optional: a confidential client (both or neither)
//   CLIENT_SUBJECT  default CLIENT_ID · CLIENT_ROLES comma list, default "user"
//   CLIENT_REDIRECT_URIS  comma list: the client's redirect URIs for the code flow (a loopback
//                   IP literal matches any port, e.g. http://127.0.0.1/callback)
// The client's identity is also the user every authorization request is approved for, unless
// the request names another with login_hint: dynamically registered clients get codes too.
import { SIGNING_ALGS, type SigningAlg } from '../tokens/keys.ts';
import { startIssuer, type IssuerClient } from './issuer.ts';

type Env = Record<string, string | undefined>;

export interface IssuerMainSettings {
  host: string;
  port: number;
  resource: string;
  alg: SigningAlg;
  client?: IssuerClient & { clientSecret: string };
}

export function readIssuerSettings(env: Env): IssuerMainSettings {
  const port = Number(env.PORT ?? 9400);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (got ${env.PORT})`);
  if (!env.RESOURCE || !URL.canParse(env.RESOURCE)) throw new Error('RESOURCE must be the absolute URL of the resource the tokens are for');
  const alg = (env.ALG ?? 'ES256') as SigningAlg;
  if (!SIGNING_ALGS.includes(alg)) throw new Error(`ALG must be one of ${SIGNING_ALGS.join(', ')} (got ${env.ALG})`);
  if (Boolean(env.CLIENT_ID) !== Boolean(env.CLIENT_SECRET)) throw new Error('CLIENT_ID and CLIENT_SECRET go together');
  if (env.CLIENT_REDIRECT_URIS && !env.CLIENT_ID) throw new Error('CLIENT_REDIRECT_URIS needs CLIENT_ID and CLIENT_SECRET');
  const redirectUris = list(env.CLIENT_REDIRECT_URIS);
  const client = env.CLIENT_ID
    ? {
        clientId: env.CLIENT_ID,
        clientSecret: env.CLIENT_SECRET!,
        subject: env.CLIENT_SUBJECT || env.CLIENT_ID,
        roles: list(env.CLIENT_ROLES ?? 'user'),
        ...(redirectUris.length > 0 ? { redirectUris } : {}),
      }
    : undefined;
  return { host: env.HOST ?? '127.0.0.1', port, resource: env.RESOURCE, alg, ...(client ? { client } : {}) };
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

async function main(): Promise<void> {
  let settings: IssuerMainSettings;
  try {
    settings = readIssuerSettings(process.env);
  } catch (e) {
    process.stderr.write(`issuer: ${(e as Error).message}\n`);
    process.exit(2);
  }
  const issuer = await startIssuer({
    host: settings.host,
    port: settings.port,
    resource: settings.resource,
    alg: settings.alg,
    clients: settings.client ? [settings.client] : [],
    ...(settings.client ? { defaultUser: settings.client.subject } : {}),
  }).catch((e: Error) => {
    process.stderr.write(`issuer: ${e.message.split('\n')[0]}\n`);
    process.exit(2);
  });
  const { url, jwksUrl, metadataUrl, authorizationUrl, registrationUrl, tokenUrl } = issuer;
  process.stdout.write(`${JSON.stringify({ ready: true, url, jwksUrl, metadataUrl, authorizationUrl, registrationUrl, tokenUrl })}\n`);
  const stop = () => void issuer.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (import.meta.main) await main();
