import { Footer } from './components/Footer.js';
import { Header } from './components/Header.js';

const apiBase = document.querySelector('meta[name="cat-data-api"]')?.content ?? '/api';
const number = new Intl.NumberFormat('ja-JP');
const percent = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
const show = (value) => (value === null || value === undefined ? '—' : number.format(value));

async function getJson(path) {
  const response = await fetch(`${apiBase}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function fillTable(table, headers, rows, textColumns = 0) {
  const head = document.createElement('tr');
  headers.forEach((h, i) => {
    const th = document.createElement('th');
    th.textContent = h;
    if (i < textColumns) th.className = 'text';
    head.append(th);
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    row.forEach((cell, i) => {
      const td = document.createElement('td');
      td.textContent = cell;
      if (i < textColumns) td.className = 'text';
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

/**
 * Every calendar month from the first to the last of `monthly`, the months without events as zeros: the chart's x
 * axis is time, so a gap shows as a gap rather than two distant months drawn side by side.
 */
function calendarMonths(monthly) {
  if (monthly.length === 0) return [];
  const byMonth = new Map(monthly.map((m) => [m.month, m]));
  const [firstYear, firstMonth] = monthly[0].month.split('-').map(Number);
  const [lastYear, lastMonth] = monthly.at(-1).month.split('-').map(Number);
  const months = [];
  for (let i = firstYear * 12 + firstMonth - 1; i <= lastYear * 12 + lastMonth - 1; i++) {
    const month = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    months.push(byMonth.get(month) ?? { month, intakes: 0, outcomes: 0, liveOutcomes: 0 });
  }
  return months;
}

/** A small SVG line chart: one line per series, one point per calendar month on the x axis. */
function trendChart(months, series) {
  const width = 960;
  const height = 260;
  const pad = { left: 40, right: 30, top: 10, bottom: 30 };
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i) =>
    pad.left + (months.length <= 1 ? 0 : (i * (width - pad.left - pad.right)) / (months.length - 1));
  const y = (v) => height - pad.bottom - (v * (height - pad.top - pad.bottom)) / max;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'monthly intakes and outcomes');
  const add = (name, attributes, text) => {
    const el = document.createElementNS(ns, name);
    for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  for (const fraction of [0, 0.5, 1]) {
    const v = Math.round(max * fraction);
    add('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), stroke: '#dde3ea' });
    add('text', { x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v));
  }
  months.forEach((m, i) => {
    if (i % Math.max(1, Math.ceil(months.length / 12)) === 0)
      add('text', { x: x(i), y: height - 10, 'text-anchor': 'middle' }, m);
  });
  for (const s of series) {
    add('polyline', {
      points: s.values.map((v, i) => `${x(i)},${y(v)}`).join(' '),
      fill: 'none',
      stroke: s.colour,
      'stroke-width': 2,
      'data-series': s.name,
    });
  }
  const legend = document.createElement('figcaption');
  legend.className = 'legend';
  for (const s of series) {
    const swatch = document.createElement('span');
    swatch.style.background = s.colour;
    legend.append(swatch, s.name);
  }
  return [svg, legend];
}

async function main() {
  document.getElementById('header').replaceWith(
    Header({
      title: '猫の保護・TNR 統計',
      subtitle: 'Municipal cat data: intakes, outcomes, TNR — aggregated statistics',
    }),
  );
  document.getElementById('footer').replaceWith(Footer({ apiBase }));
  const status = document.getElementById('status');
  try {
    const [summary, monthly, ministry, areas] = await Promise.all([
      getJson('/stats/summary'),
      getJson('/stats/monthly'),
      getJson('/stats/ministry'),
      getJson('/stats/areas'),
    ]);
    const tiles = [
      ['収容 Intakes', show(summary.intakes)],
      ['転帰 Outcomes', show(summary.outcomes)],
      ['生存退所率 Live release', percent(summary.liveReleaseRate)],
      ['在所日数 中央値 Median stay (days)', show(summary.lengthOfStay.medianDays)],
      ['在所日数 90% p90 stay (days)', show(summary.lengthOfStay.p90Days)],
    ];
    document.getElementById('summary').replaceChildren(
      ...tiles.map(([label, value]) => {
        const div = document.createElement('div');
        const dt = document.createElement('dt');
        dt.textContent = label;
        const dd = document.createElement('dd');
        dd.textContent = value;
        div.append(dt, dd);
        return div;
      }),
    );
    const months = calendarMonths(monthly);
    if (months.length === 0) {
      const hint = document.createElement('p');
      hint.className = 'empty';
      hint.textContent =
        'まだデータがありません。CSV を取り込んでください (mv-cat-data import <file.csv> --mapping <mapping.json>) / ' +
        'No data yet: import a CSV with mv-cat-data import, or through the API (POST /imports).';
      document.getElementById('trend').replaceChildren(hint);
    } else {
      document.getElementById('trend').replaceChildren(
        ...trendChart(
          months.map((m) => m.month),
          [
            { name: '収容 intakes', colour: '#d9822b', values: months.map((m) => m.intakes) },
            { name: '転帰 outcomes', colour: '#23415f', values: months.map((m) => m.outcomes) },
            { name: '生存退所 live outcomes', colour: '#3b9c5a', values: months.map((m) => m.liveOutcomes) },
          ],
        ),
      );
    }
    fillTable(
      document.getElementById('ministry'),
      [
        '年度',
        '引取り数',
        'うち所有者から',
        'うち所有者不明',
        '負傷 (収容)',
        '返還数',
        '譲渡数',
        '殺処分数',
        '全国 殺処分数 (公表)',
      ],
      ministry.map((r) => [
        `${r.fiscalYear}年度`,
        show(r.intake),
        show(r.intakeFromOwner),
        show(r.intakeOwnerUnknown),
        show(r.injured),
        show(r.returned),
        show(r.transferred),
        show(r.euthanised),
        show(r.published?.euthanised),
      ]),
      1,
    );
    fillTable(
      document.getElementById('areas'),
      [
        '都道府県',
        '市区町村',
        '地区',
        '収容',
        '転帰',
        '生存退所率',
        'TNR (耳カット)',
        '推定頭数',
        'TNR カバー率',
        '相談',
      ],
      areas.map((a) => [
        a.prefecture,
        a.municipality,
        a.district,
        show(a.intakes),
        show(a.outcomes),
        percent(a.liveReleaseRate),
        show(a.earTippedReleases),
        show(a.estimatedCommunityCats),
        percent(a.tnrCoverage),
        show(a.consultations),
      ]),
      3,
    );
    status.textContent = `更新 Updated ${new Date().toLocaleString('ja-JP')}`;
    document.body.dataset.ready = 'true';
  } catch (error) {
    status.textContent = `データを読み込めませんでした / Could not load the statistics (${error.message})`;
    status.className = 'error';
    document.body.dataset.ready = 'error';
  }
}

main();
