import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check.ts';
import { toMarkdown } from './markdown.ts';
import { sampleReport, sampleResult, withFinding } from './sample-report.ts';

const fail = (id: string, extra: Partial<CheckResult> = {}) => sampleResult({ id, status: 'fail', reason: `${id} accepted`, ...extra });

describe('toMarkdown', () => {
  it('opens with a one-line PASS verdict and the summary table', () => {
    const md = toMarkdown(
      sampleReport([sampleResult(), sampleResult({ status: 'warn', reason: 'iat not checked' }), fail('claims.exp.string', { baselined: true })]),
    );
    const lines = md.split('\n');
    expect(lines[0]).toBe('## ✅ mcp-auth-harness: PASS — 1 passed, 1 warning, 1 known failure');
    expect(lines[2]).toBe('Target `http://127.0.0.1:3000/mcp` · profile `jwks` · revision `2025-11-25` · 1.2 s · v0.1.0');
    expect(md).toContain('| 1 | 1 (1 baselined) | 1 | 0 | 0 |');
  });

  it('says FAIL and why', () => {
    const report = sampleReport([fail('claims.aud.missing'), sampleResult({ status: 'error', reason: 'timeout' })], {
      baseline: { file: 'known.yaml', stillFailing: [], nowPassing: ['claims.iss.foreign@2025-11-25'] },
    });
    expect(toMarkdown(report).split('\n')[0]).toBe('## ❌ mcp-auth-harness: FAIL — 1 check failed, 1 error, 1 stale baseline entry (0 passed)');
  });

  it('puts failures first, then warnings, errors, skips and the family table', () => {
    const md = toMarkdown(
      sampleReport([
        sampleResult({ id: 'headers.none', family: 'headers' }),
        sampleResult({ id: 'claims.skip', status: 'skip', reason: 'needs mint' }),
        sampleResult({ id: 'claims.err', status: 'error', reason: 'target hung up' }),
        sampleResult({ id: 'claims.warn', status: 'warn', reason: 'nbf ignored' }),
        fail('claims.low', { severity: 'low' }),
        fail('claims.high', { severity: 'high' }),
      ]),
    );
    const order = ['### ❌ Failures (2 checks)', '`claims.high`', '`claims.low`', '### ⚠️ Warnings (1 check)', '`claims.warn`', '### 💥 Errors (1 check)', '### ⏭️ Skipped (1)', '### Results by family'];
    const positions = order.map((s) => md.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(md).toContain('#### `claims.warn` — An expired token is refused with 401 invalid\\_token\n\n**high** · warned: nbf ignored');
    expect(md).toContain('- `claims.err` — target hung up');
    expect(md).toContain('- needs mint (1): `claims.skip`');
    expect(md).toContain('| headers | 1 | 0 | 0 | 0 | 0 |\n| claims | 0 | 2 | 1 | 1 | 1 |');
  });

  it('shows reason, spec and a compact evidence block for a failure', () => {
    const md = toMarkdown(
      sampleReport([
        fail('claims.aud.missing', {
          spec: ['RFC 8707 §2'],
          evidence: { exchanges: [{ request: 'POST /mcp (Authorization: Bearer <token:no-aud>)', status: 200, body: 'b'.repeat(5_000) }] },
        }),
      ]),
    );
    expect(md).toContain('**high** · failed: claims.aud.missing accepted');
    expect(md).toContain('Spec: RFC 8707 §2');
    expect(md).toContain('```text\n> POST /mcp (Authorization: Bearer <token:no-aud>)\n< 200\n' + 'b'.repeat(400) + '… [+4600 chars]\n```');
  });

  it('keeps a long run readable: capped detail, capped lists', () => {
    const failures = Array.from({ length: 120 }, (_, i) => fail(`claims.f${i}`, { evidence: { note: 'n'.repeat(3_000) } }));
    const skips = Array.from({ length: 30 }, (_, i) => sampleResult({ id: `s${i}`, status: 'skip', reason: 'needs mint' }));
    const md = toMarkdown(sampleReport([...failures, ...skips]));
    expect(md.match(/<details>/g)).toHaveLength(25);
    expect(md).toContain('95 more checks, without evidence here (see report.json):');
    expect(md).toContain('- … 45 more (see report.json)');
    expect(md).toContain('- needs mint (30): `s0`');
    expect(md).toContain('… 10 more');
    expect(md.length).toBeLessThan(80_000);
  });

  it('escapes text that would break the markdown or vanish as HTML', () => {
    const md = toMarkdown(sampleReport([fail('claims.x', { reason: 'got <redacted:jwt> | a*b_c\nnext', evidence: { note: 'has ``` fence' } })]));
    expect(md).toContain('**high** · failed: got &lt;redacted:jwt&gt; \\| a\\*b\\_c next');
    expect(md).toContain('````text\nnote: has ``` fence\n````');
  });

  it('marks revisions when several ran', () => {
    const md = toMarkdown(sampleReport([fail('claims.x', { revision: '2025-06-18' }), sampleResult({ revision: '2026-07-28' })]));
    expect(md).toContain('#### `claims.x` — ');
    expect(md).toContain('**high** · failed in `2025-06-18`: claims.x accepted');
    expect(md).toContain('revisions `2025-06-18`, `2026-07-28`');
  });

  it('shows a check that failed in several revisions once, with its level, impact, fix and one exchange', () => {
    const finding = {
      requirement: { doc: 'MCP 2025-11-25 authorization', section: '§Token Handling', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#token-handling', level: 'MUST' as const, text: 'MCP servers MUST validate access tokens.' },
      impact: 'Anyone can mint tokens for any user.',
      fix: 'Pin the accepted algorithms.',
    };
    const exchanges = [
      { request: 'POST /mcp (Authorization: Bearer <token:alg-none>)', status: 200, body: '{"result":{}}' },
      { request: 'POST /mcp (Authorization: Bearer <token:alg-none-signed>)', status: 200, body: '{"result":{}}' },
    ];
    const revisions = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;
    const results = revisions.map((revision) =>
      withFinding(fail('signature.alg-none', { revision, reason: revision === '2026-07-28' ? 'accepted without a session' : 'alg "none" was accepted', evidence: { exchanges } }), finding),
    );
    const md = toMarkdown(sampleReport(results));
    expect(md.match(/#### `signature\.alg-none`/g)).toHaveLength(1);
    expect(md).toContain('### ❌ Failures (1 check)');
    expect(md).toContain('**high** · **MUST** · failed in `2025-06-18`, `2025-11-25`: alg "none" was accepted; in `2026-07-28`: accepted without a session');
    expect(md).toContain('Requirement: [MCP 2025-11-25 authorization §Token Handling](https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization#token-handling) — MCP servers MUST validate access tokens.');
    expect(md).toContain('Impact: Anyone can mint tokens for any user.');
    expect(md).toContain('Fix: Pin the accepted algorithms.');
    expect(md.match(/<details>/g)).toHaveLength(1);
    expect(md).toContain('<details><summary>Evidence (2025-06-18)</summary>');
    expect(md.match(/> POST \/mcp/g)).toHaveLength(1);
    expect(md).toContain('… 1 more exchanges');
  });

  it('shows a warning check once too, with its level', () => {
    const should = { requirement: { doc: 'RFC 6750', section: '§3.1', url: 'https://www.rfc-editor.org/rfc/rfc6750#section-3.1', level: 'SHOULD' as const, text: 'SHOULD NOT include an error code.' }, impact: 'Clients misread it.', fix: 'Drop the error code.' };
    const md = toMarkdown(sampleReport(['2025-06-18', '2025-11-25'].map((revision) => withFinding(sampleResult({ id: 'headers.missing.no-error-code', status: 'warn', revision: revision as '2025-06-18', reason: 'has error' }), should))));
    expect(md).toContain('### ⚠️ Warnings (1 check)');
    expect(md.match(/#### `headers\.missing\.no-error-code`/g)).toHaveLength(1);
    expect(md).toContain('**high** · **SHOULD** · warned in `2025-06-18`, `2025-11-25`: has error');
  });
});
