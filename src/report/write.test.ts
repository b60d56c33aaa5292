import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonReport } from './json.ts';
import { sampleReport, sampleResult } from './sample-report.ts';
import { writeReports } from './write.ts';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const HS256_SECRET = 'shared-hs256-secret-for-the-target';
const CLIENT_SECRET = 'cs_live_8f2b1c9d0e';
const signingInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice', aud: 'http://127.0.0.1:3000/mcp', exp: 1893456000 })}`;
const JWT = `${signingInput}.${createHmac('sha256', HS256_SECRET).update(signingInput).digest('base64url')}`;
const OPAQUE = 'opaque-access-token-7c1e5a';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';

function leakyReport() {
  return sampleReport(
    [
      sampleResult({
        status: 'fail',
        reason: `server accepted ${JWT}`,
        evidence: {
          exchanges: [
            {
              request: `POST /mcp (Authorization: Bearer ${JWT})`,
              status: 200,
              headers: { authorization: `Bearer ${OPAQUE}`, 'www-authenticate': 'Bearer realm="mcp", error="invalid_token"' },
              body: `{"echo":"${JWT}","client_secret":"${CLIENT_SECRET}","key":${JSON.stringify(PEM)}}`,
            },
          ],
          note: `token was ${JWT}; HS256 secret ${HS256_SECRET}`,
          sent: { token: JWT },
        },
      }),
      sampleResult({ id: 'claims.ok', status: 'warn', reason: `HTTP/1.1 401 Unauthorized for https://mcp.example.com/mcp?x=1`, evidence: { note: OPAQUE } }),
    ],
    { metrics: { lastToken: JWT } },
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reports-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes report.json, junit.xml, summary.md, report.sarif and report.html, creating the directory', async () => {
    const out = join(dir, 'nested', 'reports');
    const paths = await writeReports(out, sampleReport([sampleResult()]), []);
    expect(paths).toEqual({
      json: join(out, 'report.json'),
      junit: join(out, 'junit.xml'),
      markdown: join(out, 'summary.md'),
      sarif: join(out, 'report.sarif'),
      html: join(out, 'report.html'),
    });
    expect(JSON.parse(await readFile(paths.json!, 'utf8')).checks[0].id).toBe('claims.exp.expired');
    expect(await readFile(paths.junit!, 'utf8')).toMatch(/^<\?xml/);
    expect(await readFile(paths.markdown!, 'utf8')).toMatch(/^## ✅/);
    expect(JSON.parse(await readFile(paths.sarif!, 'utf8')).version).toBe('2.1.0');
    expect(await readFile(paths.html!, 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('writes only the formats asked for', async () => {
    const out = join(dir, 'some');
    const paths = await writeReports(out, sampleReport([sampleResult()]), [], ['sarif', 'json']);
    expect(paths).toEqual({ json: join(out, 'report.json'), sarif: join(out, 'report.sarif') });
    expect((await readdir(out)).sort()).toEqual(['report.json', 'report.sarif']);
  });

  it('lets no token, secret or key reach any file', async () => {
    const report = leakyReport();
    const paths = await writeReports(join(dir, 'leaky'), report, [HS256_SECRET, CLIENT_SECRET, OPAQUE]);
    const [, payload, signature] = JWT.split('.');
    expect(Object.keys(paths)).toHaveLength(5);
    for (const path of Object.values(paths)) {
      const text = await readFile(path, 'utf8');
      for (const leak of [JWT, payload!, signature!, HS256_SECRET, CLIENT_SECRET, OPAQUE, 'MIGHAgEAMBMGByqGSM49']) {
        expect(text, `${path} leaks ${leak.slice(0, 12)}…`).not.toContain(leak);
      }
    }
    const json = JSON.parse(await readFile(paths.json!, 'utf8'));
    const exchange = json.checks[0].evidence.exchanges[0];
    expect(exchange.request).toBe('POST /mcp (Authorization: Bearer <redacted:jwt>)');
    expect(exchange.headers).toEqual({ authorization: 'Bearer <redacted:credential>', 'www-authenticate': 'Bearer realm="mcp", error="invalid_token"' });
    expect(exchange.body).toBe('{"echo":"<redacted:jwt>","client_secret":"<redacted>","key":"<redacted:private-key>"}');
    expect(json.checks[0].evidence.note).toBe('token was <redacted:jwt>; HS256 secret <redacted>');
    expect(json.checks[1].reason).toBe('HTTP/1.1 401 Unauthorized for https://mcp.example.com/mcp?x=1');
    expect(json.metrics).toEqual({ lastToken: '<redacted:jwt>' });
    expect(await readFile(paths.junit!, 'utf8')).toContain('Authorization: Bearer &lt;redacted:jwt&gt;');
  });

  it('leaves the caller’s report untouched', async () => {
    const report = leakyReport();
    const before = structuredClone(report);
    await writeReports(join(dir, 'untouched'), report, [HS256_SECRET]);
    expect(report).toEqual(before);
  });
});

describe('writeJsonReport', () => {
  it('still redacts token-shaped text on its own', async () => {
    const path = await writeJsonReport(join(dir, 'json-only'), leakyReport());
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(JWT);
    expect(JSON.parse(text).tool).toBe('mcp-auth-harness');
  });
});
