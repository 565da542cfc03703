/** The web UI: one static page that calls the JSON API. No framework; the browser does the rendering. @internal */
export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CloudTrail developer insights</title>
<style>
  :root { --ink:#1d2330; --muted:#667085; --line:#e4e7ec; --accent:#2563eb; --bad:#b42318; --warn:#b54708; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:#f7f8fa; }
  header { padding:14px 24px; background:#111827; color:#fff; display:flex; align-items:baseline; gap:16px; }
  header h1 { margin:0; font-size:18px; } header span { color:#9ca3af; font-size:12px; }
  form { display:flex; flex-wrap:wrap; gap:12px; align-items:end; padding:14px 24px; background:#fff; border-bottom:1px solid var(--line); }
  label { display:flex; flex-direction:column; font-size:12px; color:var(--muted); gap:4px; }
  input, select, button { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; }
  button { background:var(--accent); color:#fff; border:0; padding:7px 16px; cursor:pointer; }
  main { display:grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap:16px; padding:16px 24px; }
  section { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px 16px; min-width:0; }
  section h2 { margin:0 0 10px; font-size:14px; }
  .wide { grid-column: 1 / -1; }
  table { border-collapse:collapse; width:100%; font-size:12px; }
  td, th { padding:3px 6px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
  .heat td { width:3.6%; height:18px; padding:0; border:1px solid #fff; text-align:center; font-size:9px; color:#fff; }
  .heat th { font-weight:normal; color:var(--muted); font-size:10px; padding:0 3px; }
  .bar { display:flex; align-items:center; gap:8px; margin:3px 0; }
  .bar i { display:block; height:10px; background:var(--accent); border-radius:3px; }
  .bar b { font-weight:500; min-width:190px; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; }
  .sev-high { color:var(--bad); font-weight:600; } .sev-medium { color:var(--warn); }
  pre { background:#0b1020; color:#d1e0ff; padding:10px; border-radius:8px; overflow:auto; max-height:320px; font-size:11px; }
  .muted { color:var(--muted); } .stat { display:inline-block; margin-right:18px; } .stat b { font-size:18px; display:block; }
  #status { color:var(--muted); font-size:12px; }
</style>
</head>
<body>
<header><h1>CloudTrail developer insights</h1><span id="source"></span></header>
<form id="query">
  <label>Start (UTC)<input type="datetime-local" id="start" name="start" step="1"></label>
  <label>End (UTC)<input type="datetime-local" id="end" name="end" step="1"></label>
  <label>Identity<select id="identity" name="identity"><option value="">All identities</option></select></label>
  <label><span><input type="checkbox" id="claude" checked> Claude narrative</span></label>
  <button type="submit">Analyse</button>
  <span id="status">Loading...</span>
</form>
<main>
  <section class="wide"><h2>Overview</h2><div id="overview" data-testid="overview"></div></section>
  <section class="wide"><h2>Activity by hour x weekday (UTC)</h2><div id="heatmap" data-testid="heatmap"></div></section>
  <section><h2>Top actions</h2><div id="top-actions" data-testid="top-actions"></div></section>
  <section><h2>Predicted next actions</h2><div id="predictions" data-testid="predictions"></div></section>
  <section><h2>Claude narrative</h2><div id="narrative" data-testid="narrative"></div></section>
  <section class="wide"><h2>Anomalies</h2><div id="anomalies" data-testid="anomalies"></div></section>
  <section class="wide"><h2>Suggested least-privilege policy</h2><div id="policy" data-testid="policy"></div></section>
</main>
<script>
const DAYS = ['Sun','Mon','Tue','Wed','Thu','Fri','Sat'];
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const toInput = (iso) => iso ? iso.slice(0, 19) : '';
const fromInput = (v) => v ? new Date(v + 'Z').toISOString() : '';

function heatmap(matrix) {
  const max = Math.max(1, ...matrix.flat());
  let html = '<table class="heat"><tr><th></th>' + Array.from({length:24}, (_, h) => '<th>' + h + '</th>').join('') + '</tr>';
  matrix.forEach((row, d) => {
    html += '<tr><th>' + DAYS[d] + '</th>' + row.map((n) => {
      const a = n === 0 ? 0 : 0.15 + 0.85 * n / max;
      return '<td data-count="' + n + '" title="' + DAYS[d] + ' ' + n + '" style="background:rgba(37,99,235,' + a.toFixed(2) + ')">' + (n || '') + '</td>';
    }).join('') + '</tr>';
  });
  return html + '</table>';
}
function bars(items, fmt) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return items.map((i) => '<div class="bar"><b title="' + esc(i.label) + '">' + esc(i.label) + '</b><i style="width:' + (160 * i.value / max).toFixed(0) + 'px"></i><span>' + fmt(i.value) + '</span></div>').join('') || '<p class="muted">No data</p>';
}

async function load(initial) {
  $('status').textContent = 'Analysing...';
  // Claude is asked only when the user presses Analyse with it ticked, never on page load.
  const query = { claude: !initial && $('claude').checked };
  if ($('start').value) query.startTime = fromInput($('start').value);
  if ($('end').value) query.endTime = fromInput($('end').value);
  if ($('identity').value) query.identity = $('identity').value;
  const response = await fetch('/api/analysis', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) });
  const data = await response.json();
  if (!response.ok) { $('status').textContent = (data.error && data.error.message) || 'Request failed'; return; }
  render(data, initial);
  $('status').textContent = 'Updated ' + new Date().toLocaleTimeString() + (data.truncated ? ' (truncated: narrow the range)' : '');
}

function render(data, initial) {
  const s = data.report.summary;
  $('source').textContent = data.source + (data.region ? ' · ' + data.region : '');
  if (initial) {
    if (!$('start').value) $('start').value = toInput(data.window.startTime || s.from);
    if (!$('end').value) $('end').value = toInput(data.window.endTime || s.to);
  }
  const select = $('identity');
  const chosen = select.value;
  select.length = 1;
  for (const who of data.identities) {
    const o = document.createElement('option'); o.value = who.key; o.textContent = who.key + ' (' + who.count + ')'; select.appendChild(o);
  }
  select.value = chosen;
  $('overview').innerHTML = ['events', 'identities', 'errors', 'read', 'write', 'anomalies'].map((k) => {
    const v = { events: s.total, identities: data.identities.length, errors: s.errors, read: s.readWrite.read, write: s.readWrite.write, anomalies: data.report.anomalies.total }[k];
    return '<span class="stat" data-stat="' + k + '"><b>' + v + '</b>' + k + '</span>';
  }).join('') + '<p class="muted">' + esc(s.from || '') + ' .. ' + esc(s.to || '') + (data.window.identity ? ' · identity: <b>' + esc(data.window.identity) + '</b>' : ' · all identities') + '</p>';
  $('heatmap').innerHTML = heatmap(s.hourByWeekday);
  $('top-actions').innerHTML = bars(s.byEventName.map((c) => ({ label: c.key, value: c.count })), (v) => v);
  $('predictions').innerHTML = data.focus
    ? '<p class="muted">After: ' + esc(data.prediction.history.join(' > ') || '(session start)') + '</p>' +
      bars(data.prediction.predictions.map((p) => ({ label: p.eventName, value: p.probability })), (v) => (v * 100).toFixed(1) + '%')
    : '<p class="muted">No identity.</p>';
  const anomalies = data.anomalies;
  $('anomalies').innerHTML = anomalies.length === 0 ? '<p class="muted">None.</p>' :
    '<table><tr><th>Severity</th><th>Time</th><th>Identity</th><th>Kind</th><th>Detail</th></tr>' + anomalies.map((a) =>
      '<tr><td class="sev-' + a.severity + '">' + a.severity + '</td><td>' + esc(a.eventTime) + '</td><td>' + esc(a.identity) + '</td><td>' + a.kind + '</td><td>' + esc(a.detail) + '</td></tr>').join('') + '</table>';
  $('policy').innerHTML = data.policy ? '<p class="muted">For ' + esc(data.focus) + ', from its successful calls.</p><pre>' + esc(JSON.stringify(data.policy, null, 2)) + '</pre>' : '<p class="muted">Choose an identity.</p>';
  const c = data.claude;
  $('narrative').innerHTML = c.analysis
    ? '<p>' + esc(c.analysis.summary) + '</p>' +
      c.analysis.risks.map((r) => '<p class="sev-' + r.severity + '">' + esc(r.identity) + ': ' + esc(r.finding) + '</p>').join('') +
      '<ul>' + c.analysis.recommendations.map((r) => '<li>' + esc(r) + '</li>').join('') + '</ul><p class="muted">' + esc(c.modelId) + '</p>'
    : '<p class="muted">Claude narrative skipped: ' + esc(c.skipped) + '</p>';
}

$('query').addEventListener('submit', (e) => { e.preventDefault(); load(false).catch((err) => { $('status').textContent = String(err); }); });
load(true).catch((err) => { $('status').textContent = String(err); });
</script>
</body>
</html>`;
