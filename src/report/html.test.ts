import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHtml } from './html.ts';
import { costMetrics, mixedReport, sampleReport, sampleResult, withFinding } from './sample-report.ts';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const JWT = `${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64({ sub: 'alice', aud: 'http://127.0.0.1:3000/mcp' })}.c2lnbmF0dXJlLWJ5dGVzLWhlcmU`;
const PEM = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';

function fullReport() {
  const report = mixedReport();
  report.metrics = costMetrics();
  return report;
}

describe('toHtml', () => {
  it('is self-contained: nothing to fetch, and a policy that forbids fetching', () => {
    const html = toHtml(fullReport());
    expect(html).not.toMatch(/<(?:script|link|img|iframe|object|embed|source|video|audio)\b[^>]*\b(?:src|href)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'; img-src data:">/);
  });

  it('escapes everything that comes from the report', () => {
    const report = sampleReport([sampleResult({ status: 'fail', title: '<img src=x onerror=alert(1)>', reason: '"><script>alert(2)</script>' })]);
    const html = toHtml(report);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('never shows a token or a private key, wherever the report carries one', () => {
    const leaky = withFinding(sampleResult({ status: 'fail', reason: `accepted ${JWT}`, evidence: { exchanges: [{ request: `POST /mcp (Authorization: Bearer ${JWT})`, status: 200, body: JWT }], key: PEM } }), {
      impact: `an attacker replays ${JWT}`,
      fix: `never log ${JWT}`,
      requirement: { doc: 'RFC 6750', section: '§3.1', url: `https://example.test/?access_token=${JWT}`, level: 'MUST', text: JWT },
    });
    const report = sampleReport([leaky], { metrics: { target: { logs: [`token=${JWT}`] }, load: { overhead: { script: 'overhead', passed: true, durationMs: 1, thresholds: [{ metric: JWT, expression: 'p(95)<10', ok: true }], metrics: {} } } } });
    const html = toHtml(report);
    const [, payload, signature] = JWT.split('.');
    for (const leak of [JWT, payload!, signature!, 'MIGHAgEAMBMGByqGSM49']) expect(html).not.toContain(leak);
    expect(html).toContain('&lt;redacted:jwt&gt;');
  });

  it('draws only what was measured', () => {
    const bare = toHtml(mixedReport());
    expect(bare).not.toContain('id="plot-');
    expect(bare).not.toContain('Load (k6)');
    const noConcurrency = fullReport();
    delete (noConcurrency.metrics.overhead as { byConcurrency?: unknown }).byConcurrency;
    const html = toHtml(noConcurrency);
    expect(html).toContain('id="plot-overhead"');
    expect(html).not.toContain('id="plot-concurrency"');
  });
});

// The page as a person sees it: Debian's Chromium, driven by playwright-core.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    dir = await mkdtemp(join(tmpdir(), 'report-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, toHtml(fullReport()));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(pathToFileURL(file).href);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const visibleRows = () => page.locator('tr[data-statuses]:visible td:first-child').allInnerTexts();

  it('loads nothing but itself, and its script runs under its own policy', async () => {
    expect(requests).toEqual([page.url()]);
    expect(problems).toEqual([]);
    await expect.poll(() => page.locator('#shown').innerText()).toBe('6');
    expect(await page.locator('#verdict').innerText()).toBe('FAIL');
  });

  it('filters by status, family, level and text', async () => {
    for (const status of ['warn', 'error', 'pass', 'skip']) await page.locator(`input[name=status][value=${status}]`).uncheck();
    expect(await visibleRows()).toEqual(['claims.aud.foreign', 'signature.alg.none']);
    expect(await page.locator('#shown').innerText()).toBe('2');
    expect(await page.locator('.finding:visible h3').allInnerTexts()).toEqual(['FAIL A token for another audience is refused', 'FAIL alg none is refused']);
    expect(await page.locator('section.family:visible h3').allInnerTexts()).toEqual(['claims', 'signature']);

    for (const status of ['warn', 'error', 'pass', 'skip']) await page.locator(`input[name=status][value=${status}]`).check();
    await page.locator('select[name=family]').selectOption('claims');
    expect(await visibleRows()).toEqual(['claims.aud.foreign', 'claims.exp.expired']);
    await page.locator('select[name=level]').selectOption('MUST');
    expect(await visibleRows()).toEqual(['claims.aud.foreign']);
    await page.locator('select[name=family]').selectOption('');
    await page.locator('select[name=level]').selectOption('');
    await page.locator('input[name=q]').fill('ALG NONE');
    expect(await visibleRows()).toEqual(['signature.alg.none']);
    await page.locator('input[name=q]').fill('');
    expect(await page.locator('#shown').innerText()).toBe('6');
  });

  it('shows each finding with level, impact, fix and evidence', async () => {
    const finding = page.locator('#finding-claims\\.aud\\.foreign');
    const text = await finding.innerText();
    expect(text).toContain('MUST');
    expect(text).toContain('A token issued for another service works here.');
    expect(text).toContain('Check that aud contains this server’s canonical URI.');
    expect(text).toContain('POST /mcp (Authorization: Bearer <token:foreign-aud>)');
    expect(await finding.locator('a').getAttribute('href')).toBe('https://www.rfc-editor.org/rfc/rfc8707#section-2');
  });

  it('draws the latency, overhead, concurrency and k6 plots', async () => {
    // 2 revisions × (authed, twin) × (p50, p95, p99); 2 revisions × (p50, p95); 3 levels × (p50, p95).
    expect(await page.locator('#plot-latency svg circle.point').count()).toBe(12);
    expect(await page.locator('#plot-overhead svg circle.point').count()).toBe(4);
    expect(await page.locator('#plot-overhead svg line.ci').count()).toBe(4);
    expect(await page.locator('#plot-overhead svg line.marker').count()).toBe(1);
    expect(await page.locator('#plot-concurrency svg circle.point').count()).toBe(6);
    expect(await page.locator('figure.plot-k6[data-script=overhead] svg circle.point').count()).toBe(3);
    for (const id of ['#plot-latency', '#plot-overhead', '#plot-concurrency']) {
      const box = await page.locator(`${id} svg`).boundingBox();
      expect(box!.width, id).toBeGreaterThan(300);
      expect(box!.height, id).toBeGreaterThan(80);
    }
    expect(await page.locator('#load-section').innerText()).toMatch(/auth_overhead_ms\s+p\(95\)<10\s+12\.5\s+CROSSED/);
    expect(await page.locator('#load-section .load-problems').innerText()).toBe('3.2 % of checks failed (at most 1 % may)');
  });

  it('takes a screenshot a person can look at', async () => {
    const out = resolve('reports', 'screenshots', 'report-html.png');
    await mkdir(resolve('reports', 'screenshots'), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    expect((await stat(out)).size).toBeGreaterThan(20_000);
  });
});
