import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactDeep, redactText } from './redact.ts';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function hs256(payload: object, secret = 'correct horse battery staple'): string {
  const signingInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k1' })}.${b64(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

const jwt = hs256({ sub: 'alice', aud: 'http://127.0.0.1:3000/mcp', exp: 1893456000, roles: ['admin'] });
const payloadSegment = jwt.split('.')[1]!;

describe('redactText: known secrets', () => {
  it('replaces every occurrence, longest first', () => {
    expect(redactText('s3cr3t-long and s3cr3t-long-er', ['s3cr3t-long', 's3cr3t-long-er'])).toBe('<redacted> and <redacted>');
  });

  it('replaces the base64, base64url and URL-encoded forms', () => {
    const secret = 'client secret/with+odd?chars';
    const text = [Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url'), encodeURIComponent(secret)].join(' ');
    expect(redactText(text, [secret])).toBe('<redacted> <redacted> <redacted>');
  });

  it('ignores empty and trivially short secrets rather than mangling text', () => {
    expect(redactText('a b c', ['', 'a'])).toBe('a b c');
  });

  it('treats secrets as literal text, not patterns', () => {
    expect(redactText('x (a+)+ y', ['(a+)+'])).toBe('x <redacted> y');
  });
});

describe('redactText: JWT-shaped values', () => {
  it.each([
    ['bare', `${jwt}`, '<redacted:jwt>'],
    ['in a request line', `POST /mcp (Authorization: Bearer ${jwt})`, 'POST /mcp (Authorization: Bearer <redacted:jwt>)'],
    ['in a JSON body', `{"token":"${jwt}","ok":true}`, '{"token":"<redacted:jwt>","ok":true}'],
    ['in a query string', `GET /mcp?access_token=${jwt}&x=1`, 'GET /mcp?access_token=<redacted:jwt>&x=1'],
    ['URL-encoded after =', `state%3D${jwt}`, 'state%3D<redacted:jwt>'],
    ['after a word and a dot', `jwt.${jwt}`, 'jwt.<redacted:jwt>'],
    ['alg none, empty signature', `${b64({ alg: 'none' })}.${payloadSegment}.`, '<redacted:jwt>'],
    ['two segments', `${b64({ alg: 'none' })}.${payloadSegment}`, '<redacted:jwt>'],
    ['JWE, five segments', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.aaaa.bbbb.cccc.dddd`, '<redacted:jwt>'],
    ['header with whitespace (not eyJ)', `${b64('{\n  "alg": "HS256"\n}')}.${payloadSegment}.sig`, '<redacted:jwt>'],
    ['six segments starting eyJ', `eyJhbGciOiJIUzI1NiJ9.a.b.c.d.e`, '<redacted:jwt>'],
  ])('%s', (_, input, expected) => {
    expect(redactText(input, [])).toBe(expected);
  });

  it('leaves no fragment of the token behind', () => {
    const out = redactText(`Bearer ${jwt}`, []);
    for (const segment of jwt.split('.')) expect(out).not.toContain(segment);
  });
});

describe('redactText: credentials in header-like text', () => {
  it.each([
    ['Authorization: Bearer opaque-token_123~+/=', 'Authorization: Bearer <redacted:credential>'],
    ['authorization: bearer opaque-token', 'authorization: bearer <redacted:credential>'],
    ['Proxy-Authorization: Basic YWxpY2U6cGFzcw==', 'Proxy-Authorization: Basic <redacted:credential>'],
    ['{"authorization":"Bearer opaque-token"}', '{"authorization":"Bearer <redacted:credential>"}'],
    ['Bearer opaque-token', 'Bearer <redacted:credential>'],
    ['Basic YWxpY2U6cGFzcw==', 'Basic <redacted:credential>'],
  ])('%s', (input, expected) => {
    expect(redactText(input, [])).toBe(expected);
  });

  it.each([
    ['refresh_token=abc.def-123&grant_type=refresh_token', 'refresh_token=<redacted>&grant_type=refresh_token'],
    ['grant_type=client_credentials&client_secret=hunter22&client_id=app', 'grant_type=client_credentials&client_secret=<redacted>&client_id=app'],
    ['{"access_token": "opaque", "refresh_token":"r-123", "expires_in": 60}', '{"access_token": "<redacted>", "refresh_token":"<redacted>", "expires_in": 60}'],
    ['{"refresh_token":"cut short by the excerpt', '{"refresh_token":"<redacted>'],
  ])('%s', (input, expected) => {
    expect(redactText(input, [])).toBe(expected);
  });
});

describe('redactText: private keys', () => {
  const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----';

  it('replaces whole PEM blocks, any key type', () => {
    expect(redactText(`key:\n${pem}\ndone`, [])).toBe('key:\n<redacted:private-key>\ndone');
    expect(redactText(pem.replaceAll('PRIVATE', 'EC PRIVATE'), [])).toBe('<redacted:private-key>');
  });

  it('replaces a block cut short, and one escaped inside JSON', () => {
    expect(redactText('-----BEGIN RSA PRIVATE KEY-----\nMIIEvQIBADANBgkq', [])).toBe('<redacted:private-key>');
    expect(redactText(JSON.stringify({ key: pem, n: 1 }), [])).toBe('{"key":"<redacted:private-key>","n":1}');
  });

  it('replaces private JWK members in JSON text', () => {
    const jwk = '{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}';
    const out = redactText(jwk, []);
    expect(out).toContain('"d":"<redacted:jwk>"');
    expect(out).toContain('"x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"');
  });

  it('leaves public keys and certificates alone', () => {
    const pub = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----';
    expect(redactText(pub, [])).toBe(pub);
  });
});

describe('redactText: ordinary text is untouched', () => {
  it.each([
    'HTTP/1.1 401 Unauthorized',
    'POST /mcp (Authorization: Bearer <token:expired>)',
    'GET /mcp?access_token=<token:valid>',
    'Bearer realm="mcp", error="invalid_token", resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
    'WWW-Authenticate: Bearer error=invalid_token, scope="tools:read tools:write"',
    'https://auth.example.com/.well-known/openid-configuration?x=1#frag',
    'claims.exp.expired v1.2.3 report.json example.com eyes.example.org turkeyJerky.com',
    'Basic scheme with a valid token is refused; Bearer tokens only',
    'MCP 2025-11-25 authorization §Token Handling, RFC 6750 §3.1, RFC 9728',
    'alice@example.com said "the password is wrong" & left <fast>',
    '{"jsonrpc":"2.0","id":1,"error":{"code":-32600,"message":"Invalid Request"}}',
    '',
  ])('%s', (text) => {
    expect(redactText(text, ['not-in-the-text'])).toBe(text);
  });

  it('is idempotent', () => {
    const once = redactText(`Authorization: Bearer ${jwt} client_secret=x1 -----BEGIN PRIVATE KEY-----\nAAAA`, ['x1yz']);
    expect(redactText(once, ['x1yz'])).toBe(once);
  });
});

describe('redactDeep', () => {
  it('redacts strings at any depth and returns a copy', () => {
    const input = { a: [{ b: `x ${jwt}` }], n: 1, t: true, nil: null, u: undefined };
    const out = redactDeep(input, []);
    expect(out).toEqual({ a: [{ b: 'x <redacted:jwt>' }], n: 1, t: true, nil: null, u: undefined });
    expect(input.a[0]!.b).toContain(jwt);
  });

  it('redacts header values and token fields by key, whatever their shape', () => {
    const out = redactDeep(
      {
        headers: { Authorization: 'Bearer !!not-base64!!', 'proxy-authorization': 'weird', 'content-type': 'text/plain' },
        tokenResponse: { access_token: 'opaque', refresh_token: 'r', token_type: 'Bearer' },
        sent: { authorization: 'Bearer <token:none>', other: 'Bearer' },
        scheme: { authorization: 'Bearer' },
      },
      [],
    );
    expect(out).toEqual({
      headers: { Authorization: 'Bearer <redacted:credential>', 'proxy-authorization': '<redacted:credential>', 'content-type': 'text/plain' },
      tokenResponse: { access_token: '<redacted>', refresh_token: '<redacted>', token_type: 'Bearer' },
      sent: { authorization: 'Bearer <token:none>', other: 'Bearer' },
      scheme: { authorization: 'Bearer' },
    });
  });

  it('redacts private members of JWK objects only', () => {
    const out = redactDeep({ jwk: { kty: 'oct', k: 'c2VjcmV0', kid: 'k1' }, plain: { k: 'kept', d: 'kept' } }, []);
    expect(out).toEqual({ jwk: { kty: 'oct', k: '<redacted:jwk>', kid: 'k1' }, plain: { k: 'kept', d: 'kept' } });
  });

  it('redacts object keys and survives cycles', () => {
    const input: Record<string, unknown> = { [jwt]: 'v' };
    input.self = input;
    const out = redactDeep(input, []) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['<redacted:jwt>', 'self']);
    expect(out.self).toBe(out);
  });
});

describe('redactText: tokens and secrets in encodings (issue 15, items 1–2)', () => {
  const secret = 'Zx9-hs256_SecretValue-0123456789abcdefGHIJK'; // 43 chars, like the issuer's
  const forms = (s: string) => ({
    base64: Buffer.from(s).toString('base64'),
    base64url: Buffer.from(s).toString('base64url'),
    hex: Buffer.from(s).toString('hex'),
    HEX: Buffer.from(s).toString('hex').toUpperCase(),
    url: encodeURIComponent(Buffer.from(s).toString('base64')),
    everyCharEscaped: [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''),
  });

  it.each(Object.entries(forms(`Bearer ${jwt}`)))('a JWT in an Authorization header echoed as %s', (_, encoded) => {
    const out = redactText(`{"echo":"${encoded}"}`, []);
    expect(out).toBe('{"echo":"<redacted:encoded>"}');
  });

  it.each(Object.entries(forms(secret)))('a known secret as %s', (_, encoded) => {
    expect(redactText(`secret=${encoded};`, [secret])).not.toContain(encoded.slice(0, 12));
  });

  it('a secret inside a larger base64 blob, at any alignment', () => {
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const blob = Buffer.from(`${prefix}{"config":{"JWT_SECRET":"${secret}"}}`).toString('base64');
      expect(redactText(`dump: ${blob}`, [secret]), prefix).toMatch(/^dump: <redacted:(encoded|jwt)>$/);
    }
  });

  it('base64 of hex of a token (two encodings deep)', () => {
    const blob = Buffer.from(Buffer.from(jwt).toString('hex')).toString('base64');
    expect(redactText(blob, [])).toBe('<redacted:encoded>');
  });

  it('base64 that starts part-way into a word', () => {
    const blob = Buffer.from(`Authorization: Bearer ${jwt}`).toString('base64');
    expect(redactText(`x${blob}`, [])).toBe('<redacted:encoded>');
  });

  it('JWT-shaped fragments: a header alone, a token cut inside its payload, a payload and signature', () => {
    const [h, p, s] = jwt.split('.');
    expect(redactText(`seen ${h} then`, [])).toBe('seen <redacted:jwt> then');
    expect(redactText(`${h}.${p!.slice(0, 10)}`, [])).toBe('<redacted:jwt>');
    expect(redactText(`${p}.${s}`, [])).toBe('<redacted:jwt>');
  });

  it('leaves ordinary encoded-looking text alone', () => {
    const text = [
      'kid-2f1c9a7e0b3d4c5e6f708192a3b4c5d6',
      Buffer.from('hello world, nothing to see here').toString('base64'),
      'f'.repeat(64),
      '/.well-known/oauth-protected-resource/mcp',
      'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
    ].join(' ');
    expect(redactText(text, [secret])).toBe(text);
  });
});
