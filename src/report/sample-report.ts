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
