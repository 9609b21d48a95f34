// 指挥中心: the command centre's live wall map of its area. Cases arrive through the live push,
// pins and list stay in step, the evaluation ranks the area's grids, and a case opens with its
// audit trail and the moves the command centre may make now.
import { getJson } from './api.js';
import { enterPage } from './auth.js';
import { onLangChange, otherLang, setLang, t, translatePage } from './i18n.js';
import { createMap } from './map.js';
import { areaLayer } from './territory.js';
import { LiveFeed, liveIndicator } from './live.js';
import {
  auditTrail, caseFacts, isConflict, loadCase, loadCases, loadEvents, problemText, startCaseBoard, statusLine,
  statusOptions, takeAction,
} from './cases.js';

/** The role this page acts in (until sign-in says who the user is). */
const ROLE = 'command_centre';
/** Many changes in a burst cost one evaluation request. */
const KPI_DELAY_MS = 1500;
const WATCHABLE = ['district', 'street', 'community', 'grid'];

// Signed in, and in a role that works here (else off to sign in, or to the role's own page).
await enterPage('command');
translatePage();
document.getElementById('lang-switch').addEventListener('click', () => setLang(otherLang()));

const params = new URLSearchParams(location.search);
const mapElement = document.getElementById('map');
const say = statusLine(document.getElementById('status'));
const map = createMap(mapElement, { tileUrl: params.get('tiles') });
const showLiveState = liveIndicator(document.getElementById('live-state'));

const detail = { id: null, view: null, events: [], message: null };
let names;
let board;
let watched = null;
let outlines = null;
let kpiTimer = null;

// --- the area watched -------------------------------------------------------------------------

const areaLabel = a => t('area.option', { level: t(`level.${a.level}`), name: a.name });

function fillAreaPicker() {
  const picker = document.getElementById('area');
  const areas = ['district', 'street', 'community'].flatMap(level => names.areasOf(level));
  if (watched && !areas.includes(watched)) areas.push(watched); // a grid asked for by ?area=
  picker.replaceChildren(...areas.map(a => new Option(areaLabel(a), a.id, false, a === watched)));
}

function chooseInitialArea() {
  const asked = names.areas.get(Number(params.get('area')));
  if (asked && WATCHABLE.includes(asked.level) && (asked.level !== 'grid' || asked.layer === 'party')) return asked;
  return names.areasOf('district')[0] ?? names.areasOf('street')[0] ?? null;
}

function watch(area) {
  watched = area;
  const url = new URL(location.href);
  url.searchParams.set('area', area.id);
  history.replaceState(null, '', url);
  closeCase();
  board.clear();
  board.filter.areaId = null;
  fillFilters();
  drawOutlines();
  live.watch({ id: area.id, level: area.level });
}

/** Areas of a level inside the watched one (grids: the Party-building layer, where cases belong). */
const areasInside = level =>
  names.areasOf(level, watched.id).filter(a => a !== watched && (level !== 'grid' || a.layer === 'party'));

/** The watched area and the streets, communities and grids in it, fitted to the map. */
function drawOutlines() {
  outlines?.remove();
  outlines = L.featureGroup();
  const feature = a => ({ type: 'Feature', geometry: a.geometry, properties: a });
  const layerOf = (areas, level) => areaLayer({ type: 'FeatureCollection', features: areas.map(feature) }, level);
  layerOf([watched], watched.level).addTo(outlines);
  for (const level of ['street', 'community', 'grid']) {
    const inside = areasInside(level);
    if (inside.length > 0) layerOf(inside, level).addTo(outlines);
  }
  outlines.addTo(map);
  outlines.bringToBack();
  const bounds = outlines.getBounds();
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24] });
}

// --- filters, pins and list ------------------------------------------------------------------

function fillFilters() {
  const filter = board.filter;
  const status = document.getElementById('filter-status');
  status.replaceChildren(...statusOptions(names, filter.status));
  const category = document.getElementById('filter-category');
  category.replaceChildren(new Option(t('filter.all'), ''), ...names.categories.map(c =>
    new Option(names.category(c.code), c.code, false, c.code === filter.category)));
  const area = document.getElementById('filter-area');
  const inside = watched ? ['street', 'community', 'grid'].flatMap(areasInside) : [];
  area.replaceChildren(new Option(t('filter.all'), ''), ...inside.map(a =>
    new Option(areaLabel(a), a.id, false, a.id === filter.areaId)));
}

function onFilterChange() {
  const filter = board.filter;
  filter.status = document.getElementById('filter-status').value;
  filter.category = document.getElementById('filter-category').value;
  const areaId = document.getElementById('filter-area').value;
  filter.areaId = areaId === '' ? null : Number(areaId);
  board.render();
}

// --- the live feed ---------------------------------------------------------------------------

const live = new LiveFeed({
  onChange: ({ case: c }) => {
    if (!board.receive(c)) return;
    if (c.id === detail.id) loadDetail();
    scheduleKpis();
  },
  onResync: resync,
  onState: showLiveState,
});

