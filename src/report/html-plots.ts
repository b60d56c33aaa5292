// Inline SVG charts for report.html: no library, no network. Two shapes cover what the report
// plots: rows of points with intervals on one millisecond axis (latencies, overhead per
// revision), and series over a categorical x axis (overhead vs concurrency).
import { escapeHtml as esc } from './html-escape.ts';

export interface PlotPoint {
  series: string;
  value: number;
  /** 95 % confidence interval, drawn as a whisker. */
  ci?: readonly [number, number];
}

export interface PlotRow {
  label: string;
  points: PlotPoint[];
  /** A bar behind the points, e.g. p50 → p99 of one side. */
  span?: readonly [number, number];
}

export interface Marker {
  label: string;
  value: number;
}

const COLORS = ['#2563eb', '#ea580c', '#16a34a', '#9333ea', '#0891b2'];
const WIDTH = 720;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 28;
const AXIS_HEIGHT = 34;
const LEGEND_HEIGHT = 22;

/** Points (with whiskers) per row on a shared horizontal axis. */
export function rowPlot(opts: { title: string; rows: PlotRow[]; unit: string; marker?: Marker; seriesOrder?: string[] }): string {
  const series = opts.seriesOrder ?? [...new Set(opts.rows.flatMap((r) => r.points.map((p) => p.series)))];
  const values = opts.rows.flatMap((r) => [...r.points.flatMap((p) => [p.value, ...(p.ci ?? [])]), ...(r.span ?? [])]);
  if (opts.marker) values.push(opts.marker.value);
  const scale = linearScale(values, LABEL_WIDTH + 10, WIDTH - 20);
  const top = LEGEND_HEIGHT + 6;
  const height = top + opts.rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const parts: string[] = [legend(series)];
  opts.rows.forEach((row, i) => {
    const y = top + i * ROW_HEIGHT + ROW_HEIGHT / 2;
    parts.push(`<text class="row-label" x="${LABEL_WIDTH}" y="${y + 4}" text-anchor="end">${esc(row.label)}</text>`);
    parts.push(`<line class="grid" x1="${LABEL_WIDTH + 10}" x2="${WIDTH - 20}" y1="${y}" y2="${y}"/>`);
    if (row.span) parts.push(`<line class="span" x1="${scale.x(row.span[0])}" x2="${scale.x(row.span[1])}" y1="${y}" y2="${y}"/>`);
    for (const p of row.points) {
      const color = COLORS[series.indexOf(p.series) % COLORS.length];
      const title = `<title>${esc(`${row.label} ${p.series}: ${fmt(p.value)} ${opts.unit}${p.ci ? ` (95 % CI ${fmt(p.ci[0])} to ${fmt(p.ci[1])})` : ''}`)}</title>`;
      if (p.ci) parts.push(`<line class="ci" stroke="${color}" x1="${scale.x(p.ci[0])}" x2="${scale.x(p.ci[1])}" y1="${y}" y2="${y}"/>`);
      parts.push(`<circle class="point" data-series="${esc(p.series)}" fill="${color}" cx="${scale.x(p.value)}" cy="${y}" r="5">${title}</circle>`);
    }
  });
  const axisY = top + opts.rows.length * ROW_HEIGHT;
  parts.push(xAxis(scale, axisY, opts.unit, top));
  if (opts.marker) parts.push(markerLine(scale.x(opts.marker.value), top, axisY, opts.marker.label));
  return svg(opts.title, height, parts);
}

