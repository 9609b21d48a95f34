// 数据导入: an office's own files (households, stations, staff, areas) brought in through
// POST /api/import/{kind}: checked first by a dry run that writes nothing, its report shown
// (added / changed / unchanged, every bad row with its line and reason, the wrong-crs hint), then
// applied with a progress bar fed by the answer's NDJSON lines, listed, and the last one undone.
import { getJson } from './api.js';
import { enterPage, goToSignIn } from './auth.js';
import { formatTime } from './cases.js';
import { currentLang, onLangChange, t, translatePage } from './i18n.js';

const NDJSON = 'application/x-ndjson';

const $ = id => document.getElementById(id);
const form = $('import-form');
const applyButton = $('import-apply');
const undoButton = $('import-undo');
const number = n => Number(n).toLocaleString(currentLang());

/** What the last dry run checked ({ kind, crs, file }): apply sends exactly that, and only while it passed. */
let checked = null;
/** What the report section shows ({ outcome, dryRun }), drawn again when the language changes. */
let shown = null;
/** What the problem box shows ({ status, problem }), drawn again when the language changes. */
let refusal = null;
let imports = [];
/** The status line's i18n key and values. */
let said = null;

function say(key, vars = {}) {
  said = key ? { key, vars } : null;
  $('status').textContent = key ? t(key, vars) : '';
}

const text = (tag, content, className) => Object.assign(document.createElement(tag), { textContent: content ?? '' }, className ? { className } : {});

// --- sending a file ------------------------------------------------------------------------------

/**
 * POSTs the file and reads the answer to its end: { status, report } (a report as the server
 * words it, areas' too), or { status, problem } (RFC 7807) when the file was refused as a whole.
 * Progress lines of an NDJSON answer go to onProgress as they arrive.
 */
async function send({ kind, crs, file }, dryRun, onProgress) {
  const body = new FormData();
  body.append('file', file, file.name);
  const url = `/api/import/${encodeURIComponent(kind)}?crs=${encodeURIComponent(crs)}&dryRun=${dryRun}`;
  const response = await fetch(url, { method: 'POST', body, headers: { Accept: `${NDJSON}, application/json` } });
  if (response.status === 401) goToSignIn();
  if ((response.headers.get('Content-Type') ?? '').startsWith(NDJSON)) return readLines(response, onProgress);
  let json = null;
  try { json = await response.json(); } catch { /* no JSON body: the status says enough */ }
  return outcomeOf(response.status, json, { kind, crs, file });
}

/** The NDJSON answer: {step, done, total} lines, then {status, report} or {status, detail}. */
async function readLines(response, onProgress) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    const lines = buffer.split('\n');
    buffer = done ? '' : lines.pop();
    for (const line of lines.filter(l => l.trim())) {
      const message = JSON.parse(line);
      if ('step' in message) onProgress(message);
      else last = message;
    }
    if (done) break;
  }
  if (!last) return { status: 0, problem: null };
  return last.report ? { status: last.status, report: last.report } : { status: last.status, problem: { detail: last.detail } };
}

/**
 * A JSON answer as an outcome: the report of people's rows (as it is, or in a 400's `report`);
 * an areas import's counts, or its problems by feature (`errors`: [{index, field, reason}]);
 * anything else is a refusal of the request as a whole.
 */
function outcomeOf(status, json, { kind, crs, file }) {
  if (json?.report) return { status, report: json.report };
  if (json && 'problems' in json) return { status, report: json };
  if (kind === 'areas' && (status === 200 || status === 201) && json) {
    return { status, report: { ...json, changed: 0, unchanged: 0, problems: [], notes: [], lineWord: 'feature' } };
  }
  if (kind === 'areas' && status === 400 && Array.isArray(json?.errors)) {
    return {
      status,
      report: {
        kind, file: file.name, crs, added: 0, changed: 0, unchanged: 0, notes: [], lineWord: 'feature',
        // Areas count their features from 0; a person counts from 1.
        problems: json.errors.map(e => ({ line: e.index + 1, field: e.field, reason: e.code ? `${e.code}: ${e.reason}` : e.reason })),
      },
    };
  }
  return { status, problem: json };
}

// --- the report ------------------------------------------------------------------------------------

