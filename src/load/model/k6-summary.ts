// What a load script leaves behind: k6's end-of-test data turned into a small outcome JSON (that
// `mcp-auth-harness load` folds into the run's reports), a JUnit file and a few stdout lines.
// Pure; handleSummary in each script calls summaryFiles().

/** The parts of k6's handleSummary data this module reads. */
export interface K6SummaryData {
  metrics: Record<
    string,
    {
      type: string;
      contains?: string;
      values: Record<string, number>;
      thresholds?: Record<string, { ok: boolean }>;
    }
  >;
  state?: { testRunDurationMs?: number };
}

export interface ThresholdOutcome {
  metric: string;
  expression: string;
  ok: boolean;
  /** The value the expression was judged on, when it can be told. */
  actual?: number;
}

export interface LoadOutcome {
  script: string;
  passed: boolean;
  durationMs: number;
  thresholds: ThresholdOutcome[];
  /** Every metric's summary values (trend stats, counts, rates). */
  metrics: Record<string, Record<string, number>>;
}

export function outcomeOf(script: string, data: K6SummaryData): LoadOutcome {
  const thresholds: ThresholdOutcome[] = [];
  const metrics: LoadOutcome['metrics'] = {};
  for (const [metric, m] of Object.entries(data.metrics ?? {})) {
    metrics[metric] = { ...m.values };
    for (const [expression, t] of Object.entries(m.thresholds ?? {})) {
      const actual = judgedValue(expression, m.values);
      thresholds.push({ metric, expression, ok: t.ok === true, ...(actual === undefined ? {} : { actual }) });
    }
  }
  return { script, passed: thresholds.every((t) => t.ok), durationMs: data.state?.testRunDurationMs ?? 0, thresholds, metrics };
}

/** "p(95)<10" → values["p(95)"], "count==0" → values.count, "rate<0.01" → values.rate. */
function judgedValue(expression: string, values: Record<string, number>): number | undefined {
  const name = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)/.exec(expression)?.[1];
  return name !== undefined && typeof values[name] === 'number' ? values[name] : undefined;
}

export function junitOf(outcome: LoadOutcome): string {
  const failures = outcome.thresholds.filter((t) => !t.ok).length;
  const cases = outcome.thresholds.map((t) => {
    const name = xml(`${t.metric} ${t.expression}`);
    const head = `    <testcase classname="load.${xml(outcome.script)}" name="${name}">`;
    if (t.ok) return `${head}</testcase>`;
    return `${head}\n      <failure message="${xml(describe(t))}"/>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mcp-auth-harness load" tests="${outcome.thresholds.length}" failures="${failures}">`,
    `  <testsuite name="load.${xml(outcome.script)}" tests="${outcome.thresholds.length}" failures="${failures}" time="${(outcome.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function describe(t: ThresholdOutcome): string {
  return `${t.metric} ${t.expression} ${t.ok ? 'held' : 'crossed'}${t.actual === undefined ? '' : ` (actual ${round(t.actual)})`}`;
}

export function textOf(outcome: LoadOutcome): string {
  const lines = [`load.${outcome.script}: ${outcome.passed ? 'all thresholds held' : 'THRESHOLDS CROSSED'}`];
  for (const t of outcome.thresholds) lines.push(`  ${t.ok ? '✓' : '✗'} ${describe(t)}`);
  return lines.join('\n') + '\n';
}

/** handleSummary's return value: outcome JSON + JUnit in the report dir, a short text on stdout. */
export function summaryFiles(script: string, data: K6SummaryData, reportDir: string): Record<string, string> {
  const outcome = outcomeOf(script, data);
  const dir = reportDir.replace(/\/+$/, '');
  return {
    [`${dir}/k6-${script}.json`]: JSON.stringify(outcome, null, 2) + '\n',
    [`${dir}/k6-${script}.junit.xml`]: junitOf(outcome),
    stdout: textOf(outcome),
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
