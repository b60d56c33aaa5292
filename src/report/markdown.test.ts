import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../check.ts';
import { toMarkdown } from './markdown.ts';
import { sampleReport, sampleResult } from './sample-report.ts';

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
    expect(toMarkdown(report).split('\n')[0]).toBe('## ❌ mcp-auth-harness: FAIL — 1 failed, 1 error, 1 stale baseline entry (0 passed)');
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
    const order = ['### ❌ Failures (2)', '`claims.high`', '`claims.low`', '### ⚠️ Warnings (1)', '### 💥 Errors (1)', '### ⏭️ Skipped (1)', '### Results by family'];
    const positions = order.map((s) => md.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(md).toContain('- `claims.warn` — An expired token is refused with 401 invalid\\_token: nbf ignored');
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
    expect(md).toContain('**high** · claims.aud.missing accepted');
    expect(md).toContain('Spec: RFC 8707 §2');
    expect(md).toContain('```text\n> POST /mcp (Authorization: Bearer <token:no-aud>)\n< 200\n' + 'b'.repeat(400) + '… [+4600 chars]\n```');
  });

  it('keeps a long run readable: capped detail, capped lists', () => {
    const failures = Array.from({ length: 120 }, (_, i) => fail(`claims.f${i}`, { evidence: { note: 'n'.repeat(3_000) } }));
    const skips = Array.from({ length: 30 }, (_, i) => sampleResult({ id: `s${i}`, status: 'skip', reason: 'needs mint' }));
    const md = toMarkdown(sampleReport([...failures, ...skips]));
    expect(md.match(/<details>/g)).toHaveLength(25);
    expect(md).toContain('95 more failures, without evidence here (see report.json):');
    expect(md).toContain('- … 45 more (see report.json)');
    expect(md).toContain('- needs mint (30): `s0`');
    expect(md).toContain('… 10 more');
    expect(md.length).toBeLessThan(80_000);
  });

  it('escapes text that would break the markdown or vanish as HTML', () => {
    const md = toMarkdown(sampleReport([fail('claims.x', { reason: 'got <redacted:jwt> | a*b_c\nnext', evidence: { note: 'has ``` fence' } })]));
    expect(md).toContain('**high** · got &lt;redacted:jwt&gt; \\| a\\*b\\_c next');
    expect(md).toContain('````text\nnote: has ``` fence\n````');
  });

  it('marks revisions when several ran', () => {
    const md = toMarkdown(sampleReport([fail('claims.x', { revision: '2025-06-18' }), sampleResult({ revision: '2026-07-28' })]));
    expect(md).toContain('#### `claims.x` · 2025-06-18 — ');
    expect(md).toContain('revisions `2025-06-18`, `2026-07-28`');
  });
});