function showReport(outcome, dryRun) {
  shown = { outcome, dryRun };
  const { report } = outcome;
  const problems = report.problems ?? [];
  const title = $('import-report-title');
  title.textContent = t(dryRun ? 'import.report.dryRun' : problems.length > 0 ? 'import.report.refused' : 'import.report.applied',
    { file: report.file ?? '', id: report.importId ?? '' });

  const facts = document.createElement('dl');
  facts.className = 'import-facts';
  const fact = (key, value, className = '') => {
    const box = document.createElement('div');
    box.className = `import-fact ${className}`.trim();
    box.dataset.fact = key;
    box.append(text('dt', t(`import.fact.${key}`)), text('dd', number(value)));
    facts.append(box);
  };
  fact('added', report.added ?? 0);
  fact('changed', report.changed ?? 0);
  fact('unchanged', report.unchanged ?? 0);
  fact('problems', new Set(problems.map(p => p.line)).size, problems.length > 0 ? 'is-bad' : '');

  const parts = [facts];
  const about = [report.format, report.encoding, report.crs].filter(Boolean).join(' · ');
  if (about) parts.push(text('p', t('import.report.read', { about }), 'hint'));
  if (report.byLevel) {
    parts.push(text('p', Object.entries(report.byLevel).map(([level, n]) => `${t(`level.${level}`)} ${number(n)}`).join(t('list.separator'))));
  }
  for (const note of report.notes ?? []) {
    const p = document.createElement('p');
    p.className = 'import-note';
    p.append(text('strong', t('import.report.note')), ' ', note);
    parts.push(p);
  }
  if ((report.ignoredColumns ?? []).length > 0) {
    parts.push(text('p', t('import.report.ignored', { columns: report.ignoredColumns.join(t('list.separator')) }), 'hint'));
  }
  if (problems.length > 0) parts.push(problemTable(problems, report.lineWord));
  parts.push(text('p', t(problems.length > 0 ? 'import.report.fix' : dryRun ? 'import.report.ready' : 'import.report.done'),
    problems.length > 0 ? 'import-verdict is-bad' : 'import-verdict is-good'));

  $('import-report-body').replaceChildren(...parts);
  $('import-report').hidden = false;
}

function problemTable(problems, lineWord) {
  const table = document.createElement('table');
  table.className = 'import-problems';
  table.createCaption().textContent = t('import.problems.caption', { n: number(problems.length) });
  const head = table.createTHead().insertRow();
  for (const key of [lineWord === 'feature' ? 'feature' : 'line', 'field', 'reason']) {
    head.append(Object.assign(text('th', t(`import.problems.${key}`)), { scope: 'col' }));
  }
  const body = table.createTBody();
  for (const p of problems) {
    const row = body.insertRow();
    row.dataset.line = p.line;
    row.insertCell().textContent = p.line === 0 ? t('import.problems.wholeFile') : number(p.line);
    row.insertCell().textContent = fieldName(p.field);
    row.insertCell().textContent = p.reason;
  }
  return table;
}

/** A column as the office's sheet names it: 经度 (lon). */
function fieldName(field) {
  const key = `import.field.${field}`;
  const name = t(key);
  return name === key ? field : `${name} (${field})`;
}

// --- a refused request ---------------------------------------------------------------------------

/** The answer that refused the request as a whole (413 too large, 415 format, 400 a field…), in words. */
function showRefusal(status, problem) {
  refusal = status === null ? null : { status, problem };
  const box = $('import-problem');
  if (status === null) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const known = status === 0 ? 'network' : [400, 404, 409, 413, 415].includes(status) ? status : 'other';
  const parts = [text('strong', t(`import.problem.${known}`, { status }))];
  if (problem?.detail) parts.push(text('p', problem.detail));
  // A ValidationProblem: errors is { field: [reasons] }.
  if (problem?.errors && !Array.isArray(problem.errors)) {
    const list = document.createElement('ul');
    for (const [field, reasons] of Object.entries(problem.errors)) list.append(text('li', `${fieldName(field)}: ${[].concat(reasons).join(' ')}`));
    parts.push(list);
  }
  box.replaceChildren(...parts);
  box.hidden = false;
}

// --- progress ---------------------------------------------------------------------------------------

function showProgress(progress) {
  const box = $('import-progress-box');
  if (!progress) {
    box.hidden = true;
    return;
  }
  const bar = $('import-progress');
  box.hidden = false;
  if (progress.total > 0) {
    bar.max = progress.total;
    bar.value = progress.done;
  } else bar.removeAttribute('value'); // indeterminate: waiting for the server's first line
  $('import-progress-label').textContent = progress.step
    ? t('import.progress', { step: t(`import.step.${progress.step}`), done: number(progress.done), total: number(progress.total) })
    : t('import.progress.sending');
}

// --- check, apply, undo ------------------------------------------------------------------------------

function chosen() {
  const file = $('import-file').files[0];
  return file ? { kind: $('import-kind').value, crs: $('import-crs').value, file } : null;
}

