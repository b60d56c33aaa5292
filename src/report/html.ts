// report.html: one self-contained page (inline CSS, script and SVG; a Content-Security-Policy that
// forbids every fetch). The verdict, a filterable table by family, each finding once with its
// requirement, impact, fix and evidence, and plots of what authentication costs.
import { createHash } from 'node:crypto';
import type { CheckResult, Status } from '../check.ts';
import { evidenceText, type ExcerptLimits } from './evidence-text.ts';
import { citation, fixOf, impactOf, requirementOf, safeUrl } from './finding.ts';
import { SCRIPT, STYLE } from './html-assets.ts';
import { escapeHtml as esc } from './html-escape.ts';
import { fmt, rowPlot, seriesPlot, type PlotRow } from './html-plots.ts';
import { redactDeep } from './redact.ts';
import { exitCodeFor, type RunReport } from './report.ts';

const STATUSES: Status[] = ['fail', 'warn', 'error', 'pass', 'skip'];
const LIMITS: ExcerptLimits = { exchanges: 4, bodyChars: 1200, headerChars: 300, totalChars: 4000 };

export function toHtml(input: RunReport): string {
  const report = redactDeep(input, []); // defence in depth: writeReports has already redacted known secrets
  const byFamily = groupByFamily(report.checks);
  const revisions = report.target.revisions.length ? report.target.revisions : [...new Set(report.checks.map((c) => c.revision))];
  const passed = exitCodeFor(report) === 0;
  const body = [
    header(report, passed),
    filters(report, [...byFamily.keys()]),
    `<h2 id="findings">Findings</h2>`,
    findings(report),
    `<h2 id="verdicts">Verdicts by family</h2>`,
    ...[...byFamily].map(([family, checks]) => familySection(family, checks, revisions)),
    costSection(report.metrics),
    loadSection(report.metrics),
    otherMetrics(report.metrics),
    `<footer>mcp-auth-harness ${esc(report.version)} · started ${esc(report.startedAt)} · this page is self-contained: it loads nothing from any network.</footer>`,
  ].join('\n');
  const csp = `default-src 'none'; style-src '${sha256(STYLE)}'; script-src '${sha256(SCRIPT)}'; img-src data:`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mcp-auth-harness: ${passed ? 'PASS' : 'FAIL'} · ${esc(report.target.url)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function header(report: RunReport, passed: boolean): string {
  const t = report.target;
  const meta = [
    `target <code>${esc(t.url)}</code>`,
    `profile <code>${esc(t.profile)}</code>`,
    `${t.revisions.length === 1 ? 'revision' : 'revisions'} ${t.revisions.map((r) => `<code>${esc(r)}</code>`).join(', ')}`,
    ...(t.flaw ? [`flaw <code>${esc(t.flaw)}</code>`] : []),
    `${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  const s = report.summary;
  const tiles = STATUSES.map((st) => `<div class="tile ${st}"><b>${s[st]}</b>${st}</div>`).join('');
  const stale = report.baseline?.nowPassing.length
    ? `<p class="st-fail">Baseline entries now passing (remove them from <code>${esc(report.baseline.file)}</code>): ${report.baseline.nowPassing.map((k) => `<code>${esc(k)}</code>`).join(', ')}</p>`
    : '';
  return `<h1><span class="verdict ${passed ? 'pass' : 'fail'}" id="verdict">${passed ? 'PASS' : 'FAIL'}</span> mcp-auth-harness</h1>
<p class="meta">${meta.join(' · ')}</p>
<div class="tiles">${tiles}</div>${stale}`;
}

function filters(report: RunReport, families: string[]): string {
  const boxes = STATUSES.map((st) => `<label><input type="checkbox" name="status" value="${st}" checked> <span class="st st-${st}">${st}</span> (${report.summary[st]})</label>`).join(' ');
  const familyOptions = families.map((f) => `<option value="${esc(f)}">${esc(f)}</option>`).join('');
  return `<form id="filters" aria-label="Filters">
${boxes}
<label>family <select name="family"><option value="">all</option>${familyOptions}</select></label>
<label>level <select name="level"><option value="">all</option><option>MUST</option><option>SHOULD</option><option>hardening</option><option value="unknown">not stated</option></select></label>
<label>search <input type="search" name="q" placeholder="id or title"></label>
<span><output id="shown">${countChecks(report.checks)}</output> of ${countChecks(report.checks)} checks shown</span>
</form>`;
}

function findings(report: RunReport): string {
  const grouped = groupById(report.checks).filter((rs) => rs.some((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error'));
  const rank = (rs: CheckResult[]) => Math.min(...rs.map((r) => STATUSES.indexOf(r.status)));
  const cards = grouped.sort((a, b) => rank(a) - rank(b)).map(findingCard);
  return `${cards.join('\n')}\n<p id="no-findings"${cards.length ? ' hidden' : ''}>No failures, warnings or errors${cards.length ? ' match the filters' : ''}.</p>`;
}

function findingCard(results: CheckResult[]): string {
  const notable = results.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error');
  const worst = notable.reduce((a, b) => (STATUSES.indexOf(b.status) < STATUSES.indexOf(a.status) ? b : a));
  const req = requirementOf(worst);
  const impact = impactOf(worst);
  const fix = fixOf(worst);
  const url = safeUrl(req?.url);
  const cite = citation(worst);
  const revisions = notable.map((r) => `<code>${esc(r.revision)}</code> <span class="st st-${r.status}">${r.status}</span>${r.baselined ? ' (baselined)' : ''}`).join(', ');
  const rows = [
    ['revisions', revisions],
    ['reason', esc(worst.reason ?? 'no reason given')],
    ...(req?.text ? [['requirement', esc(req.text)]] : []),
    ...(cite ? [['spec', url ? `<a href="${esc(url)}" rel="noreferrer">${esc(cite)}</a>` : esc(cite)]] : []),
    ...(impact ? [['impact', esc(impact)]] : []),
    ...(fix ? [['fix', esc(fix)]] : []),
  ];
  const evidence = evidenceText(worst.evidence, LIMITS);
  return `<article class="finding ${worst.status}" id="finding-${esc(worst.id)}" ${filterAttrs(results)}>
<h3><span class="st st-${worst.status}">${worst.status}</span> ${esc(worst.title)}</h3>
<div>${levelBadge(worst)}<span class="badge">${esc(worst.severity)}</span><code>${esc(worst.id)}</code></div>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
${evidence ? `<details open><summary>Evidence</summary><pre>${esc(evidence)}</pre></details>` : ''}
</article>`;
}

function familySection(family: string, checks: CheckResult[], revisions: string[]): string {
  const counts = STATUSES.map((st) => [st, checks.filter((c) => c.status === st).length] as const).filter(([, n]) => n > 0);
  const rows = groupById(checks).map((rs) => {
    const cells = revisions.map((rev) => {
      const r = rs.find((x) => x.revision === rev);
      return r ? `<td class="st st-${r.status}" title="${esc(r.reason ?? '')}">${r.status}${r.baselined ? '*' : ''}</td>` : '<td class="st">–</td>';
    });
    const first = rs[0]!;
    const link = rs.some((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'error') ? `<a href="#finding-${esc(first.id)}">${esc(first.id)}</a>` : esc(first.id);
    return `<tr ${filterAttrs(rs)}><td><code>${link}</code></td><td>${esc(first.title)}</td><td>${levelBadge(first)}</td><td>${esc(first.severity)}</td>${cells.join('')}</tr>`;
  });
  return `<section class="family" data-family-section="${esc(family)}">
<div class="family-head"><h3>${esc(family)}</h3><span class="counts">${counts.map(([st, n]) => `${n} ${st}`).join(' · ')}</span></div>
<table class="verdicts"><colgroup><col class="id"><col class="title"><col class="level"><col class="severity">${revisions.map(() => '<col class="rev">').join('')}</colgroup>
<thead><tr><th>check</th><th>title</th><th>level</th><th>severity</th>${revisions.map((r) => `<th>${esc(r)}</th>`).join('')}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
</section>`;
}

interface Figures {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  samples: number;
  thresholdMs?: number;
  ci95?: { p50?: [number, number]; p95?: [number, number]; p99?: [number, number] };
  authedMs?: { p50: number; p95: number; p99: number };
  baselineMs?: { p50: number; p95: number; p99: number };
}

interface ConcurrencyPoint {
  inFlight: number;
  p50Ms: number;
  p95Ms: number;
  pairs?: number;
  ci95?: { p50?: [number, number]; p95?: [number, number] };
}

/** What authentication costs: the overhead family's paired figures, per revision and per concurrency. */
function costSection(metrics: RunReport['metrics']): string {
  const overhead = metrics?.overhead as (Figures & { byRevision?: Record<string, unknown>; byConcurrency?: unknown; byConcurrencyRevision?: unknown }) | undefined;
  if (!overhead || typeof overhead !== 'object') return '';
  const byRevision = Object.entries(overhead.byRevision ?? {}).filter((e): e is [string, Figures] => isFigures(e[1]));
  if (!byRevision.length && isFigures(overhead)) byRevision.push(['all', overhead]);
  const threshold = typeof overhead.thresholdMs === 'number' ? overhead.thresholdMs : undefined;
  const marker = threshold === undefined ? undefined : { label: `threshold ${fmt(threshold)} ms`, value: threshold };
  const parts = [`<h2 id="cost">What authentication costs</h2>`];
  const sides = byRevision.flatMap(([rev, f]): PlotRow[] =>
    f.authedMs && f.baselineMs
      ? [
          { label: `${rev} authed`, span: [f.authedMs.p50, f.authedMs.p99], points: quantiles(f.authedMs) },
          { label: `${rev} auth-off twin`, span: [f.baselineMs.p50, f.baselineMs.p99], points: quantiles(f.baselineMs) },
        ]
      : [],
  );
  if (sides.length) {
    parts.push(`<h3>Latency: authed vs auth-off twin</h3><p class="meta">Time to first byte of the same call on each side (p50, p95, p99).</p>`);
    parts.push(`<figure id="plot-latency">${rowPlot({ title: 'Time to first byte, authed vs auth-off twin', rows: sides, unit: 'ms', seriesOrder: ['p50', 'p95', 'p99'] })}</figure>`);
  }
  if (byRevision.length) {
    const rows: PlotRow[] = byRevision.map(([rev, f]) => ({
      label: rev,
      points: [
        { series: 'p50 overhead', value: f.p50Ms, ...(f.ci95?.p50 ? { ci: f.ci95.p50 } : {}) },
        { series: 'p95 overhead', value: f.p95Ms, ...(f.ci95?.p95 ? { ci: f.ci95.p95 } : {}) },
      ],
    }));
    parts.push(`<h3>Paired overhead per revision</h3><p class="meta">Authed minus twin, pair by pair; whiskers are bootstrap 95 % confidence intervals.</p>`);
    parts.push(`<figure id="plot-overhead">${rowPlot({ title: 'Paired overhead per revision with 95 % CI', rows, unit: 'ms', marker })}</figure>`);
    parts.push(figuresTable(byRevision));
  }
  const byConcurrency = Array.isArray(overhead.byConcurrency) ? overhead.byConcurrency.filter(isConcurrencyPoint) : [];
  if (byConcurrency.length) {
    const sorted = [...byConcurrency].sort((a, b) => a.inFlight - b.inFlight);
    const revision = typeof overhead.byConcurrencyRevision === 'string' ? ` (${esc(overhead.byConcurrencyRevision)})` : '';
    parts.push(`<h3>Overhead vs concurrency${revision}</h3>`);
    parts.push(
      `<figure id="plot-concurrency">${seriesPlot({
        title: 'Paired overhead vs requests in flight',
        categories: sorted.map((p) => String(p.inFlight)),
        xLabel: 'requests in flight',
        unit: 'ms',
        marker,
        series: [
          { name: 'p50 overhead', points: sorted.map((p) => ({ value: p.p50Ms, ...(p.ci95?.p50 ? { ci: p.ci95.p50 } : {}) })) },
          { name: 'p95 overhead', points: sorted.map((p) => ({ value: p.p95Ms, ...(p.ci95?.p95 ? { ci: p.ci95.p95 } : {}) })) },
        ],
      })}</figure>`,
    );
    parts.push(
      table(
        ['in flight', 'pairs', 'p50 ms (95 % CI)', 'p95 ms (95 % CI)'],
        sorted.map((p) => [String(p.inFlight), p.pairs === undefined ? '' : String(p.pairs), withCi(p.p50Ms, p.ci95?.p50), withCi(p.p95Ms, p.ci95?.p95)]),
      ),
    );
  }
  return parts.length > 1 ? `<section id="cost-section">${parts.join('\n')}</section>` : '';
}

function figuresTable(byRevision: [string, Figures][]): string {
  return table(
    ['revision', 'pairs', 'p50 ms (95 % CI)', 'p95 ms (95 % CI)', 'p99 ms (95 % CI)', 'authed p50 / p95', 'twin p50 / p95'],
    byRevision.map(([rev, f]) => [
      rev,
      String(f.samples),
      withCi(f.p50Ms, f.ci95?.p50),
      withCi(f.p95Ms, f.ci95?.p95),
      withCi(f.p99Ms, f.ci95?.p99),
      f.authedMs ? `${fmt(f.authedMs.p50)} / ${fmt(f.authedMs.p95)}` : '',
      f.baselineMs ? `${fmt(f.baselineMs.p50)} / ${fmt(f.baselineMs.p95)}` : '',
    ]),
  );
}

interface LoadOutcomeView {
  script?: string;
  passed?: boolean;
  durationMs?: number;
  thresholds?: { metric: string; expression: string; ok: boolean; actual?: number }[];
  /** What makes the run worthless whatever the thresholds say (nothing measured, most checks failed). */
  problems?: string[];
  metrics?: Record<string, Record<string, number>>;
}

/** k6's outcome per script, as `mcp-auth-harness load` folds it into metrics.load. */
function loadSection(metrics: RunReport['metrics']): string {
  const load = metrics?.load;
  if (!load || typeof load !== 'object' || !Object.keys(load).length) return '';
  const parts = [`<h2 id="load">Load (k6)</h2>`];
  for (const [script, raw] of Object.entries(load as Record<string, LoadOutcomeView>)) {
    const outcome = raw ?? {};
    const status = outcome.passed ? '<span class="st st-pass">thresholds held</span>' : '<span class="st st-fail">thresholds crossed</span>';
    parts.push(`<h3>${esc(script)} ${status}</h3><p class="meta">${((outcome.durationMs ?? 0) / 1000).toFixed(1)} s</p>`);
    const problems = Array.isArray(outcome.problems) ? outcome.problems.filter((p) => typeof p === 'string') : [];
    if (problems.length) parts.push(`<ul class="load-problems">${problems.map((p) => `<li class="st-fail">${esc(p)}</li>`).join('')}</ul>`);
    const thresholds = Array.isArray(outcome.thresholds) ? outcome.thresholds : [];
    if (thresholds.length) {
      parts.push(table(['metric', 'threshold', 'actual', ''], thresholds.map((t) => [esc(t.metric), `<code>${esc(t.expression)}</code>`, t.actual === undefined ? '' : fmt(t.actual), `<span class="st st-${t.ok ? 'pass' : 'fail'}">${t.ok ? 'held' : 'crossed'}</span>`]), false));
    }
    const trends = Object.entries(outcome.metrics ?? {}).filter(([, v]) => typeof v?.['p(95)'] === 'number' && typeof v?.med === 'number');
    if (trends.length) {
      const rows: PlotRow[] = trends.map(([name, v]) => ({
        label: name,
        points: [{ series: 'median', value: v.med! }, ...(typeof v['p(90)'] === 'number' ? [{ series: 'p(90)', value: v['p(90)'] }] : []), { series: 'p(95)', value: v['p(95)']! }],
      }));
      parts.push(`<figure class="plot-k6" data-script="${esc(script)}">${rowPlot({ title: `k6 ${script}: trend metrics`, rows, unit: 'ms', seriesOrder: ['median', 'p(90)', 'p(95)'] })}</figure>`);
    }
  }
  return `<section id="load-section">${parts.join('\n')}</section>`;
}

function otherMetrics(metrics: RunReport['metrics']): string {
  const rest = Object.entries(metrics ?? {}).filter(([k]) => k !== 'overhead' && k !== 'load');
  if (!rest.length) return '';
  return `<h2 id="metrics">Other measurements</h2>${rest.map(([k, v]) => `<details${k === 'target' ? '' : ' open'}><summary>${esc(k)}</summary><pre>${esc(JSON.stringify(v, null, 2).slice(0, 20_000))}</pre></details>`).join('\n')}`;
}

function table(head: string[], rows: string[][], numeric = true): string {
  const cls = (i: number) => (numeric && i > 0 ? ' class="num"' : '');
  return `<table><thead><tr>${head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function filterAttrs(results: CheckResult[]): string {
  const first = results[0]!;
  const statuses = [...new Set(results.map((r) => r.status))].join(' ');
  const text = `${first.id} ${first.title}`.toLowerCase();
  return `data-statuses="${statuses}" data-family="${esc(first.family)}" data-level="${requirementOf(first)?.level ?? 'unknown'}" data-text="${esc(text)}"`;
}

function levelBadge(r: CheckResult): string {
  const level = requirementOf(r)?.level;
  return level ? `<span class="badge level-${level}">${level}</span>` : '';
}

function groupByFamily(checks: readonly CheckResult[]): Map<string, CheckResult[]> {
  const families = [...new Set(checks.map((c) => c.family))]; // the order they ran in
  return new Map(families.map((f) => [f, checks.filter((c) => c.family === f)]));
}

function groupById(checks: readonly CheckResult[]): CheckResult[][] {
  const byId = new Map<string, CheckResult[]>();
  for (const c of checks) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  return [...byId.values()];
}

function countChecks(checks: readonly CheckResult[]): number {
  return new Set(checks.map((c) => c.id)).size;
}

function quantiles(side: { p50: number; p95: number; p99: number }) {
  return [
    { series: 'p50', value: side.p50 },
    { series: 'p95', value: side.p95 },
    { series: 'p99', value: side.p99 },
  ];
}

function withCi(value: number, ci: readonly [number, number] | undefined): string {
  return `${fmt(value)}${ci ? ` (${fmt(ci[0])} to ${fmt(ci[1])})` : ''}`;
}

function isFigures(v: unknown): v is Figures {
  const f = v as Figures;
  return typeof v === 'object' && v !== null && [f.p50Ms, f.p95Ms, f.p99Ms, f.samples].every((n) => typeof n === 'number');
}

function isConcurrencyPoint(v: unknown): v is ConcurrencyPoint {
  const p = v as ConcurrencyPoint;
  return typeof v === 'object' && v !== null && [p.inFlight, p.p50Ms, p.p95Ms].every((n) => typeof n === 'number');
}

function sha256(s: string): string {
  return `sha256-${createHash('sha256').update(s).digest('base64')}`;
}
