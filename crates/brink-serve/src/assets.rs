//! The one stylesheet and the one script, served by the binary (`/static/app.css`,
//! `/static/app.js`): no npm, no CDN. The report inlines the stylesheet.

pub const CSS: &str = r#"
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #263238; color: #fff; padding: 8px 16px; }
header a { color: #cfe8ff; margin-right: 14px; text-decoration: none; }
main { padding: 12px 20px; max-width: 1200px; }
h1 { font-size: 22px; margin: 8px 0; } h2 { font-size: 18px; margin: 18px 0 6px; }
h3 { font-size: 15px; margin: 12px 0 4px; }
table { border-collapse: collapse; margin: 6px 0; background: #fff; }
td, th { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
input.cell { width: 70px; text-align: right; }
input.cell.changed { background: #fff4c2; }
.note { color: #666; font-size: 12px; }
.diag { color: #b00020; white-space: pre-wrap; font-family: monospace; }
.panel { background: #fff; border: 1px solid #ddd; padding: 8px 12px; margin: 10px 0; }
.row { display: flex; gap: 16px; flex-wrap: wrap; }
button { margin: 4px 6px 4px 0; }
progress { width: 300px; }
svg.chart { background: #fff; border: 1px solid #eee; max-width: 100%; height: auto; }
svg .lab { font-size: 11px; fill: #333; }
svg .val, svg .tick { font-size: 10px; fill: #555; }
svg .tick { text-anchor: middle; }
svg .scalelab { font-size: 9px; fill: #666; text-anchor: middle; }
svg .dotlab { font-size: 8px; fill: #fff; text-anchor: middle; }
svg .grid { stroke: #eee; }
svg .axis { stroke: #555; }
svg .frame { fill: none; stroke: #ccc; }
svg .actor { fill: #607d8b; fill-opacity: 0.55; stroke: #37474f; }
svg .interval { stroke-width: 6; stroke-opacity: 0.35; stroke-linecap: round; }
svg .interval.dark { stroke: #000; stroke-width: 2; stroke-opacity: 0.7; }
svg .trail { fill: none; stroke: #9e9e9e; stroke-opacity: 0.6; }
svg .mean { fill: none; stroke-width: 2.5; }
svg .edge { fill: none; stroke: #90a4ae; stroke-width: 1.2; }
svg .edge.spe { stroke: #d62728; stroke-width: 3; }
svg .node { fill: #263238; } svg .node.chance { fill: #fff; stroke: #263238; }
svg .act { font-size: 10px; fill: #333; } svg .act .p { fill: #1f77b4; font-weight: bold; }
svg .mover { font-size: 10px; font-weight: bold; fill: #263238; text-anchor: end; }
svg .leaf { fill: #999; } svg .leaflab { font-size: 10px; fill: #333; } svg .cls { font-weight: bold; }
svg .leaf.deal { fill: #2ca02c; } svg .leaf.war { fill: #d62728; } svg .leaf.strike { fill: #ff7f0e; }
.slider { display: grid; grid-template-columns: 220px 200px 60px; align-items: center; gap: 6px; font-size: 12px; }
.up { color: #1b7f1b; } .down { color: #b00020; }
@media print {
  header, button, .noprint { display: none; }
  .scenario { page-break-after: always; }
  body { background: #fff; }
}
"#;

pub const JS: &str = r#"
// brink workbench: the little interaction the pages need (no framework, no build step).
'use strict';
function el(id) { return document.getElementById(id); }
function showDiagnostics(target, body) {
  let text = body.error || 'error';
  if (body.diagnostics && body.diagnostics.length) {
    text = body.diagnostics.map(d => (d.file || '') + ':' + (d.line || '?') + ':' + (d.column || '?') +
      (d.field ? ' [' + d.field + ']' : '') + ' ' + d.message).join('\n');
  }
  target.textContent = text;
}
async function post(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: body });
  let json = null;
  try { json = await r.json(); } catch (e) { json = { error: 'HTTP ' + r.status }; }
  return { ok: r.ok, status: r.status, json: json };
}
function setPath(obj, path, value) {
  const parts = path.split('.');
  let o = obj;
  for (let i = 0; i < parts.length - 1; i++) o = o[parts[i]];
  o[parts[parts.length - 1]] = value;
}
// The scenario page: edits in the tables change the twin; Re-run shows the what-if forecast.
const Brink = {
  twin: null, saved: null, file: null,
  init(twin, saved, file) {
    this.twin = twin; this.saved = saved; this.file = file;
    document.querySelectorAll('input.cell').forEach(inp => {
      inp.addEventListener('change', () => {
        const v = Number(inp.value);
        if (inp.value.trim() === '' || !isFinite(v)) { inp.value = inp.dataset.orig; return; }
        setPath(this.twin, inp.dataset.path, v);
        inp.classList.toggle('changed', inp.value !== inp.dataset.orig);
        this.rerun();
      });
    });
  },
  text() { return JSON.stringify(this.twin, null, 1); },
  async rerun() {
    el('status').textContent = 'running…';
    const r = await post('/view/forecast?record=0&interval_runs=0', this.text());
    if (!r.ok) { el('status').textContent = ''; showDiagnostics(el('diagnostics'), r.json); return; }
    el('diagnostics').textContent = '';
    el('whatif').innerHTML = r.json.html;
    this.deltas(r.json.report);
    el('status').textContent = 'what-if updated';
  },
  deltas(report) {
    const rows = [];
    report.issues.forEach((issue, i) => {
      const saved = this.saved.issues[i] || { forecasts: [] };
      issue.forecasts.forEach(f => {
        const s = saved.forecasts.find(x => x.model === f.model);
        const d = s ? f.forecast - s.forecast : NaN;
        const cls = d > 1e-9 ? 'up' : d < -1e-9 ? 'down' : '';
        rows.push('<tr><td>' + issue.id + '</td><td>' + f.model + '</td><td class="n">' +
          (s ? s.forecast.toFixed(1) : '—') + '</td><td class="n whatif-value">' + f.forecast.toFixed(1) +
          '</td><td class="n ' + cls + '">' + (isNaN(d) ? '' : (d >= 0 ? '+' : '') + d.toFixed(1)) + '</td></tr>');
      });
    });
    el('deltas').innerHTML = '<table><tr><th>issue</th><th>model</th><th class="n">saved</th><th class="n">what-if</th><th class="n">Δ</th></tr>' + rows.join('') + '</table>';
  },
  async save() {
    const r = await post('/api/forecast?record=1&interval_runs=0&file=' + encodeURIComponent(this.file), this.text());
    if (!r.ok) { showDiagnostics(el('diagnostics'), r.json); return; }
    el('status').textContent = 'saved in the store as a new version (see History)';
  },
  async saveFile() {
    const name = prompt('Save as a new file in the scenario folder (.toml):', this.file.replace(/\.(toml|json)$/, '') + '-edited.toml');
    if (!name) return;
    const r = await fetch('/api/files/' + encodeURIComponent(name), { method: 'PUT', body: this.text() });
    const j = await r.json();
    if (!r.ok) { showDiagnostics(el('diagnostics'), j); return; }
    el('status').textContent = 'written to ' + j.file;
  },
  async simulate(kind) {
    const runs = kind === 'simulate' ? 2000 : 500;
    let r = await post('/api/jobs/' + kind + '?runs=' + runs + '&file=' + encodeURIComponent(this.file), this.text());
    if (!r.ok) { showDiagnostics(el('diagnostics'), r.json); return; }
    const id = r.json.id;
    el('jobbox').innerHTML = kind + ' (job ' + id + (r.json.joined ? ', joined a running one' : '') + '): <progress id="jobbar" max="1" value="0"></progress> <span id="jobtext"></span><div id="jobresult"></div>';
    for (;;) {
      const j = await (await fetch('/api/job/' + id)).json();
      el('jobbar').max = j.total; el('jobbar').value = j.done;
      el('jobtext').textContent = j.done + ' / ' + j.total + ' runs';
      if (j.state === 'failed') { showDiagnostics(el('jobresult'), j.error); return; }
      if (j.state === 'done') { this.showJob(kind, j.result); return; }
      await new Promise(res => setTimeout(res, 300));
    }
  },
  showJob(kind, result) {
    const rows = [];
    if (kind === 'simulate') {
      result.issues.forEach(i => i.models.forEach(m => rows.push('<tr><td>' + i.id + '</td><td>' + m.model +
        '</td><td class="n">' + m.mean.toFixed(1) + '</td><td class="n">' + m.p05.toFixed(1) + ' – ' + m.p95.toFixed(1) + '</td></tr>')));
      el('jobresult').innerHTML = '<table><tr><th>issue</th><th>model</th><th class="n">mean</th><th class="n">90% interval</th></tr>' + rows.join('') + '</table>';
    } else {
      el('jobresult').innerHTML = '<pre>' + JSON.stringify(result.issues.map(i => ({ issue: i.id, top: (i.inputs || []).slice(0, 5).map(x => x.input || x.name) })), null, 1) + '</pre>';
    }
  },
};
// The crisis page: sliders re-solve the game live.
const Crisis = {
  twin: null, timer: null,
  init(twin) {
    this.twin = twin;
    document.querySelectorAll('input.param').forEach(inp => {
      inp.addEventListener('input', () => {
        el('v-' + inp.dataset.key).textContent = Number(inp.value).toFixed(2);
        this.twin.crisis[inp.dataset.key] = Number(inp.value);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.solve(), 60);
      });
    });
  },
  async solve() {
    const r = await post('/view/crisis?record=0&runs=200', JSON.stringify(this.twin, null, 1));
    if (!r.ok) { showDiagnostics(el('diagnostics'), r.json); return; }
    el('diagnostics').textContent = '';
    el('crisis').innerHTML = r.json.html;
  },
};
// The runs page: pick two runs to compare.
function diffSelected() {
  const ids = Array.from(document.querySelectorAll('input.pick:checked')).map(x => x.value);
  if (ids.length !== 2) { alert('Pick two runs'); return; }
  location.href = '/runs/' + ids[1] + '/diff/' + ids[0];
}
"#;