/** Loads the watched area's cases over HTTP (after a fresh subscription: nothing falls between). */
async function resync() {
  const area = watched;
  if (!area) return;
  try {
    const cases = await loadCases(area.id);
    if (area !== watched) return;
    board.takeAll(cases);
    say(null);
  } catch (error) {
    console.error(error);
    say('status.casesFailed');
  }
  mapElement.dataset.ready = 'true';
  refreshKpis();
  if (detail.id !== null) loadDetail();
}

// --- evaluation (综合评价) -----------------------------------------------------------------------

function scheduleKpis() {
  clearTimeout(kpiTimer);
  kpiTimer = setTimeout(refreshKpis, KPI_DELAY_MS);
}

const percent = rate => (rate === null || rate === undefined ? '—'
  : new Intl.NumberFormat(document.documentElement.lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate));

let lastKpis = null;

async function refreshKpis() {
  const area = watched;
  try {
    const report = await getJson('/api/kpis', { areaId: area.id, by: 'grid' });
    if (area !== watched) return;
    lastKpis = report;
    renderKpis();
  } catch (error) {
    console.error(error);
    document.getElementById('kpi-body').replaceChildren(Object.assign(document.createElement('p'), { textContent: t('kpi.failed') }));
  }
}

function renderKpis() {
  if (!lastKpis) return;
  const { total, groups } = lastKpis;
  const tile = (key, value, className = '') => {
    const box = document.createElement('div');
    box.className = `kpi-tile ${className}`.trim();
    box.dataset.kpi = key;
    box.append(Object.assign(document.createElement('strong'), { textContent: value }),
      Object.assign(document.createElement('span'), { textContent: t(`kpi.${key}`) }));
    return box;
  };
  const tiles = document.createElement('div');
  tiles.className = 'kpi-tiles';
  tiles.append(
    tile('due', String(total.due)),
    tile('closureRate', percent(total.closureRate)),
    tile('onTimeClosureRate', percent(total.onTimeClosureRate)),
    tile('overdueOpen', String(total.overdueOpen), total.overdueOpen > 0 ? 'is-alert' : ''));

  const table = document.createElement('table');
  table.className = 'kpi-ranking';
  const head = table.createTHead().insertRow();
  for (const key of ['rank', 'grid', 'due', 'closureRate', 'onTimeClosureRate', 'overdueOpen']) {
    head.append(Object.assign(document.createElement('th'), { textContent: t(`kpi.${key}`), scope: 'col' }));
  }
  const body = table.createTBody();
  for (const g of groups) {
    const row = body.insertRow();
    row.dataset.gridId = g.key;
    const cells = [g.rank, g.key === '' ? t('kpi.noGrid') : g.name, g.figures.due, percent(g.figures.closureRate),
      percent(g.figures.onTimeClosureRate), g.figures.overdueOpen];
    for (const value of cells) row.insertCell().textContent = value;
  }
  if (groups.length === 0) {
    body.insertRow().append(Object.assign(document.createElement('td'), { colSpan: 6, textContent: t('kpi.none') }));
  }
  document.getElementById('kpi-body').replaceChildren(tiles, table);
}

// --- one case: facts, moves, audit trail ---------------------------------------------------

const detailElement = document.getElementById('case-detail');

function openCase(id, { fly = true } = {}) {
  if (detail.id !== id) detail.message = null;
  detail.id = id;
  board.select(id, { fly });
  loadDetail();
}

function closeCase() {
  detail.id = null;
  detail.view = null;
  detail.message = null;
  detailElement.hidden = true;
  map.closePopup();
  board?.select(null);
}

async function loadDetail() {
  const id = detail.id;
  try {
    const [view, events] = await Promise.all([loadCase(id), loadEvents(id)]);
    if (id !== detail.id) return;
    detail.view = view;
    detail.events = events;
    board.take(view);
    renderDetail();
  } catch (error) {
    console.error(error);
    if (id !== detail.id) return;
    detail.message = { kind: 'error', text: problemText(error, names) };
    renderDetail();
  }
}

function renderDetail() {
  const view = detail.view;
  if (!view) return;
  detailElement.hidden = false;
  detailElement.dataset.caseId = view.id;
  detailElement.dataset.version = view.version;
  document.getElementById('case-detail-title').textContent = names.title(view);
  const message = document.createElement('p');
  message.className = `case-message${detail.message ? ` is-${detail.message.kind}` : ''}`;
  message.setAttribute('role', 'alert');
  message.textContent = detail.message?.text ?? '';
  const trailTitle = Object.assign(document.createElement('h3'), { textContent: t('case.trail') });
  document.getElementById('case-detail-body').replaceChildren(
    caseFacts(view, names, { onOpenCase: id => openCase(id) }),
    actionsForm(view),
    message,
    trailTitle,
    auditTrail(detail.events, names));
}

