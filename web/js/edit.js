// The editing page: households, stations and staff of the caller's area picked on the map or by
// search, edited in a form, moved by dragging their pin, added by a click on the map and retired
// after a confirmation. Only the records in view are read (from MIN_ZOOM on, again after each
// move), and a search asks the server, so a city of 100,000 households is never loaded whole;
// grid boundaries reshaped with geoman (boundaries.js); where two grid layers disagree
// (layerreport.js). The page offers what the role may do; the API decides (Auth/Access.cs).
import { bboxParam, getJson, HttpError, sendJson } from './api.js';
import { enterPage, may } from './auth.js';
import { onLangChange, t, translatePage } from './i18n.js';
import { createMap, latLngOf } from './map.js';
import { areaLayer, loadAreas } from './territory.js';
import { HOUSEHOLD_KINDS, householdIcon } from './households.js';
import { STATION_LEVELS, stationIcon } from './stations.js';
import { startBoundaries } from './boundaries.js';
import { startLayerReport } from './layerreport.js';

const STATION_STATUSES = ['open', 'planned', 'closed'];
/** Below this zoom a view holds too many records to place one by hand: the page asks to zoom in. */
const MIN_ZOOM = 16;
/** Records read for one view at most (one page of the list); more asks to zoom in further. */
const MAX_IN_VIEW = 2000;
const SEARCH_RESULTS = 20;
/** Quiet time after the map stops or a key is typed before the server is asked. */
const DEBOUNCE_MS = 250;
const STAFF_ROLES = ['grid_leader', 'grid_worker', 'party_member'];

/**
 * What the form edits, per kind of record: its fields as the API names them, and how the map
 * shows one. `located`: the record's place is a field (a staff member's is where their phone is).
 */
const KINDS = {
  households: {
    feature: 'households.edit', path: '/api/households', title: 'layer.households', retire: 'edit.retire',
    located: true,
    fields: [
      { name: 'name', label: 'edit.name', input: 'text', maxLength: 100 },
      { name: 'members', label: 'household.members', input: 'number', min: 1, max: 50 },
      { name: 'kind', label: 'household.kind', input: 'select', options: HOUSEHOLD_KINDS, text: v => t(`kind.${v}`) },
      { name: 'phone', label: 'household.phone', input: 'tel', maxLength: 20 },
    ],
    blank: { members: 1, kind: 'member' },
    icon: p => householdIcon(HOUSEHOLD_KINDS.includes(p.kind) ? p.kind : 'member'),
  },
  stations: {
    feature: 'stations.edit', path: '/api/stations', title: 'edit.stations', retire: 'edit.close',
    located: true,
    fields: [
      { name: 'name', label: 'edit.name', input: 'text', maxLength: 100 },
      { name: 'level', label: 'station.level', input: 'select', options: STATION_LEVELS, text: v => t(`station.level.${v}`) },
      { name: 'status', label: 'station.status', input: 'select', options: STATION_STATUSES, text: v => t(`edit.status.${v}`) },
      { name: 'radiusM', label: 'edit.radiusM', input: 'number', min: 1, max: 20000 },
      { name: 'openingHours', label: 'station.hours', input: 'text', maxLength: 200 },
      { name: 'services', label: 'edit.services', input: 'text', list: true },
    ],
    blank: { level: 'grid', status: 'planned', radiusM: 300, services: [] },
    icon: p => stationIcon(STATION_LEVELS.includes(p.level) ? p.level : 'grid', p.status === 'planned' ? 'planned' : 'open'),
  },
  staff: {
    feature: 'staff.edit', path: '/api/staff', title: 'edit.staff', retire: 'edit.retire',
    located: false,
    fields: [
      { name: 'name', label: 'edit.name', input: 'text', maxLength: 100 },
      { name: 'role', label: 'staff.role', input: 'select', options: STAFF_ROLES, text: v => t(`staff.role.${v}`) },
      { name: 'homeGridId', label: 'edit.homeGrid', input: 'select', options: [], text: id => gridNames.get(id) ?? String(id), number: true },
      { name: 'phone', label: 'staff.phone', input: 'tel', maxLength: 20 },
      { name: 'onDuty', label: 'staff.onDuty', input: 'checkbox' },
    ],
    blank: { role: 'grid_worker', onDuty: false },
    icon: p => L.divIcon({ className: `staff-pin${p.onDuty ? ' is-on-duty' : ''}`, iconSize: [14, 14] }),
  },
};
const LOCATION_FIELDS = [
  { name: 'lon', label: 'edit.lon', input: 'number', step: 'any' },
  { name: 'lat', label: 'edit.lat', input: 'number', step: 'any' },
];

