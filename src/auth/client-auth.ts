// How the harness authenticates to the token endpoint as an OAuth client (RFC 6749 §2.3,
// OpenID Connect Core §9): client_secret_basic, client_secret_post, private_key_jwt (RFC 7523),
// or none (a public client refreshing a stored login).
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

export const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export interface OAuthClient {
  id: string;
  method: ClientAuthMethod;
  secret?: string;
  /** private_key_jwt: the client's signing key and the kid the IdP registered it under. */
  privateKey?: KeyObject;
  keyId?: string;
  /** private_key_jwt: alg of the assertion; default from the key (RS256, ES256/384/512, EdDSA). */
  alg?: string;
}

/** The headers and form fields that authenticate `client` at `tokenEndpoint`. */
export async function clientAuthentication(client: OAuthClient, tokenEndpoint: string): Promise<{ headers: Record<string, string>; form: Record<string, string> }> {
  switch (client.method) {
    case 'client_secret_basic': {
      // §2.3.1: each part form-urlencoded before the Basic encoding.
      const basic = Buffer.from(`${formEncode(client.id)}:${formEncode(client.secret ?? '')}`).toString('base64');
      return { headers: { authorization: `Basic ${basic}` }, form: {} };
    }
    case 'client_secret_post':
      return { headers: {}, form: { client_id: client.id, client_secret: client.secret ?? '' } };
    case 'private_key_jwt':
      return {
        headers: {},
        form: {
          client_id: client.id,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await clientAssertion(client, tokenEndpoint),
        },
      };
    case 'none':
      return { headers: {}, form: { client_id: client.id } };
  }
}

/** RFC 7523 §3: iss = sub = client_id, aud = the token endpoint, short-lived, unique jti. */
async function clientAssertion(client: OAuthClient, tokenEndpoint: string): Promise<string> {
  if (!client.privateKey) throw new Error(`client ${client.id}: private_key_jwt needs a private key`);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: client.alg ?? algFor(client.privateKey), ...(client.keyId ? { kid: client.keyId } : {}), typ: 'JWT' })
    .setIssuer(client.id)
    .setSubject(client.id)
    .setAudience(tokenEndpoint)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(client.privateKey);
}

/** A private key from PEM (PKCS#8, SEC1, PKCS#1) or a private JWK (JSON text). */
export function parsePrivateKey(text: string, where: string): KeyObject {
  try {
    const trimmed = text.trim();
    const key = trimmed.startsWith('{') ? createPrivateKey({ key: JSON.parse(trimmed), format: 'jwk' }) : createPrivateKey(trimmed);
    return key;
  } catch {
    throw new Error(`${where}: not a private key (PEM, or a private JWK as JSON)`);
  }
}

export function algFor(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'secp384r1' ? 'ES384' : curve === 'secp521r1' ? 'ES512' : 'ES256';
  }
  throw new Error(`a ${type ?? 'symmetric'} key cannot sign a client assertion`);
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}
