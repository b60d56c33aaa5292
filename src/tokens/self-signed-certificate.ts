// A self-signed X.509 v3 certificate for a key pair, in DER: what an attacker puts in a token's
// `x5c` header or behind its `x5u` URL. node:crypto reads certificates but cannot write one, so the
// few DER structures a certificate needs are built here (RFC 5280 §4.1). Made per run, never stored.
import crypto, { type KeyObject } from 'node:crypto';

export interface CertificateOptions {
  commonName: string;
  validDays?: number;
}

/** DER of a certificate whose subject and issuer are `commonName`, signed by `privateKey` itself. */
export function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, opts: CertificateOptions): Buffer {
  const { algorithm, sign } = signatureScheme(privateKey);
  const name = sequence(set(sequence(oid('2.5.4.3'), utf8(opts.commonName))));
  const now = Date.now();
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(crypto.randomBytes(16)),
    algorithm,
    name,
    sequence(utcTime(new Date(now - 60_000)), utcTime(new Date(now + (opts.validDays ?? 1) * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  return sequence(tbs, algorithm, bitString(sign(tbs)));
}

/** PEM armour for a DER certificate. */
export function certificatePem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function signatureScheme(key: KeyObject): { algorithm: Buffer; sign: (tbs: Buffer) => Buffer } {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { algorithm: sequence(oid('1.2.840.10045.4.3.2')), sign: (tbs) => crypto.sign('sha256', tbs, { key, dsaEncoding: 'der' }) };
    case 'rsa':
      return { algorithm: sequence(oid('1.2.840.113549.1.1.11'), NULL), sign: (tbs) => crypto.sign('sha256', tbs, key) };
    case 'ed25519':
      return { algorithm: sequence(oid('1.3.101.112')), sign: (tbs) => crypto.sign(null, tbs, key) };
    default:
      throw new Error(`no certificate signature scheme for ${key.asymmetricKeyType} keys`);
  }
}

const NULL = Buffer.from([0x05, 0x00]);

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  if (n < 0x80) return Buffer.concat([Buffer.from([tag, n]), content]);
  const length: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) length.unshift(rest & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | length.length, ...length]), content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));
const explicit = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
function integer(bytes: Buffer): Buffer {
  const trimmed = bytes.subarray(Math.max(0, bytes.findIndex((b) => b !== 0)));
  const body = trimmed.length === 0 ? Buffer.from([0]) : trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
  return tlv(0x02, body);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) base128.unshift((v & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** UTCTime, YYMMDDHHMMSSZ (valid for years 1950–2049, RFC 5280 §4.1.2.5.1). */
function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-11-30T08:00:00.000Z
  return tlv(0x17, Buffer.from(`${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`, 'ascii'));
}