const gridNames = new Map();
const $ = id => document.getElementById(id);

translatePage();

const user = await enterPage('edit');
const map = await createMap($('map'));
const modes = [
  ...Object.keys(KINDS).filter(kind => may(user, KINDS[kind].feature)),
  ...(may(user, 'areas.edit') ? ['boundaries'] : []),
  ...(may(user, 'territory') ? ['layers'] : []),
];
for (const label of document.querySelectorAll('.modes label')) label.hidden = !modes.includes(label.dataset.mode);

// The caller's own area (the district for an admin) frames the map; records are read inside it.
const top = user.role !== 'admin' && user.area ? user.area.level : 'district';
const outline = areaLayer(await loadAreas(top), top).addTo(map);
const areaBounds = outline.getBounds();
if (areaBounds.isValid()) map.fitBounds(areaBounds, { padding: [24, 24] });
const bbox = areaBounds.isValid() ? bboxParam(areaBounds) : null;
const grids = await loadAreas('grid', bbox);
for (const f of grids.features) gridNames.set(f.properties.id, `${f.properties.name}（${f.properties.code}）`);
KINDS.staff.fields.find(f => f.name === 'homeGridId').options = grids.features.map(f => f.properties.id);
const gridOutlines = areaLayer(grids, 'grid');

const boundaries = startBoundaries(map, { bbox, status: showStatus });
const layerReport = startLayerReport(map, { bbox });

// ---- records ----

const state = {
  mode: null, records: new Map(), markers: L.featureGroup(), drawn: new Map(), selected: null, placing: false, marker: null,
  locating: false, asked: 0, searches: 0,
};
state.markers.addTo(map);

function showStatus(key, vars) {
  $('status').textContent = key ? t(key, vars) : '';
}

/** Runs f once things have been quiet for DEBOUNCE_MS. */
function debounced(f) {
  let timer = null;
  return () => { clearTimeout(timer); timer = setTimeout(f, DEBOUNCE_MS); };
}

/** The records in view, drawn; below MIN_ZOOM none, and the page says to zoom in. An answer overtaken by a later read is dropped. */
async function loadRecords() {
  const kind = KINDS[state.mode];
  if (!kind) return;
  const asked = ++state.asked;
  const close = map.getZoom() >= MIN_ZOOM;
  $('zoom-in').hidden = close;
  let records = new Map();
  let more = false;
  if (close) {
    const page = await getJson(kind.path, { bbox: bboxParam(map.getBounds()), limit: MAX_IN_VIEW });
    if (asked !== state.asked || KINDS[state.mode] !== kind) return;
    records = new Map(page.features.filter(f => f.geometry).map(f => [f.properties.id, f]));
    more = Boolean(page.links?.some(link => link.rel === 'next'));
  }
  $('too-many').hidden = !more;
  $('too-many').textContent = more ? t('edit.tooMany', { n: MAX_IN_VIEW }) : '';
  state.records = records;
  drawRecords();
}
const reloadView = debounced(() => loadRecords().catch(() => showStatus('edit.loadFailed')));
map.on('moveend', () => { if (KINDS[state.mode]) reloadView(); });

/**
 * The pins of the records in view and of the record in the form, wherever it is. A pin stays while
 * its record's version does, so a view change neither moves the pin being placed nor flickers.
 */
function drawRecords() {
  const kind = KINDS[state.mode];
  const wanted = new Map(state.records);
  const selected = state.selected?.feature;
  if (selected?.geometry && !wanted.has(selected.properties.id)) wanted.set(selected.properties.id, selected);
  for (const [id, marker] of state.drawn) {
    if (wanted.get(id)?.properties.version !== marker.version) { marker.remove(); state.drawn.delete(id); }
  }
  for (const [id, f] of wanted) {
    if (state.drawn.has(id)) continue;
    const p = f.properties;
    const marker = L.marker(latLngOf(f.geometry), {
      icon: kind.icon(p), title: p.name, alt: p.name, draggable: kind.located, keyboard: true, pmIgnore: true, snapIgnore: true,
    });
    marker.recordId = id;
    marker.version = p.version;
    marker.on('click', () => select(state.records.get(id) ?? f));
    marker.on('dragend', () => {
      if (state.selected?.id !== id) select(state.records.get(id) ?? f);
      setPlace(marker.getLatLng());
    });
    marker.addTo(state.markers);
    state.drawn.set(id, marker);
  }
  markSelected();
}

