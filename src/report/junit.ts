// JUnit XML: one <testsuite> per family (per family and revision when several revisions ran),
// one <testcase> per check.
import { REVISIONS } from '../check.ts';
import type { CheckResult } from '../check.ts';
import { evidenceText } from './evidence-text.ts';
import type { ExcerptLimits } from './evidence-text.ts';
import { redactDeep } from './redact.ts';
import type { RunReport } from './report.ts';
import { xmlAttr, xmlText } from './xml.ts';

const LIMITS: ExcerptLimits = { exchanges: 10, bodyChars: 2000, headerChars: 500, totalChars: 10_000 };

interface Suite {
  name: string;
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

export function toJUnit(input: RunReport): string {
  const report = redactDeep(input, []); // defence in depth; writeReports has already redacted known secrets
  const perRevision = new Set([...report.target.revisions, ...report.checks.map((c) => c.revision)]).size > 1;
  const suites = new Map<string, Suite>();
  for (const result of sortForSuites(report.checks)) {
    const name = perRevision ? `${result.family} [${result.revision}]` : result.family;
    const suite = suites.get(name) ?? newSuite(name);
    suites.set(name, suite);
    addCase(suite, result, perRevision);
  }
  const stale = report.baseline?.nowPassing ?? [];
  if (stale.length > 0) suites.set('baseline', staleBaselineSuite(stale, report.baseline!.file));

  const all = [...suites.values()];
  const total = (pick: (s: Suite) => number) => all.reduce((n, s) => n + pick(s), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${attrs({
      name: report.tool,
      tests: total((s) => s.tests),
      failures: total((s) => s.failures),
      errors: total((s) => s.errors),
      skipped: total((s) => s.skipped),
      time: seconds(report.durationMs),
      timestamp: report.startedAt,
    })}>`,
  ];
  for (const s of all) {
    const head = attrs({
      name: s.name,
      tests: s.tests,
      failures: s.failures,
      errors: s.errors,
      skipped: s.skipped,
      time: seconds(s.ms),
      timestamp: report.startedAt,
    });
    lines.push(`  <testsuite ${head}>`, ...s.cases, '  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function addCase(suite: Suite, r: CheckResult, perRevision: boolean): void {
  // Test reporters key cases by classname + name, so the revision goes into the name too.
  const name = `${r.id} — ${r.title}${perRevision ? ` [${r.revision}]` : ''}`;
  const open = `    <testcase ${attrs({ classname: r.family, name, time: seconds(r.durationMs) })}`;
  const reason = r.reason ?? '';
  const details = () => xmlText(caseDetails(r));
  suite.tests++;
  suite.ms += r.durationMs;
  switch (r.status) {
    case 'pass':
      suite.cases.push(`${open}/>`);
      return;
    case 'fail':
      if (r.baselined) {
        // A known failure must not turn a JUnit-reading gate red when the exit code is 0.
        suite.skipped++;
        const message = `known failure (baselined)${reason ? `: ${reason}` : ''}`;
        suite.cases.push(`${open}>`, `      <skipped ${attrs({ message })}/>`, `      <system-out>${details()}</system-out>`, '    </testcase>');
        return;
      }
      suite.failures++;
      suite.cases.push(`${open}>`, `      <failure ${attrs({ message: reason, type: r.severity })}>${details()}</failure>`, '    </testcase>');
      return;
    case 'error':
      suite.errors++;
      suite.cases.push(`${open}>`, `      <error ${attrs({ message: reason })}>${details()}</error>`, '    </testcase>');
      return;
    case 'skip':
      suite.skipped++;
      suite.cases.push(`${open}>`, `      <skipped ${attrs({ message: reason })}/>`, '    </testcase>');
      return;
    case 'warn':
      suite.cases.push(`${open}>`, `      <system-out>${xmlText(`warning: ${reason}\n`)}${details()}</system-out>`, '    </testcase>');
      return;
  }
}

function caseDetails(r: CheckResult): string {
  const head = [`${r.id} @ ${r.revision} (${r.severity})`];
  if (r.reason) head.push(r.reason);
  if (r.spec.length > 0) head.push(`spec: ${r.spec.join('; ')}`);
  const evidence = evidenceText(r.evidence, LIMITS);
  return evidence ? `${head.join('\n')}\n\n${evidence}` : head.join('\n');
}

function staleBaselineSuite(keys: string[], file: string): Suite {
  const suite = newSuite('baseline');
  for (const key of keys) {
    suite.tests++;
    suite.failures++;
    const message = `${key} no longer fails: remove it from the baseline ${file}`;
    suite.cases.push(
      `    <testcase ${attrs({ classname: 'baseline', name: `${key} — baseline entry is stale`, time: '0.000' })}>`,
      `      <failure ${attrs({ message, type: 'baseline' })}/>`,
      '    </testcase>',
    );
  }
  return suite;
}

function sortForSuites(results: readonly CheckResult[]): CheckResult[] {
  const rank = (list: readonly string[], v: string) => (list.includes(v) ? list.indexOf(v) : list.length);
  const families = [...new Set(results.map((r) => r.family))]; // run order
  return results
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        rank(families, a.r.family) - rank(families, b.r.family) ||
        rank(REVISIONS, a.r.revision) - rank(REVISIONS, b.r.revision) ||
        a.i - b.i,
    )
    .map(({ r }) => r);
}

function newSuite(name: string): Suite {
  return { name, cases: [], tests: 0, failures: 0, errors: 0, skipped: 0, ms: 0 };
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}="${xmlAttr(String(v))}"`)
    .join(' ');
}

function seconds(ms: number): string {
  return (Number.isFinite(ms) ? Math.max(0, ms) / 1000 : 0).toFixed(3);
}
