// The stylesheet and the one script of report.html, inlined (the page loads nothing). The script
// only filters: the page reads fine without it.

export const STYLE = `
:root { --fail: #dc2626; --warn: #d97706; --pass: #16a34a; --skip: #6b7280; --error: #7c3aed; --line: #e5e7eb; --muted: #6b7280; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f3f4f6; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; border-radius: 4px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; font-weight: 600; }
.verdict.pass { background: var(--pass); } .verdict.fail { background: var(--fail); }
.meta { color: var(--muted); margin: 4px 0 12px; }
.tiles { display: flex; gap: 8px; flex-wrap: wrap; }
.tile { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--skip); padding: 6px 12px; border-radius: 4px; min-width: 90px; }
.tile b { display: block; font-size: 20px; }
.tile.pass { border-left-color: var(--pass); } .tile.fail { border-left-color: var(--fail); } .tile.warn { border-left-color: var(--warn); } .tile.error { border-left-color: var(--error); }
form#filters { position: sticky; top: 0; background: #f9fafb; padding: 10px 0; display: flex; gap: 14px; flex-wrap: wrap; align-items: center; border-bottom: 1px solid var(--line); z-index: 1; }
form#filters label { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: #f3f4f6; }
table.verdicts { table-layout: fixed; }
table.verdicts col.id { width: 30%; } table.verdicts col.title { width: auto; } table.verdicts col.level { width: 90px; } table.verdicts col.severity { width: 70px; } table.verdicts col.rev { width: 100px; }
table.verdicts td { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.st { font-weight: 600; text-transform: uppercase; font-size: 11px; }
.st-pass { color: var(--pass); } .st-fail { color: var(--fail); } .st-warn { color: var(--warn); } .st-skip { color: var(--skip); } .st-error { color: var(--error); }
.badge { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 3px; border: 1px solid currentColor; margin-right: 4px; }
.level-MUST { color: var(--fail); } .level-SHOULD { color: var(--warn); } .level-hardening { color: #2563eb; }
.family-head { display: flex; justify-content: space-between; align-items: baseline; }
.counts { color: var(--muted); font-size: 12px; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--warn); border-radius: 4px; padding: 10px 14px; margin: 10px 0; }
.finding.fail { border-left-color: var(--fail); } .finding.error { border-left-color: var(--error); }
.finding dl { display: grid; grid-template-columns: 90px 1fr; gap: 2px 10px; margin: 8px 0; }
.finding dt { color: var(--muted); }
.finding dd { margin: 0; }
svg.plot { background: #fff; border: 1px solid var(--line); border-radius: 4px; max-width: 100%; height: auto; display: block; margin: 8px 0; }
svg .grid, svg .grid-v { stroke: #f0f0f0; } svg .span { stroke: #cbd5e1; stroke-width: 8; stroke-linecap: round; }
svg .ci { stroke-width: 2; } svg .series-line { fill: none; stroke-width: 2; }
svg .marker { stroke: var(--fail); stroke-dasharray: 4 3; } svg .marker-label { fill: var(--fail); font-size: 11px; }
svg text { font: 11px system-ui, sans-serif; fill: #374151; } svg .axis-label { fill: var(--muted); }
footer { color: var(--muted); margin-top: 40px; font-size: 12px; }
[hidden] { display: none !important; }
`;

export const SCRIPT = `(() => {
  const form = document.getElementById('filters');
  if (!form) return;
  const all = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  function apply() {
    const statuses = new Set(all('input[name=status]:checked', form).map((i) => i.value));
    const family = form.elements.family.value;
    const level = form.elements.level.value;
    const query = form.elements.q.value.trim().toLowerCase();
    let shown = 0;
    for (const el of all('[data-statuses]')) {
      const visible = el.dataset.statuses.split(' ').some((s) => statuses.has(s))
        && (!family || el.dataset.family === family)
        && (!level || el.dataset.level === level)
        && (!query || el.dataset.text.includes(query));
      el.hidden = !visible;
      if (visible && el.tagName === 'TR') shown++;
    }
    for (const section of all('section.family')) section.hidden = !all('tr[data-statuses]', section).some((row) => !row.hidden);
    const findings = all('.finding');
    const noFindings = document.getElementById('no-findings');
    if (noFindings) noFindings.hidden = findings.length === 0 || findings.some((f) => !f.hidden);
    document.getElementById('shown').textContent = String(shown);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  apply();
})();
`;
