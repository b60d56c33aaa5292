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
  /** The metric has no samples: k6 may call this held, it is not. */
  empty?: true;
}

export interface LoadOutcome {
  script: string;
  passed: boolean;
  durationMs: number;
  thresholds: ThresholdOutcome[];
  /** What makes the run worthless whatever the thresholds say, in words: nothing measured, most checks failed. */
  problems: string[];
  /** Every metric's summary values (trend stats, counts, rates). */
  metrics: Record<string, Record<string, number>>;
}

/** At most this share of checks may fail (the scripts' default MAX_FAILED_RATE). */
export const MAX_FAILED_CHECKS = 0.01;

export function outcomeOf(script: string, data: K6SummaryData, maxFailedChecks = MAX_FAILED_CHECKS): LoadOutcome {
  const thresholds: ThresholdOutcome[] = [];
  const metrics: LoadOutcome['metrics'] = {};
  const problems: string[] = [];
  for (const [metric, m] of Object.entries(data.metrics ?? {})) {
    metrics[metric] = { ...m.values };
    // k6 judges `p(95)<X` on an empty Trend as held: a threshold on nothing is not a pass.
    const empty = m.type === 'trend' && m.values.count === 0;
    if (empty && m.thresholds) problems.push(`${metric} has no samples: nothing was measured, so its thresholds say nothing`);
    for (const [expression, t] of Object.entries(m.thresholds ?? {})) {
      const actual = judgedValue(expression, m.values);
      thresholds.push({ metric, expression, ok: t.ok === true && !empty, ...(actual === undefined || empty ? {} : { actual }), ...(empty ? { empty: true as const } : {}) });
    }
  }
  const checks = failedChecks(data, maxFailedChecks);
  if (checks) problems.push(checks);
  return { script, passed: thresholds.every((t) => t.ok) && !problems.length, durationMs: data.state?.testRunDurationMs ?? 0, thresholds, problems, metrics };
}

/** "98 of 162 checks failed (60.5 %; at most 1 % may)", or undefined when few enough failed. */
function failedChecks(data: K6SummaryData, maxFailed: number): string | undefined {
  const checks = data.metrics?.checks?.values;
  if (!checks) return undefined;
  const passes = checks.passes ?? 0;
  const fails = checks.fails ?? 0;
  const total = passes + fails;
  if (total === 0) return 'no check ran: every iteration failed before its calls were answered';
  if (fails / total <= maxFailed) return undefined;
  return `${fails} of ${total} checks failed (${round((100 * fails) / total)} %; at most ${round(100 * maxFailed)} % may)`;
}

/** "p(95)<10" → values["p(95)"], "count==0" → values.count, "rate<0.01" → values.rate. */
function judgedValue(expression: string, values: Record<string, number>): number | undefined {
  const name = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)/.exec(expression)?.[1];
  return name !== undefined && typeof values[name] === 'number' ? values[name] : undefined;
}

export function junitOf(outcome: LoadOutcome): string {
  const testcase = (name: string, failure?: string) => {
    const head = `    <testcase classname="load.${xml(outcome.script)}" name="${xml(name)}">`;
    return failure === undefined ? `${head}</testcase>` : `${head}\n      <failure message="${xml(failure)}"/>\n    </testcase>`;
  };
  const cases = [
    testcase('the run measured something and its checks succeeded', outcome.problems.length ? outcome.problems.join('; ') : undefined),
    ...outcome.thresholds.map((t) => testcase(`${t.metric} ${t.expression}`, t.ok ? undefined : describe(t))),
  ];
  const tests = cases.length;
  const failures = outcome.thresholds.filter((t) => !t.ok).length + (outcome.problems.length ? 1 : 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mcp-auth-harness load" tests="${tests}" failures="${failures}">`,
    `  <testsuite name="load.${xml(outcome.script)}" tests="${tests}" failures="${failures}" time="${(outcome.durationMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function describe(t: ThresholdOutcome): string {
  if (t.empty) return `${t.metric} ${t.expression} not met: no samples`;
  return `${t.metric} ${t.expression} ${t.ok ? 'held' : 'crossed'}${t.actual === undefined ? '' : ` (actual ${round(t.actual)})`}`;
}

export function textOf(outcome: LoadOutcome): string {
  const verdict = outcome.problems.length ? 'FAILED' : outcome.passed ? 'all thresholds held' : 'THRESHOLDS CROSSED';
  const lines = [`load.${outcome.script}: ${verdict}`];
  for (const p of outcome.problems) lines.push(`  ✗ ${p}`);
  for (const t of outcome.thresholds) lines.push(`  ${t.ok ? '✓' : '✗'} ${describe(t)}`);
  return lines.join('\n') + '\n';
}

/**
 * handleSummary's return value: a short text on stdout and, when there is a report dir, the
 * outcome JSON and JUnit in it. (k6 creates no directory for them: the script checks at init
 * that it exists, and `load` creates it.)
 */
export function summaryFiles(script: string, data: K6SummaryData, reportDir: string | undefined, maxFailedChecks = MAX_FAILED_CHECKS): Record<string, string> {
  const outcome = outcomeOf(script, data, maxFailedChecks);
  if (!reportDir) return { stdout: textOf(outcome) };
  const dir = reportDir.replace(/\/+$/, '') || '/';
  return {
    [`${dir}/k6-${script}.json`]: JSON.stringify(outcome, null, 2) + '\n',
    [`${dir}/k6-${script}.junit.xml`]: junitOf(outcome),
    stdout: textOf(outcome),
  };
}

/**
 * What the script's init makes of `open(REPORT_DIR)`: k6's open() refuses a directory with
 * "can't be used with directories" — the answer that proves it exists; anything else means
 * handleSummary could not write there. Returns the one-line error to throw, or undefined.
 */
export function reportDirProblem(reportDir: string, openError: string | undefined): string | undefined {
  if (openError !== undefined && /directories/.test(openError)) return undefined;
  const why = openError === undefined ? 'is a file' : /no such file|not exist|cannot find/i.test(openError) ? 'does not exist' : `cannot be read (${openError})`;
  return `REPORT_DIR ${reportDir} ${why}: k6 writes the summary files there and creates no directories — create it first (mkdir -p), or leave REPORT_DIR unset for a summary on stdout only`;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function xml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