function markSelected() {
  for (const marker of state.drawn.values()) marker.getElement()?.classList.toggle('is-selected', marker.recordId === state.selected?.id);
}

function clearRecords() {
  state.markers.clearLayers();
  state.drawn.clear();
  state.records = new Map();
}

/**
 * One record as the list gives it to the caller now, or null when it is gone (or out of the
 * caller's area). Asked by id as a search too, which finds staff not yet located as well.
 */
async function readRecord(id) {
  const page = await getJson(KINDS[state.mode].path, { ids: id, q: id });
  return page.features.find(f => f.properties.id === id) ?? null;
}

/** Records whose name holds the text or whose number it is, found by the server in the caller's whole area. */
async function search() {
  const kind = KINDS[state.mode];
  const text = $('search').value.trim();
  const list = $('results');
  if (!text || !kind) { list.replaceChildren(); return; }
  const asked = ++state.searches;
  const page = await getJson(kind.path, { q: text, limit: SEARCH_RESULTS });
  if (asked !== state.searches || KINDS[state.mode] !== kind) return;
  // staff not yet located come without a geometry: picked, they are placed by a click (set-place)
  const found = page.features.filter(f => f.geometry || !kind.located);
  list.replaceChildren();
  if (found.length === 0) list.append(Object.assign(document.createElement('li'), { className: 'edit-hint', textContent: t('edit.noMatch') }));
  for (const f of found) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'result-button';
    button.textContent = `${f.properties.name} · ${f.properties.id}${f.geometry ? '' : ` ${t('edit.noPlace')}`}`;
    button.addEventListener('click', () => {
      select(f);
      if (f.geometry) map.setView(latLngOf(f.geometry), Math.max(map.getZoom(), MIN_ZOOM + 1));
    });
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
}
$('search').addEventListener('input', debounced(() => search().catch(() => showStatus('edit.loadFailed'))));

/** The form for one kind: a label, an input and a place for its problem per field. */
function buildForm(kind) {
  const box = $('fields');
  box.replaceChildren();
  for (const field of [...kind.fields, ...(kind.located ? LOCATION_FIELDS : [])]) {
    const wrap = document.createElement('div');
    wrap.className = `field field-${field.input}`;
    const id = `field-${field.name}`;
    const label = document.createElement('label');
    label.htmlFor = id;
    label.dataset.i18n = field.label;
    label.textContent = t(field.label);
    let input;
    if (field.input === 'select') {
      input = document.createElement('select');
      for (const value of field.options) input.append(new Option(field.text(value), String(value)));
    } else {
      input = document.createElement('input');
      input.type = field.input;
      if (field.maxLength) input.maxLength = field.maxLength;
      if (field.min !== undefined) input.min = field.min;
      if (field.max !== undefined) input.max = field.max;
      if (field.step) input.step = field.step;
    }
    input.id = id;
    input.name = field.name;
    const problem = document.createElement('p');
    problem.id = `${id}-problem`;
    problem.className = 'field-problem';
    input.setAttribute('aria-describedby', problem.id);
    wrap.append(label, input, problem);
    box.append(wrap);
  }
}

function fillForm(kind, values) {
  for (const field of [...kind.fields, ...(kind.located ? LOCATION_FIELDS : [])]) {
    const input = $(`field-${field.name}`);
    const value = values[field.name];
    if (field.input === 'checkbox') input.checked = Boolean(value);
    else if (field.list) input.value = (value ?? []).join(t('list.separator'));
    else input.value = value ?? '';
  }
}

function formBody(kind) {
  const body = {};
  for (const field of [...kind.fields, ...(kind.located ? LOCATION_FIELDS : [])]) {
    const input = $(`field-${field.name}`);
    if (field.input === 'checkbox') body[field.name] = input.checked;
    else if (field.list) body[field.name] = input.value.split(/[,，、;；]/).map(s => s.trim()).filter(Boolean);
    else if (field.input === 'number' || field.number) body[field.name] = input.value === '' ? null : Number(input.value);
    else body[field.name] = input.value === '' ? null : input.value;
  }
  return body;
}

