// Builders for reports in tests (here and in CLI suites): a valid default, overridden per case.
import type { CheckResult } from '../check.ts';
import { summarize } from './report.ts';
import type { RunReport } from './report.ts';

export function sampleResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    id: 'claims.exp.expired',
    family: 'claims',
    title: 'An expired token is refused with 401 invalid_token',
    status: 'pass',
    severity: 'high',
    spec: ['RFC 6750 §3.1'],
    revision: '2025-11-25',
    evidence: {},
    durationMs: 12,
    ...overrides,
  };
}

export function sampleReport(checks: CheckResult[], overrides: Partial<RunReport> = {}): RunReport {
  return {
    tool: 'mcp-auth-harness',
    version: '0.1.0',
    target: { url: 'http://127.0.0.1:3000/mcp', revisions: [...new Set(checks.map((c) => c.revision))], profile: 'jwks' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    summary: summarize(checks),
    checks,
    metrics: {},
    ...overrides,
  };
}

/** The requirement, impact and fix a check result carries (optional until every check declares them). */
export interface FindingFields {
  requirement?: { doc: string; section: string; url: string; level: 'MUST' | 'SHOULD' | 'hardening'; text: string };
  impact?: string;
  fix?: string;
}

export function withFinding(result: CheckResult, fields: FindingFields): CheckResult {
  return Object.assign(result, fields);
}

/** A run with every status, two revisions, a baselined failure and requirement data on most checks. */
export function mixedReport(): RunReport {
  const mustAud: FindingFields = {
    requirement: { doc: 'RFC 8707', section: '§2', url: 'https://www.rfc-editor.org/rfc/rfc8707#section-2', level: 'MUST', text: 'A resource server accepts only tokens issued for it.' },
    impact: 'A token issued for another service works here.',
    fix: 'Check that aud contains this server’s canonical URI.',
  };
  const shouldScope: FindingFields = {
    requirement: { doc: 'MCP 2025-11-25 authorization', section: '§Scope Challenge', url: 'https://modelcontextprotocol.io/specification/2025-11-25/basic/authorization', level: 'SHOULD', text: 'The 401 challenge names the scope needed.' },
    impact: 'Clients cannot tell which scope to request.',
    fix: 'Add scope="…" to WWW-Authenticate.',
  };
  const checks = [
    withFinding(sampleResult({ id: 'claims.aud.foreign', title: 'A token for another audience is refused', status: 'fail', severity: 'high', reason: 'HTTP 200 for a foreign aud', evidence: { exchanges: [{ request: 'POST /mcp (Authorization: Bearer <token:foreign-aud>)', status: 200, body: '{"result":{}}' }] } }), mustAud),
    withFinding(sampleResult({ id: 'claims.aud.foreign', title: 'A token for another audience is refused', status: 'fail', severity: 'high', revision: '2026-07-28', reason: 'HTTP 200 for a foreign aud' }), mustAud),
    withFinding(sampleResult({ id: 'headers.challenge.scope', family: 'headers', title: 'The challenge names the scope', status: 'warn', severity: 'low', reason: 'no scope= in WWW-Authenticate' }), shouldScope),
    sampleResult({ id: 'signature.alg.none', family: 'signature', title: 'alg none is refused', status: 'fail', severity: 'high', reason: 'accepted', baselined: true }),
    sampleResult({ id: 'claims.exp.expired', status: 'pass' }),
    sampleResult({ id: 'rbac.admin.denied', family: 'rbac', title: 'Admin tool denied to users', status: 'skip', reason: 'no rbac table' }),
    sampleResult({ id: 'sessions.binding.foreign', family: 'sessions', title: 'Session bound to principal', status: 'error', reason: 'target died' }),
  ];
  return sampleReport(checks, { baseline: { file: 'baseline.json', stillFailing: ['signature.alg.none@2025-11-25'], nowPassing: [] } });
}

/** metrics.overhead as the overhead family writes it, plus the per-concurrency figures and k6 outcomes. */
export function costMetrics(): RunReport['metrics'] {
  const figures = (shift: number) => ({
    p50Ms: 0.4 + shift,
    p95Ms: 1.3 + shift,
    p99Ms: 4.2 + shift,
    samples: 400,
    ci95: { p50: [0.3 + shift, 0.5 + shift], p95: [0.6 + shift, 2.5 + shift], p99: [-1 + shift, 9 + shift] },
    thresholdMs: 10,
    medianDifferenceMs: 0.4 + shift,
    authedMs: { p50: 1.1 + shift, p95: 4.3 + shift, p99: 7 + shift },
    baselineMs: { p50: 0.7, p95: 3, p99: 6.3 },
  });
  const byRevision = { '2025-11-25': figures(0), '2026-07-28': figures(0.5) };
  return {
    overhead: {
      ...byRevision['2026-07-28'],
      revision: '2026-07-28',
      byRevision,
      byConcurrency: [1, 4, 16].map((inFlight, i) => ({ inFlight, p50Ms: 0.4 + i, p95Ms: 1.5 + 2 * i, ci95: { p50: [0.3 + i, 0.6 + i], p95: [1 + 2 * i, 2.5 + 2 * i] }, pairs: 200 })),
    },
    load: {
      overhead: {
        script: 'overhead',
        passed: false,
        durationMs: 35_000,
        thresholds: [{ metric: 'auth_overhead_ms', expression: 'p(95)<10', ok: false, actual: 12.5 }],
        problems: ['3.2 % of checks failed (at most 1 % may)'],
        metrics: { auth_overhead_ms: { avg: 4, min: 0.1, med: 3.2, max: 40, 'p(90)': 9, 'p(95)': 12.5 }, iterations: { count: 1500, rate: 50 } },
      },
    },
    lifecycle: { clockSkewSeconds: { measured: 30, declared: 30 } },
  };
}
