// app.js: the dashboard's behaviour.  It reads the controls, asks deeds'
// JSON API (docs/serve.md) and draws: the rhetoric/results chart with uPlot,
// the judgement and follow-through, the events behind a clicked point, the
// alignment heat map, full-text search and, when the server has a scenario,
// the forecast.  Text from the store is only ever set as textContent.
'use strict';

const $ = (id) => document.getElementById(id);

// What the page shows now; the browser test reads window.deeds.chart.
const state = { chart: null, periods: [], dyad: null, by: 'month' };
window.deeds = state;

async function api(endpoint, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== '' && value !== null && value !== undefined) query.set(key, value);
  const res = await fetch(`/api/${endpoint}?${query}`);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || `${res.status} ${res.statusText}`);
  return body;
}

function showError(err) {
  const box = $('error');
  box.textContent = err ? String(err.message || err) : '';
  box.hidden = !err;
}

// ------------------------------------------------------------------ dates

const toSeconds = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 1000;
const isoDate = (d) => d.toISOString().slice(0, 10);

// The last day of the period that starts on iso.
function periodEnd(iso, by) {
  const d = new Date(toSeconds(iso) * 1000);
  if (by === 'day') d.setUTCDate(d.getUTCDate() + 1);
  else if (by === 'week') d.setUTCDate(d.getUTCDate() + 7);
  else if (by === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
  else if (by === 'quarter') d.setUTCMonth(d.getUTCMonth() + 3);
  else d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return isoDate(d);
}

// ---------------------------------------------------------------- controls

function actorList() {
  return $('actors').value.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
}

function fillActorChoices() {
  const actors = actorList();
  for (const [id, fallback] of [['source', 0], ['target', 1]]) {
    const select = $(id), keep = select.value;
    select.replaceChildren(...actors.map((a) => new Option(a, a)), new Option('anyone', '*'));
    select.value = actors.includes(keep) ? keep : actors[Math.min(fallback, actors.length - 1)];
  }
}

function selection() {
  return {
    source: $('source').value, target: $('target').value,
    from: $('from').value, to: $('to').value, by: $('by').value, count: $('count').value,
  };
}

// The view lives in the address (#source=USA&target=PRK&...), so that a
// link or a reload opens the same view.
const viewKeys = ['actors', 'source', 'target', 'from', 'to', 'by', 'count'];

function saveView(tab) {
  const view = new URLSearchParams();
  for (const key of viewKeys) if ($(key).value) view.set(key, $(key).value);
  view.set('tab', tab);
  history.replaceState(null, '', `#${view}`);
}

function restoreView() {
  const view = new URLSearchParams(location.hash.slice(1));
  if (view.get('actors')) $('actors').value = view.get('actors');
  fillActorChoices();
  for (const key of viewKeys.slice(1)) if (view.get(key)) $(key).value = view.get(key);
  return view.get('tab') || 'dyad';
}

function showTab(name) {
  saveView(name);
  for (const button of document.querySelectorAll('#tabs button'))
    button.setAttribute('aria-selected', String(button.dataset.tab === name));
  for (const section of document.querySelectorAll('section.tab'))
    section.hidden = section.id !== `tab-${name}`;
  const load = { dyad: loadDyad, alignment: loadAlignment, forecast: loadForecast }[name];
  if (load) load().catch(showError);
}

// ------------------------------------------------------------ dyad: chart

// (coop - conflict) / (coop + conflict), or null when there was neither.
const balance = (coop, conflict) => (coop + conflict ? (coop - conflict) / (coop + conflict) : null);

function drawChart(rows) {
  const x = rows.map((r) => toSeconds(r.period));
  const rhetoric = rows.map((r) => balance(r.verbal_coop, r.verbal_conflict));
  const results = rows.map((r) => balance(r.material_coop, r.material_conflict));
  const gap = rhetoric.map((v, i) => (v === null || results[i] === null ? null : v - results[i]));
  const el = $('chart');
  const opts = {
    width: Math.max(320, el.clientWidth || 760), height: 320,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: { y: { range: [-2, 2] } },
    series: [
      { value: (u, v) => (v === null ? '' : isoDate(new Date(v * 1000))) },
      { label: 'rhetoric', stroke: '#2166ac', width: 2, spanGaps: true, points: { show: true, size: 7 } },
      { label: 'results', stroke: '#0b6e4f', width: 2, spanGaps: true, points: { show: true, size: 7 } },
      { label: 'say–do gap', stroke: '#6a3d9a', width: 1.5, dash: [6, 4], points: { show: true, size: 5 } },
    ],
    axes: [{}, { label: 'index (−1 .. +1; gap −2 .. +2)' }],
  };
  if (state.chart) state.chart.destroy();
  el.replaceChildren();
  state.chart = new uPlot(opts, [x, rhetoric, results, gap], el);
  state.chart.over.addEventListener('click', () => {
    const i = state.chart.cursor.idx;
    if (i !== null && i !== undefined) loadPeriodEvents(i).catch(showError);
  });
}

function setFigure(id, value, digits = 2) {
  const el = $(id);
  el.textContent = Number.isFinite(value) ? (value > 0 ? '+' : '') + value.toFixed(digits) : '–';
  el.className = 'figure ' + (value > 0 ? 'pos' : value < 0 ? 'neg' : '');
}

function followItem(f, verb) {
  const li = document.createElement('li');
  li.append(eventLine(f.said));
  const outcome = document.createElement('div');
  outcome.className = 'article';
  outcome.textContent = f.done
    ? `${verb} after ${f.days} days: ${f.did.date} ${f.did.code} ${f.did.label}`
    : 'no matching act within the window';
  li.append(outcome);
  return li;
}

function showJudgement(j) {
  setFigure('rhetoric', j.rhetoric);
  setFigure('results', j.results);
  setFigure('gap', j.gap);
  setFigure('gap-trend', j.gap_trend, 3);
  $('verdict').textContent = j.verdict || '';
  $('follow-summary').textContent =
    `Promises and offers followed by a matching act within ${j.window} days: ` +
    `${j.promises_kept} of ${j.promises.length}.  Threats carried out: ` +
    `${j.threats_carried} of ${j.threats.length}.  (Counting ${j.counting}.)`;
  $('promises').replaceChildren(...j.promises.map((f) => followItem(f, 'kept')));
  $('threats').replaceChildren(...j.threats.map((f) => followItem(f, 'carried out')));
}

async function loadDyad() {
  const sel = selection();
  state.dyad = sel;
  state.by = sel.by;
  $('dyad-title').textContent = `${sel.source} → ${sel.target}`;
  const [rows, judgement] = await Promise.all([
    api('series', { source: sel.source, target: sel.target, from: sel.from, to: sel.to,
                    by: sel.by, count: sel.count }),
    api('judge', { source: sel.source, target: sel.target, from: sel.from, to: sel.to,
                   by: sel.by, count: sel.count }),
  ]);
  state.periods = rows.map((r) => r.period);
  drawChart(rows);
  showJudgement(judgement);
  $('events-title').textContent = 'Events: click a point of the chart';
  $('events').replaceChildren();
  showError(null);
}

async function loadPeriodEvents(i) {
  const sel = state.dyad, from = state.periods[i], to = periodEnd(from, state.by);
  const body = await api('events', { source: sel.source, target: sel.target, from, to,
                                     count: sel.count, limit: 200 });
  $('events-title').textContent =
    `Events ${sel.source} → ${sel.target}, ${from} to ${to}: ${body.count}` +
    `${body.more ? '+' : ''} (counting ${body.counting})`;
  $('events').replaceChildren(...body.events.map(eventItem));
}

// ---------------------------------------------------------------- events

function eventLine(e) {
  const head = document.createElement('div');
  head.className = 'event-head';
  const code = document.createElement('span');
  code.className = 'code';
  code.textContent = `${e.code} ${e.label}`;
  head.append(`${e.date}  ${e.source} → ${e.target}  `, code,
              `  (${e.root_label}; ${e.quad}; Goldstein ${e.goldstein}` +
              `${e.mode !== 'asserted' ? '; ' + e.mode : ''})`);
  return head;
}

// The sentence with the actor and verb words marked.
function highlightedSentence(e) {
  const text = e.sentence, lower = text.toLowerCase(), marks = [];
  for (const [words, kind] of [[e.source_text, 'source'], [e.target_text, 'target'], [e.verb_text, 'verb']]) {
    if (!words) continue;
    let at = text.indexOf(words);
    if (at < 0) at = lower.indexOf(words.toLowerCase());
    if (at >= 0) marks.push({ start: at, end: at + words.length, kind });
  }
  marks.sort((a, b) => a.start - b.start);
  const p = document.createElement('p');
  p.className = 'sentence';
  let pos = 0;
  for (const m of marks) {
    if (m.start < pos) continue;
    p.append(text.slice(pos, m.start));
    const mark = document.createElement('mark');
    mark.className = m.kind;
    mark.textContent = text.slice(m.start, m.end);
    p.append(mark);
    pos = m.end;
  }
  p.append(text.slice(pos));
  return p;
}

function articleLine(e) {
  const div = document.createElement('div');
  div.className = 'article';
  const title = e.title || e.article;
  if (/^https?:\/\//.test(e.url)) {
    const a = document.createElement('a');
    a.href = e.url;
    a.rel = 'noreferrer';
    a.textContent = title;
    div.append(a);
  } else {
    div.append(title);
  }
  const where = [e.publication, e.date].filter(Boolean).join(', ');
  div.append(` · ${where}` + (e.mentions > 1 ? ` · ${e.mentions} reports in ${e.articles} articles` : ''));
  return div;
}

function eventItem(e) {
  const li = document.createElement('li');
  li.append(eventLine(e), highlightedSentence(e), articleLine(e));
  return li;
}

// -------------------------------------------------------------- alignment

function cellColour(v, max) {
  const t = max ? Math.min(1, Math.abs(v) / max) : 0;
  const [r, g, b] = v >= 0 ? [33, 102, 172] : [178, 24, 43];
  const mix = (c) => Math.round(255 + (c - 255) * t);
  return `rgb(${mix(r)}, ${mix(g)}, ${mix(b)})`;
}

async function loadAlignment() {
  const sel = selection();
  const body = await api('alignment', { actors: actorList().join(','), from: sel.from, to: sel.to,
                                        count: sel.count });
  const max = Math.max(0, ...body.matrix.flat().map(Math.abs));
  const table = $('alignment');
  const head = document.createElement('tr');
  head.append(document.createElement('th'));
  for (const a of body.actors) {
    const th = document.createElement('th');
    th.textContent = `→ ${a}`;
    head.append(th);
  }
  const rows = body.matrix.map((row, i) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = body.actors[i];
    tr.append(th);
    row.forEach((v, j) => {
      const td = document.createElement('td');
      if (i === j) {
        td.className = 'self';
      } else {
        td.textContent = Math.round(v);
        td.style.background = cellColour(v, max);
        td.style.color = Math.abs(v) > max * 0.6 ? '#fff' : '';
        td.title = `${body.actors[i]} → ${body.actors[j]}: net Goldstein ${v.toFixed(1)} (${body.counting})`;
        td.dataset.source = body.actors[i];
        td.dataset.target = body.actors[j];
        td.addEventListener('click', () => openDyad(td.dataset.source, td.dataset.target));
      }
      tr.append(td);
    });
    return tr;
  });
  table.replaceChildren(head, ...rows);
  showError(null);
}