function clearMessages() {
  for (const el of document.querySelectorAll('.field-problem')) el.textContent = '';
  for (const el of document.querySelectorAll('.record-form [aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const id of ['form-error', 'form-done', 'stale']) $(id).hidden = true;
}

/** Opens record f in the form (null: a new record at latlng); its pin stays on the map while it is open. */
function select(f, latlng = null) {
  const kind = KINDS[state.mode];
  stopPlacing();
  if (state.marker) { state.marker.remove(); state.marker = null; }
  state.selected = { id: f?.properties.id ?? null, version: f?.properties.version ?? null, feature: f };
  buildForm(kind);
  const values = f ? { ...f.properties, lon: f.geometry?.coordinates[0], lat: f.geometry?.coordinates[1] } : { ...kind.blank, lon: latlng?.lng, lat: latlng?.lat };
  fillForm(kind, values);
  clearMessages();
  $('form-title').textContent = f ? t('edit.editing', { name: f.properties.name }) : t('edit.adding', { what: t(kind.title) });
  $('retire').textContent = t(kind.retire);
  $('retire').hidden = f === null;
  $('set-place').hidden = f === null || kind.located;
  $('record-form').hidden = false;
  drawRecords();
  $('field-name').focus();
}

function setPlace(latlng) {
  if (!KINDS[state.mode].located || $('record-form').hidden) return;
  $('field-lon').value = latlng.lng.toFixed(7);
  $('field-lat').value = latlng.lat.toFixed(7);
}

/** The problems of a refused write, each next to the field it names; the rest above the buttons. */
function showProblem(error) {
  clearMessages();
  if (error instanceof HttpError && error.status === 409 && error.problem?.errors?.version) {
    $('stale').hidden = false;
    $('reload').focus();
    return;
  }
  const loose = [];
  const errors = error instanceof HttpError ? error.problem?.errors ?? {} : {};
  for (const [key, reasons] of Object.entries(errors)) {
    const name = key.replace(/^\$\./, '').split(/[.[]/)[0];
    const input = $(`field-${name}`);
    const problem = $(`field-${name}-problem`);
    if (input && problem) {
      problem.textContent = reasons.join(' ');
      input.setAttribute('aria-invalid', 'true');
    } else loose.push(reasons.join(' '));
  }
  if (loose.length > 0 || Object.keys(errors).length === 0) {
    const said = error instanceof HttpError ? error.problem?.detail ?? error.problem?.title ?? error.message : t('edit.failed');
    $('form-error').textContent = [said, ...loose].join(' ');
    $('form-error').hidden = false;
  }
  document.querySelector('.record-form [aria-invalid]')?.focus();
}

async function afterWrite(messageKey, id) {
  const record = id === null ? null : await readRecord(id);
  if (record) select(record);
  else closeForm();
  await loadRecords();
  $('form-done').textContent = t(messageKey);
  $('form-done').hidden = false;
  if ($('record-form').hidden) showStatus(messageKey);
}

$('record-form').addEventListener('submit', async event => {
  event.preventDefault();
  const kind = KINDS[state.mode];
  const { id, version } = state.selected;
  const body = formBody(kind);
  try {
    $('save').disabled = true;
    const answer = id === null
      ? await sendJson('POST', kind.path, body)
      : await sendJson('PUT', `${kind.path}/${id}`, { ...body, version });
    if (state.marker) { state.marker.remove(); state.marker = null; }
    await afterWrite('edit.saved', answer.id);
  } catch (error) {
    showProblem(error);
  } finally {
    $('save').disabled = false;
  }
});

// Retiring asks first, in a modal dialog that names the record and what retiring does to it;
// Esc or 取消 leaves everything as it was.
$('retire').addEventListener('click', () => {
  const { feature } = state.selected;
  $('retire-question').textContent = t(`edit.retireAsk.${state.mode}`, { name: feature.properties.name, id: feature.properties.id });
  $('retire-confirm').textContent = t(KINDS[state.mode].retire);
  $('retire-dialog').returnValue = '';
  $('retire-dialog').showModal();
});
$('retire-dialog').addEventListener('close', async () => {
  if ($('retire-dialog').returnValue !== 'retire') { $('retire').focus(); return; }
  const kind = KINDS[state.mode];
  const { id, version } = state.selected;
  try {
    await sendJson('DELETE', `${kind.path}/${id}?version=${version}`);
    await afterWrite(state.mode === 'stations' ? 'edit.closed' : 'edit.retired', state.mode === 'stations' ? id : null);
  } catch (error) {
    showProblem(error);
  }
});

$('reload').addEventListener('click', async () => {
  const record = await readRecord(state.selected.id);
  if (record) select(record);
  else closeForm();
  await loadRecords();
  showStatus('edit.reloaded');
});

function closeForm() {
  $('record-form').hidden = true;
  if (state.marker) { state.marker.remove(); state.marker = null; }
  state.selected = null;
  drawRecords();
}
$('cancel').addEventListener('click', closeForm);

function stopPlacing() {
  state.placing = false;
  state.locating = false;
  $('placing').hidden = true;
  $('locating').hidden = true;
  $('map').classList.remove('is-placing');
}

// A staff member's place is where their phone last said; one never located (or moved by hand) is
// placed by a click, as the command centre may (PUT /api/staff/{id}/location).
$('set-place').addEventListener('click', () => {
  state.locating = true;
  $('locating').hidden = false;
  $('map').classList.add('is-placing');
  $('map').focus();
});

async function locateAt(latlng) {
  if (!state.locating || !state.selected) return;
  const { id } = state.selected;
  stopPlacing();
  try {
    await sendJson('PUT', `${KINDS[state.mode].path}/${id}/location`, { lon: Number(latlng.lng.toFixed(7)), lat: Number(latlng.lat.toFixed(7)) });
    await afterWrite('edit.located', id);
  } catch (error) {
    showProblem(error);
  }
}

$('add').addEventListener('click', () => {
  state.placing = true;
  $('placing').hidden = false;
  $('map').classList.add('is-placing');
  $('map').focus();
});
// Without a mouse: Enter on the map places the new record at the map's centre.
document.addEventListener('keydown', event => {
  if (event.key === 'Escape' && (state.placing || state.locating)) stopPlacing();
  if (event.key === 'Enter' && event.target === $('map')) {
    if (state.placing) placeAt(map.getCenter());
    else if (state.locating) locateAt(map.getCenter());
  }
});
map.on('click', event => {
  if (state.locating) locateAt(event.latlng);
  else placeAt(event.latlng);
});

async function placeAt(latlng) {
  if (!state.placing || !KINDS[state.mode]) return;
  const kind = KINDS[state.mode];
  select(null, latlng);
  if (kind.located) {
    state.marker = L.marker(latlng, { icon: kind.icon(kind.blank), draggable: true, pmIgnore: true, snapIgnore: true }).addTo(map);
    state.marker.on('dragend', () => setPlace(state.marker.getLatLng()));
  } else {
    // A new staff member belongs to the grid clicked.
    try {
      const found = await getJson('/api/locate', { lon: latlng.lng.toFixed(7), lat: latlng.lat.toFixed(7) });
      const grid = found.chain.find(a => a.level === 'grid');
      if (grid && gridNames.has(grid.id)) $('field-homeGridId').value = String(grid.id);
    } catch {
      // outside every grid: the form's first grid stays chosen
    }
  }
}

// ---- modes ----

async function enterMode(mode) {
  state.mode = mode;
  state.selected = null;
  stopPlacing();
  if (state.marker) { state.marker.remove(); state.marker = null; }
  for (const id of ['records', 'boundaries', 'layers']) $(id).hidden = true;
  clearRecords();
  $('results').replaceChildren();
  $('search').value = '';
  boundaries.hide();
  layerReport.hide();
  gridOutlines.remove();
  showStatus(null);
  if (KINDS[mode]) {
    $('records').hidden = false;
    $('record-form').hidden = true;
    $('records-title').textContent = t(KINDS[mode].title);
    gridOutlines.addTo(map);
    await loadRecords();
  } else if (mode === 'boundaries') {
    $('boundaries').hidden = false;
    await boundaries.show();
  } else if (mode === 'layers') {
    $('layers').hidden = false;
    await layerReport.show();
  }
}

for (const radio of document.querySelectorAll('input[name="mode"]')) {
  radio.addEventListener('change', () => { if (radio.checked) enterMode(radio.value); });
}
onLangChange(() => {
  if (KINDS[state.mode]) $('records-title').textContent = t(KINDS[state.mode].title);
  if (!$('too-many').hidden) $('too-many').textContent = t('edit.tooMany', { n: MAX_IN_VIEW });
  if (state.selected && !$('record-form').hidden) {
    const values = formBody(KINDS[state.mode]);
    buildForm(KINDS[state.mode]);
    fillForm(KINDS[state.mode], values);
  }
});

if (modes.length === 0) showStatus('edit.nothing');
else {
  const first = document.querySelector(`input[name="mode"][value="${modes[0]}"]`);
  first.checked = true;
  await enterMode(modes[0]);
}

// For tests and the curious.
window.gridmap = Object.freeze({ map, boundaries, layerReport, records: () => [...state.records.values()], pins: () => [...state.drawn.keys()] });
$('map').dataset.ready = 'true';