/** Series of points (with whiskers) over categories, joined by lines. */
export function seriesPlot(opts: { title: string; categories: string[]; series: { name: string; points: ({ value: number; ci?: readonly [number, number] } | undefined)[] }[]; unit: string; xLabel: string; marker?: Marker }): string {
  const height = 300;
  const top = LEGEND_HEIGHT + 10;
  const bottom = height - AXIS_HEIGHT - 14;
  const values = opts.series.flatMap((s) => s.points.flatMap((p) => (p ? [p.value, ...(p.ci ?? [])] : [])));
  if (opts.marker) values.push(opts.marker.value);
  const y = linearScale(values, bottom, top);
  const left = 70;
  const right = WIDTH - 20;
  const step = opts.categories.length > 1 ? (right - left) / (opts.categories.length - 1) : 0;
  const x = (i: number) => (opts.categories.length > 1 ? left + i * step : (left + right) / 2);
  const parts: string[] = [legend(opts.series.map((s) => s.name))];
  for (const t of y.ticks) {
    parts.push(`<line class="grid" x1="${left}" x2="${right}" y1="${y.x(t)}" y2="${y.x(t)}"/>`);
    parts.push(`<text class="tick" x="${left - 6}" y="${y.x(t) + 4}" text-anchor="end">${tick(t)}</text>`);
  }
  parts.push(`<text class="axis-label" x="14" y="${(top + bottom) / 2}" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle">${esc(opts.unit)}</text>`);
  opts.categories.forEach((c, i) => parts.push(`<text class="tick" x="${x(i)}" y="${bottom + 18}" text-anchor="middle">${esc(c)}</text>`));
  parts.push(`<text class="axis-label" x="${(left + right) / 2}" y="${bottom + 36}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  opts.series.forEach((s, si) => {
    const color = COLORS[si % COLORS.length];
    const path = s.points.map((p, i) => (p ? `${x(i)},${y.x(p.value)}` : undefined)).filter(Boolean);
    if (path.length > 1) parts.push(`<polyline class="series-line" stroke="${color}" points="${path.join(' ')}"/>`);
    s.points.forEach((p, i) => {
      if (!p) return;
      if (p.ci) parts.push(`<line class="ci" stroke="${color}" x1="${x(i)}" x2="${x(i)}" y1="${y.x(p.ci[0])}" y2="${y.x(p.ci[1])}"/>`);
      const title = `${s.name} at ${opts.categories[i]}: ${fmt(p.value)} ${opts.unit}${p.ci ? ` (95 % CI ${fmt(p.ci[0])} to ${fmt(p.ci[1])})` : ''}`;
      parts.push(`<circle class="point" data-series="${esc(s.name)}" fill="${color}" cx="${x(i)}" cy="${y.x(p.value)}" r="5"><title>${esc(title)}</title></circle>`);
    });
  });
  if (opts.marker) {
    const my = y.x(opts.marker.value);
    parts.push(`<line class="marker" x1="${left}" x2="${right}" y1="${my}" y2="${my}"/><text class="marker-label" x="${right}" y="${my - 5}" text-anchor="end">${esc(opts.marker.label)}</text>`);
  }
  return svg(opts.title, height, parts);
}

interface Scale {
  x(v: number): number;
  ticks: number[];
}

function linearScale(values: number[], from: number, to: number): Scale {
  const finite = values.filter(Number.isFinite);
  let lo = Math.min(0, ...finite);
  let hi = Math.max(...finite, lo + 1e-3);
  const step = niceStep((hi - lo) / 5);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const ticks: number[] = [];
  for (let t = lo; t <= hi + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { x: (v) => round(from + ((v - lo) / (hi - lo)) * (to - from)), ticks };
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  return (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
}

function xAxis(scale: Scale, y: number, unit: string, top: number): string {
  const ticks = scale.ticks.map((t) => `<line class="grid-v" x1="${scale.x(t)}" x2="${scale.x(t)}" y1="${top}" y2="${y}"/><text class="tick" x="${scale.x(t)}" y="${y + 14}" text-anchor="middle">${tick(t)}</text>`);
  return `${ticks.join('')}<text class="axis-label" x="${(LABEL_WIDTH + WIDTH) / 2}" y="${y + 30}" text-anchor="middle">${esc(unit)}</text>`;
}

function markerLine(x: number, top: number, bottom: number, label: string): string {
  // Near the right edge the label goes left of the line, so it is never cut off.
  const anchor = x > WIDTH - 140 ? `x="${x - 4}" text-anchor="end"` : `x="${x + 4}"`;
  return `<line class="marker" x1="${x}" x2="${x}" y1="${top - 4}" y2="${bottom}"/><text class="marker-label" ${anchor} y="${top + 6}">${esc(label)}</text>`;
}

function legend(series: string[]): string {
  let x = LABEL_WIDTH + 10;
  return series
    .map((name, i) => {
      const item = `<circle fill="${COLORS[i % COLORS.length]}" cx="${x}" cy="12" r="5"/><text class="legend" x="${x + 9}" y="16">${esc(name)}</text>`;
      x += 24 + name.length * 7;
      return item;
    })
    .join('');
}

function svg(title: string, height: number, parts: string[]): string {
  return `<svg class="plot" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}"><title>${esc(title)}</title>${parts.join('')}</svg>`;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** Axis labels: as many digits as the tick needs, no more. */
function tick(v: number): string {
  return String(Number(v.toPrecision(6)));
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  return abs >= 100 ? v.toFixed(0) : abs >= 10 ? v.toFixed(1) : abs >= 1 ? v.toFixed(2) : v.toFixed(3);
}
