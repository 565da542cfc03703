/**
 * The dashboard's browser script: reads `/api/analysis` and draws counts, heatmap, top actions, predictions,
 * anomalies, policy and Claude's narrative. Every value from the data goes through `esc`. @internal
 */
export const DASHBOARD_SCRIPT = `
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
// A question the chat can start from the dashboard (an identity, an anomaly): the text travels in a data attribute.
function askButton(question, label) {
  return '<button type="button" class="quiet" data-ask="' + esc(question) + '">' + esc(label) + '</button>';
}
function dashboardSelection() {
  const selection = {};
  if ($('start').value) selection.startTime = fromInput($('start').value);
  if ($('end').value) selection.endTime = fromInput($('end').value);
  if ($('identity').value) selection.identity = $('identity').value;
  return selection;
}
function bars(items, fmt) {
  const max = Math.max(1, ...items.map((i) => i.value));
  return items.map((i) => '<div class="bar"><b title="' + esc(i.label) + '">' + esc(i.label) + '</b><i style="width:' + (160 * i.value / max).toFixed(0) + 'px"></i><span>' + fmt(i.value) + '</span></div>').join('') || '<p class="muted">No data</p>';
}

async function load(initial) {
  $('status').textContent = 'Analysing...';
  // Claude is asked only when the user presses Analyse with it ticked, never on page load.
  const query = { ...dashboardSelection(), claude: !initial && $('claude').checked };
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
    ? '<p>' + askButton('What did ' + data.focus + ' do in this window, what will they probably do next, and is anything unusual?', 'Ask the agent about ' + data.focus) + '</p>' +
      '<p class="muted">After: ' + esc(data.prediction.history.join(' > ') || '(session start)') + '</p>' +
      bars(data.prediction.predictions.map((p) => ({ label: p.eventName, value: p.probability })), (v) => (v * 100).toFixed(1) + '%')
    : '<p class="muted">No identity.</p>';
  const anomalies = data.anomalies;
  $('anomalies').innerHTML = anomalies.length === 0 ? '<p class="muted">None.</p>' :
    '<table><tr><th>Severity</th><th>Time</th><th>Identity</th><th>Kind</th><th>Detail</th><th></th></tr>' + anomalies.map((a) =>
      '<tr><td class="sev-' + a.severity + '">' + a.severity + '</td><td>' + esc(a.eventTime) + '</td><td>' + esc(a.identity) + '</td><td>' + a.kind + '</td><td>' + esc(a.detail) + '</td><td>' +
      askButton('Explain this ' + a.severity + ' anomaly of ' + a.identity + ' at ' + a.eventTime + ' (' + a.kind + ': ' + a.detail + '). Is it risky, and what should we check?', 'Ask') + '</td></tr>').join('') + '</table>';
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
`;