function openDyad(source, target) {
  $('source').value = source;
  $('target').value = target;
  showTab('dyad');
}

// ----------------------------------------------------------------- search

async function runSearch(event) {
  event.preventDefault();
  const q = $('search-q').value.trim();
  if (!q) return;
  const sel = selection();
  const body = await api('events', { q, from: sel.from, to: sel.to, count: sel.count, limit: 100 });
  $('search-summary').textContent =
    `${body.count}${body.more ? '+' : ''} events whose sentence has ${q} (counting ${body.counting})`;
  $('search-results').replaceChildren(...body.events.map(eventItem));
  showError(null);
}

// --------------------------------------------------------------- forecast

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

async function loadForecast() {
  const body = await api('forecast', { model: $('forecast-model').value, sensitivity: 50 });
  const run = body.run, first = run.rounds[0];
  $('forecast-description').textContent = body.description || '';
  const head = document.createElement('tr');
  head.append(cell('th', 'dimension'), cell('th', 'weighted median now'),
              cell('th', `forecast (${run.model})`), cell('th', '10th–90th percentile'),
              cell('th', 'least–most'));
  const rows = run.dimensions.map((dim, k) => {
    const s = body.sensitivity.dimensions[k];
    const tr = document.createElement('tr');
    tr.append(cell('td', dim), cell('td', first.median[k].toFixed(1)),
              cell('td', run.forecast[k].toFixed(1)),
              cell('td', `${s.p10.toFixed(1)} – ${s.p90.toFixed(1)}`),
              cell('td', `${s.min.toFixed(1)} – ${s.max.toFixed(1)}`));
    return tr;
  });
  $('forecast-table').replaceChildren(head, ...rows);
  $('forecast-note').textContent =
    `Positions on 0–100.  Sensitivity: ${body.sensitivity.runs} runs with inputs moved by up to ` +
    `±${body.sensitivity.spread}; ${body.actors.length} actors, ${run.rounds.length - 1} rounds.`;
  showError(null);
}

// ------------------------------------------------------------------ start

async function start() {
  const info = await api('info');
  $('store-info').textContent = `store ${info.store} · deeds ${info.version}`;
  if (info.forecast) {
    $('forecast-tab').hidden = false;
    $('forecast-title').textContent = info.forecast;
  }
  const tab = restoreView();
  $('actors').addEventListener('change', fillActorChoices);
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    const tab = document.querySelector('#tabs button[aria-selected="true"]').dataset.tab;
    showTab(tab === 'search' || tab === 'forecast' ? 'dyad' : tab);
  });
  for (const button of document.querySelectorAll('#tabs button'))
    button.addEventListener('click', () => showTab(button.dataset.tab));
  $('search-form').addEventListener('submit', (e) => runSearch(e).catch(showError));
  $('forecast-model').addEventListener('change', () => loadForecast().catch(showError));
  showTab(tab === 'forecast' && !info.forecast ? 'dyad' : tab);
}

start().catch(showError);
