// SARIF 2.1.0 for code scanning: one rule per check that ran, one result per check that failed or
// warned (once, naming the revisions it did so in), located at the target URL.
import type { Log, ReportingDescriptor, Result, Notification } from 'sarif';
import type { CheckResult, Severity } from '../check.ts';
import { evidenceText, type ExcerptLimits } from './evidence-text.ts';
import { citation, fixOf, impactOf, requirementOf, safeUrl } from './finding.ts';
import { redactDeep } from './redact.ts';
import type { RunReport } from './report.ts';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const LIMITS: ExcerptLimits = { exchanges: 2, bodyChars: 300, headerChars: 200, totalChars: 1200 };

/** GitHub reads security-severity as a CVSS-like score: ≥ 7 high, ≥ 4 medium, > 0 low. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

export function toSarif(input: RunReport): Log {
  const report = redactDeep(input, []); // defence in depth: writeReports has already redacted known secrets
  const byId = groupById(report.checks);
  const ids = [...byId.keys()];
  const rules = ids.map((id) => ruleOf(byId.get(id)![0]));
  const results: Result[] = [];
  for (const [index, id] of ids.entries()) {
    const findings = byId.get(id)!.filter((r) => r.status === 'fail' || r.status === 'warn');
    if (findings.length) results.push(resultOf(id, index, findings, report.target.url));
  }
  const errors = report.checks.filter((r) => r.status === 'error');
  const finished = new Date(Date.parse(report.startedAt) + report.durationMs);
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: report.tool, version: report.version, semanticVersion: report.version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt,
            ...(Number.isNaN(finished.getTime()) ? {} : { endTimeUtc: finished.toISOString() }),
            ...(errors.length ? { toolExecutionNotifications: errors.map(notificationOf) } : {}),
          },
        ],
        artifacts: [{ location: { uri: report.target.url }, description: { text: 'The MCP endpoint under test' } }],
        results,
        properties: { target: report.target, summary: report.summary },
      },
    ],
  };
}

function groupById(checks: readonly CheckResult[]): Map<string, CheckResult[]> {
  const byId = new Map<string, CheckResult[]>();
  for (const r of checks) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return byId;
}

function ruleOf(r: CheckResult): ReportingDescriptor {
  const req = requirementOf(r);
  const impact = impactOf(r);
  const fix = fixOf(r);
  const cites = citation(r);
  const helpText = [req?.text && `Requirement (${req.level}): ${req.text}`, cites && `See: ${cites}`, impact && `Impact: ${impact}`, fix && `Fix: ${fix}`].filter(Boolean);
  const helpUri = safeUrl(req?.url);
  const markdownCite = cites && (helpUri ? `[${cites}](${helpUri})` : cites);
  const helpMarkdown = [
    req?.text && `**Requirement (${req.level}):** ${req.text}`,
    markdownCite && `**See:** ${markdownCite}`,
    impact && `**Impact:** ${impact}`,
    fix && `**Fix:** ${fix}`,
  ].filter(Boolean);
  return {
    id: r.id,
    name: pascalCase(r.id),
    shortDescription: { text: r.title },
    fullDescription: { text: req?.text || r.title },
    help: { text: (helpText.length ? helpText : [r.title]).join('\n'), markdown: (helpMarkdown.length ? helpMarkdown : [r.title]).join('\n\n') },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: req && req.level !== 'MUST' ? 'warning' : 'error' },
    properties: {
      'security-severity': SECURITY_SEVERITY[r.severity],
      tags: ['security', r.family, ...(req ? [req.level] : [])],
      precision: 'high',
    },
  };
}

function resultOf(id: string, ruleIndex: number, findings: CheckResult[], target: string): Result {
  const failed = findings.filter((r) => r.status === 'fail');
  const shown = failed[0] ?? findings[0];
  const revisions = findings.map((r) => r.revision);
  const reason = shown.reason ? `: ${shown.reason}` : '';
  const evidence = evidenceText(shown.evidence, LIMITS);
  const baselined = failed.length > 0 && failed.every((r) => r.baselined);
  return {
    ruleId: id,
    ruleIndex,
    level: failed.length ? 'error' : 'warning',
    message: { text: `${shown.title}${reason} (revision${revisions.length > 1 ? 's' : ''} ${revisions.join(', ')})` },
    locations: [{ physicalLocation: { artifactLocation: { uri: target, index: 0 } } }],
    partialFingerprints: { 'mcpAuthHarnessCheck/v1': id },
    ...(baselined ? { suppressions: [{ kind: 'external', justification: 'listed in the baseline file of known failures' }] } : {}),
    properties: { severity: shown.severity, revisions, ...(evidence ? { evidence } : {}) },
  };
}

function notificationOf(r: CheckResult): Notification {
  return { level: 'error', message: { text: `${r.id} (${r.revision}) could not be judged: ${r.reason ?? 'the harness or the target broke'}` }, descriptor: { id: r.id } };
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