async function run(what, dryRun) {
  applyButton.disabled = true;
  $('import-check').disabled = true;
  showRefusal(null);
  showProgress({ step: null, done: 0, total: 0 });
  say(dryRun ? 'import.status.checking' : 'import.status.applying');
  // The bar stays at the last step the server reported, so that what was done stays in view.
  let progressed = false;
  const onProgress = progress => {
    progressed = true;
    showProgress(progress);
  };
  try {
    const outcome = await send(what, dryRun, onProgress);
    if (outcome.report) {
      showReport(outcome, dryRun);
      const passed = (outcome.report.problems ?? []).length === 0;
      checked = dryRun && passed ? what : null;
      say(dryRun ? (passed ? 'import.status.checked' : 'import.status.problems') : (passed ? 'import.status.applied' : 'import.status.problems'));
      if (!dryRun) await loadImports();
    } else {
      checked = null;
      $('import-report').hidden = true;
      shown = null;
      showRefusal(outcome.status, outcome.problem);
      say('import.status.refused');
    }
  } catch (error) {
    console.error(error);
    checked = null;
    showRefusal(0, null);
    say('import.status.refused');
  } finally {
    if (!progressed) showProgress(null);
    $('import-check').disabled = false;
    applyButton.disabled = checked === null;
  }
  $('import-report').hidden || $('import-report-title').focus();
}

form.addEventListener('submit', event => {
  event.preventDefault();
  const what = chosen();
  if (!what) {
    showRefusal(400, { errors: { file: [t('import.file.missing')] } });
    $('import-file').focus();
    return;
  }
  run(what, true);
});
// Anything chosen anew must be checked again before it is applied.
form.addEventListener('change', () => {
  checked = null;
  applyButton.disabled = true;
});
applyButton.addEventListener('click', () => { if (checked) run(checked, false); });

// --- the latest imports ----------------------------------------------------------------------------

async function loadImports() {
  try {
    imports = await getJson('/api/import/');
  } catch (error) {
    console.error(error);
    imports = [];
    say('import.status.listFailed');
  }
  renderImports();
}

function renderImports() {
  const box = $('import-list');
  if (imports.length === 0) {
    box.replaceChildren(text('p', t('import.list.none'), 'hint'));
  } else {
    const table = document.createElement('table');
    table.className = 'import-list';
    const head = table.createTHead().insertRow();
    for (const key of ['id', 'at', 'actor', 'kind', 'file', 'crs', 'added', 'changed', 'unchanged', 'state']) {
      head.append(Object.assign(text('th', t(`import.list.${key}`)), { scope: 'col' }));
    }
    const body = table.createTBody();
    for (const i of imports) {
      const row = body.insertRow();
      row.dataset.importId = i.id;
      const state = i.undoneAt ? t('import.list.undone', { who: i.undoneBy, at: formatTime(i.undoneAt) }) : i.undoable ? t('import.list.last') : '';
      for (const value of [i.id, formatTime(i.at), i.actor, t(`import.kind.${i.kind}`), i.file, i.crs, number(i.added), number(i.changed), number(i.unchanged), state]) {
        row.insertCell().textContent = value;
      }
    }
    const scroller = document.createElement('div');
    scroller.className = 'import-list-scroll';
    scroller.tabIndex = 0; // a wide table scrolls sideways on a phone, by keyboard too
    scroller.setAttribute('role', 'region');
    scroller.setAttribute('aria-labelledby', 'import-list-title');
    scroller.append(table);
    box.replaceChildren(scroller);
  }
  const last = imports.find(i => i.undoable);
  undoButton.disabled = !last;
  undoButton.textContent = last ? t('import.undo.which', { id: last.id, file: last.file }) : t('import.undo');
}

undoButton.addEventListener('click', async () => {
  const last = imports.find(i => i.undoable);
  if (!last || !confirm(t('import.undo.confirm', { id: last.id, file: last.file }))) return;
  undoButton.disabled = true;
  showRefusal(null);
  try {
    const response = await fetch(`/api/import/${last.id}/undo`, { method: 'POST', headers: { Accept: 'application/json' } });
    if (response.status === 401) goToSignIn();
    let json = null;
    try { json = await response.json(); } catch { /* the status says enough */ }
    if (response.ok) say('import.status.undone', { id: last.id });
    else {
      showRefusal(response.status, json);
      say('import.status.undoRefused');
    }
  } catch (error) {
    console.error(error);
    showRefusal(0, null);
  }
  await loadImports();
});

// --- the page ----------------------------------------------------------------------------------------

async function loadCrs() {
  const select = $('import-crs');
  const systems = await getJson('/api/import/crs');
  select.replaceChildren(...systems.map(c => new Option(`${c.name} · ${c.title}`, c.name, c.name === 'EPSG:4326', c.name === 'EPSG:4326')));
}

await enterPage('import');
translatePage();
onLangChange(() => {
  if (said) say(said.key, said.vars);
  if (shown) showReport(shown.outcome, shown.dryRun);
  if (refusal) showRefusal(refusal.status, refusal.problem);
  renderImports();
});
try {
  await Promise.all([loadCrs(), loadImports()]);
} catch (error) {
  console.error(error);
  say('import.status.listFailed');
}
$('import').dataset.ready = 'true';