/** The moves the command centre may make now, with what they need: a note, a handler, departments. */
function actionsForm(view) {
  const form = document.createElement('form');
  form.className = 'case-actions';
  form.addEventListener('submit', event => event.preventDefault());
  const actions = view.allowedActions?.[ROLE] ?? [];
  if (actions.length === 0) {
    form.append(Object.assign(document.createElement('p'), { className: 'case-no-actions', textContent: t('case.noActions') }));
    return form;
  }
  if (actions.includes('dispatch')) form.append(assigneePicker(view));
  if (actions.includes('escalate')) form.append(departmentPicker(view));
  const note = document.createElement('label');
  note.className = 'case-note';
  note.append(Object.assign(document.createElement('span'), { textContent: t('case.note') }),
    Object.assign(document.createElement('textarea'), { name: 'note', rows: 2, maxLength: 2000 }));
  form.append(note);
  const buttons = document.createElement('div');
  buttons.className = 'case-buttons';
  for (const action of actions) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(`case.action.${action}`) });
    button.dataset.action = action;
    button.addEventListener('click', () => act(form, action));
    buttons.append(button);
  }
  form.append(buttons);
  return form;
}

function assigneePicker(view) {
  const label = document.createElement('label');
  label.className = 'case-assignee';
  const select = Object.assign(document.createElement('select'), { name: 'assigneeId' });
  select.append(new Option(t('case.loadingCandidates'), ''));
  label.append(Object.assign(document.createElement('span'), { textContent: t('case.assignee') }), select);
  getJson(`/api/cases/${view.id}/candidates`).then(candidates => {
    select.replaceChildren(new Option(t('case.chooseAssignee'), ''), ...candidates.map(c => new Option(
      t('candidate.option', { name: c.name, role: t(`staff.role.${c.role}`), tier: t(`candidate.tier.${c.tier}`), metres: Math.round(c.distanceMetres) }),
      c.id)));
  }, error => {
    console.error(error);
    select.replaceChildren(new Option(t('candidate.failed'), ''));
  });
  return label;
}

function departmentPicker(view) {
  const box = document.createElement('fieldset');
  box.className = 'case-departments';
  box.append(Object.assign(document.createElement('legend'), { textContent: t('case.departments') }));
  const suggested = names.categories.find(c => c.code === view.categoryCode)?.departments ?? [];
  for (const d of names.departments) {
    const label = document.createElement('label');
    const check = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'departments', value: d.code, checked: suggested.includes(d.code) });
    label.append(check, ' ', names.department(d.code));
    box.append(label);
  }
  return box;
}

async function act(form, action) {
  const view = detail.view;
  const extra = {};
  const note = form.elements.note?.value.trim();
  if (note) extra.note = note;
  if (action === 'dispatch') {
    const assignee = form.elements.assigneeId?.value;
    if (!assignee) {
      detail.message = { kind: 'error', text: t('case.problem.chooseAssignee') };
      return renderDetail();
    }
    extra.assigneeId = Number(assignee);
  }
  if (action === 'escalate') extra.departments = [...form.querySelectorAll('input[name=departments]:checked')].map(c => c.value);
  for (const button of form.querySelectorAll('button')) button.disabled = true;
  try {
    const after = await takeAction(view, action, ROLE, extra);
    detail.message = { kind: 'done', text: t('case.done', { action: t(`case.action.${action}`) }) };
    board.receive(after);
  } catch (error) {
    detail.message = { kind: 'error', text: problemText(error, names) };
    // A 409 means the case is not what the user saw: show it as it is now.
    if (!isConflict(error)) return renderDetail();
  }
  await loadDetail();
}

// --- wall mode (大屏) -------------------------------------------------------------------------

const wallSwitch = document.getElementById('wall-switch');

function setWall(on) {
  document.documentElement.classList.toggle('wall', on);
  wallSwitch.dataset.i18n = on ? 'wall.leave' : 'wall.enter';
  wallSwitch.textContent = t(wallSwitch.dataset.i18n);
  map.invalidateSize();
}

wallSwitch.addEventListener('click', async () => {
  if (document.documentElement.classList.contains('wall')) {
    setWall(false);
    if (document.fullscreenElement) await document.exitFullscreen();
    return;
  }
  setWall(true);
  try {
    await document.documentElement.requestFullscreen?.({ navigationUI: 'hide' });
  } catch (error) {
    console.warn('wall: full screen refused; the wall layout stays in the window', error);
  }
});
// Esc leaves full screen: leave the wall layout with it.
document.addEventListener('fullscreenchange', () => {
  if (!document.fullscreenElement) setWall(false);
});

// --- start ---------------------------------------------------------------------------------

async function start() {
  const started = await startCaseBoard(map, say, openCase);
  if (!started) return;
  ({ names, board } = started);
  document.getElementById('filters').addEventListener('change', onFilterChange);
  document.getElementById('filters').addEventListener('submit', event => event.preventDefault());
  document.getElementById('area').addEventListener('change', event => watch(names.areas.get(Number(event.target.value))));
  document.getElementById('case-detail-close').addEventListener('click', closeCase);
  onLangChange(() => {
    fillAreaPicker();
    fillFilters();
    board.refresh();
    renderKpis();
    renderDetail();
  });
  const area = chooseInitialArea();
  if (!area) {
    say('status.noAreas');
    mapElement.dataset.ready = 'true';
    return;
  }
  watched = area;
  fillAreaPicker();
  watch(area);
  // For tests and the curious.
  window.gridmap = Object.freeze({ map, board, live, names });
}

start();
