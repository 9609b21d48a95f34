// The planner's page: which Party-member households lie within a service station's radius,
// per community and grid, and where new stations would cover the most.
import { getAllFeatures, getJson, HttpError, postJson } from './api.js';
import { enterPage } from './auth.js';
import { currentLang, onLangChange, t, translatePage } from './i18n.js';
import { addLegendControl, createLayerControl, createMap, textElement } from './map.js';
import { loadAreas } from './territory.js';
import { stationDots, stationDotScale } from './stations.js';
import { loadGrids } from './outlines.js';
import { vectorTileLayer } from './tiles.js';
import { canvasDots } from './canvasdots.js';
import { groundCanvas } from './groundcanvas.js';
import { markFirstDraw, nextTask } from './firstdraw.js';
import { showVisitShares } from './visits.js';

// Grids coloured by the share of their households covered (ColorBrewer RdYlGn, 5 classes).
export const SHARE_CLASSES = [
  { from: 0.8, color: '#1a9641' },
  { from: 0.6, color: '#a6d96a' },
  { from: 0.4, color: '#ffffbf' },
  { from: 0.2, color: '#fdae61' },
  { from: 0, color: '#d7191c' },
];
const EMPTY_COLOR = '#bdbdbd';
const SHAPE_STYLE = { color: '#1565c0', weight: 1, fillColor: '#42a5f5', fillOpacity: 0.18, interactive: false };
const WALK_STYLE = { color: '#1565c0', weight: 4, opacity: 0.7, interactive: false };
const UNCOVERED_STYLE = { radius: 3, color: '#fff', weight: 1, fillColor: '#212121', fillOpacity: 0.9 };
/**
 * Zoomed out over a district, tens of thousands of uncovered households would be one black blot
 * over the grids' coverage colours, which tell the same there: they are shown from zoom 12 on,
 * smaller until zoom 14.
 */
const uncoveredDotScale = zoom => (zoom >= 14 ? 1 : zoom >= 13 ? 2 / 3 : zoom >= 12 ? 1 / 2 : 0);
const SITE_RADIUS_STYLE = { color: '#6a1b9a', weight: 2, dashArray: '4 6', fillColor: '#ab47bc', fillOpacity: 0.1, interactive: false };
const DEBOUNCE_MS = 100;
/** Rows of the table drawn at a time (a city district has thousands of grids); more on request. */
const ROWS_PAGE = 200;
/** The pane of the grids drawn from tiles: below the covered ground and sites (overlayPane, 400) and the dots (440). */
const CHOROPLETH_PANE = 'choropleth';

export const shareColor = share => SHARE_CLASSES.find(c => share >= c.from).color;

const $ = id => document.getElementById(id);
const form = $('planner-form');
const mapElement = $('map');
// The answers for the user's whole area take longest: asked for before anything else is set up
// (and let go once drawn, so that the page does not hold them after a newer question).
let firstAnswers = ask(question());
const map = await createMap(mapElement);
// The layers and their control in a task of their own: with the map's making, one long task of the opening.
await nextTask();
const control = createLayerControl(map);

// The grids (choropleth) hold one layer once loaded: outlines, or a city district's from tiles.
// The covered ground, stations with their circles, and the uncovered households are one layer of
// canvas tiles each: projected once, not a vector layer projected again on every zoom.
map.createPane(CHOROPLETH_PANE).style.zIndex = 350;
const layers = {
  choropleth: L.layerGroup(),
  shape: groundCanvas(),
  stations: canvasDots({ dotScale: stationDotScale }),
  uncovered: canvasDots({ dotScale: uncoveredDotScale }),
  sites: L.featureGroup(),
};
for (const [key, layer] of Object.entries(layers)) {
  control.add(layer, `planner.layer.${key}`);
  layer.addTo(map);
}

const page = {
  areas: [], // districts, streets and communities, for the area picker
  stations: null,
  coverage: null,
  rowById: new Map(),
  grids: null, // the layer inside layers.choropleth
  rowsShown: ROWS_PAGE,
  placed: Promise.resolve(), // the map fitted to the user's area: before the table is filled (see start)
  suggestion: null,
  accepted: new Set(),
  request: 0,
};

// --- what the controls ask for ---

function question() {
  const fixed = form.elements['radius-mode'].value === 'fixed';
  return {
    areaId: $('area').value || null,
    stationLevel: $('station-level').value,
    includePlanned: $('include-planned').checked,
    radiusM: fixed ? Number($('radius').value) : null,
    mode: form.elements.mode.value,
  };
}

function queryOf(q) {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== null).map(([k, v]) => [k, String(v)]));
}

// --- figures and table ---

// One number format per language, the current one's made while the page waits for its first answers:
// the first format of a language loads ICU's data for it, 45 ms and more, which fell in the task
// that draws the answers.
const numberFormats = new Map();
const number = n => {
  const lang = currentLang();
  const format = numberFormats.get(lang) ?? numberFormats.set(lang, new Intl.NumberFormat(lang)).get(lang);
  return format.format(n);
};
nextTask().then(() => number(0)); // a task of its own, not one of the page's start
const percent = share => `${(share * 100).toFixed(1)}%`;
const tallyText = tally => (tally ? t('planner.covered', { covered: number(tally.covered), total: number(tally.total), share: percent(tally.share) }) : t('planner.none'));

function showFigures() {
  const c = page.coverage;
  if (!c) return;
  $('share-households').textContent = percent(c.households.share);
  $('covered-households').textContent = tallyText(c.households);
  $('covered-members').textContent = tallyText(c.members);
  $('covered-residents').textContent = tallyText(c.residents);
  $('station-count').textContent = number(c.stations);
  const report = new URL('/api/coverage/report.csv', location.origin);
  for (const [k, v] of Object.entries(queryOf(page.lastQuestion))) report.searchParams.set(k, v);
  $('report-link').href = report.pathname + report.search;
  showRows();
}

/** The rows in the table's order: each community followed by its grids; grids of the area itself when it is a community. */
function orderedRows(rows) {
  const ordered = [];
  const communities = rows.filter(r => r.level === 'community');
  const gridsOf = Map.groupBy(rows.filter(r => r.level === 'grid'), r => r.parentId);
  for (const community of communities) ordered.push(community, ...(gridsOf.get(community.id) ?? []));
  const listed = new Set(communities.map(c => c.id));
  ordered.push(...rows.filter(r => r.level === 'grid' && !listed.has(r.parentId)));
  return ordered;
}

/** The first rowsShown rows of the table; the button below it adds the next ROWS_PAGE. */
function showRows() {
  const body = $('rows').tBodies[0];
  const ordered = orderedRows(page.coverage.rows);
  const more = $('rows-more');
  more.hidden = ordered.length <= page.rowsShown;
  more.textContent = t('planner.table.more', { shown: number(Math.min(page.rowsShown, ordered.length)), total: number(ordered.length) });
  body.replaceChildren(...ordered.slice(0, page.rowsShown).map(row => {
    const tr = document.createElement('tr');
    tr.className = row.level;
    tr.dataset.areaId = row.id;
    const name = document.createElement('td');
    const swatch = document.createElement('i');
    swatch.className = 'share-swatch';
    swatch.style.background = row.households.total > 0 ? shareColor(row.households.share) : EMPTY_COLOR;
    name.append(swatch, row.name);
    const cells = [number(row.households.total), number(row.households.covered), row.households.total > 0 ? percent(row.households.share) : '–'];
    tr.append(name, ...cells.map(text => Object.assign(document.createElement('td'), { textContent: text })));
    tr.addEventListener('click', () => zoomTo(row.id));
    return tr;
  }));
  showVisitShares($('rows'), page.lastQuestion?.areaId ?? null);
}

/** Fits the map to an area: one the page holds, else (a grid of a city district, drawn from tiles) as the server gives it. */
async function zoomTo(areaId) {
  let bounds = null;
  if (page.grids instanceof L.GeoJSON) page.grids.eachLayer(l => { if (l.feature.properties.id === areaId) bounds = l.getBounds(); });
  const area = page.areas.find(a => a.properties.id === areaId) ?? (bounds ? null : await getJson(`/api/areas/${areaId}`).catch(() => null));
  if (!bounds && area) bounds = L.geoJSON(area).getBounds();
  if (bounds) map.fitBounds(bounds, { padding: [24, 24] });
}

// --- map layers ---

/** A grid coloured by its share covered, from the last answer's row (properties: the grid's, from GeoJSON or a tile). */
function gridStyleOf(properties) {
  const row = page.rowById.get(properties.id);
  if (!row) return { color: '#9e9e9e', weight: 0.5, fill: false, opacity: 0.4 };
  const fillColor = row.households.total > 0 ? shareColor(row.households.share) : EMPTY_COLOR;
  return { color: '#616161', weight: 0.6, fill: true, fillColor, fillOpacity: 0.55 };
}

const gridStyle = feature => gridStyleOf(feature.properties);

/** The grids as outlines that tell their figures on hover; a city district's thousands from the area tiles. */
function gridLayer(collection) {
  if (collection.tiles) return vectorTileLayer('areas-grid-party', collection.tiles, { style: gridStyleOf, pane: CHOROPLETH_PANE });
  return L.geoJSON(collection, { style: gridStyle, onEachFeature: gridTooltip });
}

/**
 * Adds the grids once both they and the figures are in: a city's grid tiles are then asked for and
 * drawn once, coloured, not grey first and again when the figures come (and not while the server
 * is still working the answer out).
 */
function showGrids() {
  if (page.grids && page.coverage && !layers.choropleth.hasLayer(page.grids)) page.grids.addTo(layers.choropleth);
}

/** Colours the grids by the last answer (tiles: drawn again, the browser revalidating them, 304). */
function restyleGrids() {
  if (page.grids instanceof L.GeoJSON) page.grids.setStyle(gridStyle);
  else page.grids?.redraw();
}

function gridTooltip(feature, layer) {
  layer.bindTooltip(() => {
    const row = page.rowById.get(feature.properties.id);
    return textElement(row ? `${row.name}：${tallyText(row.households)}` : feature.properties.name);
  }, { sticky: true });
}

/** The stations the question counts, each with the radius it counts (its own, or the one chosen). */
function drawStations() {
  const q = page.lastQuestion;
  const counted = (page.stations?.features ?? []).filter(f =>
    (q.stationLevel === 'all' || f.properties.level === q.stationLevel) && (q.includePlanned || f.properties.status !== 'planned'));
  layers.stations.setPoints(stationDots(counted, { radiusM: q.radiusM }));
}

/** The uncovered households of the last answer, every one (drawn as the tiles in view ask for them). */
function drawUncovered({ lonLat }) {
  layers.uncovered.setDots(lonLat, UNCOVERED_STYLE);
}

function drawShape(feature) {
  layers.shape.setGeometry(feature.geometry, feature.properties.mode === 'walking' ? WALK_STYLE : SHAPE_STYLE);
}

// --- asking the server ---

function setStatus(key) {
  $('status').textContent = key ? t(key) : '';
}

/**
 * The three answers to a question, asked for at once (the uncovered households and the shape need
 * not wait for the figures); a failure is seen where each is awaited.
 */
function ask(q) {
  const params = queryOf(q);
  const answers = {
    question: q,
    coverage: getJson('/api/coverage', params),
    // The uncovered households as flat arrays: a city district's as GeoJSON took the page up to a second to parse.
    rest: Promise.all([getJson('/api/coverage/uncovered/points', params), getJson('/api/coverage/shape', params)]),
  };
  answers.rest.catch(() => {}); // awaited after the figures; unawaited when they fail
  return answers;
}

/** Figures first (the smallest answer), then the uncovered households and the shape; a newer question makes older answers void. */
async function refresh(answers = ask(question())) {
  const request = ++page.request;
  const q = answers.question;
  page.lastQuestion = q;
  drawStations();
  try {
    const coverage = await answers.coverage;
    // The map fitted and the grids added before the table is filled: each makes Leaflet read the
    // layout, which would lay out a city's table of names just filled in the same task.
    await page.placed;
    if (request !== page.request) return;
    page.coverage = coverage;
    page.rowById = new Map(coverage.rows.map(r => [r.id, r]));
    restyleGrids();
    showGrids();
    showFigures();
    $('figures').dataset.radiusM = q.radiusM ?? 'own';
    $('figures').dataset.mode = q.mode;
    setStatus(null);
    const [uncovered, shape] = await answers.rest;
    if (request !== page.request) return;
    drawUncovered(uncovered);
    drawShape(shape);
    mapElement.dataset.ready = 'true';
    markFirstDraw();
    publish();
  } catch (error) {
    if (request !== page.request) return;
    console.error(error);
    setStatus(error instanceof HttpError && error.status === 400 && q.mode === 'walking' ? 'planner.walkingUnavailable' : 'planner.failed');
  }
}

let timer = null;
function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(() => refresh(), DEBOUNCE_MS);
}

// --- suggestions ---

async function suggest(event) {
  event.preventDefault();
  const q = page.lastQuestion;
  const button = $('suggest-run');
  button.disabled = true;
  button.textContent = t('planner.suggest.running');
  try {
    page.suggestion = await postJson('/api/coverage/suggest', {
      areaId: q.areaId ? Number(q.areaId) : null,
      k: Number($('suggest-k').value),
      radiusM: Number($('radius').value),
      existingRadiusM: q.radiusM,
      stationLevel: q.stationLevel,
      includePlanned: q.includePlanned,
    });
    page.accepted.clear();
    showSuggestion();
    publish();
  } catch (error) {
    console.error(error);
    setStatus('planner.failed');
  } finally {
    button.disabled = false;
    button.textContent = t('planner.suggest.run');
  }
}

function showSuggestion() {
  const s = page.suggestion;
  layers.sites.clearLayers();
  if (!s) return;
  $('suggest-summary').textContent = s.sites.length === 0 ? t('planner.suggest.none') : t('planner.suggest.summary', {
    n: s.sites.length, candidates: number(s.candidates), m: s.radiusM,
    before: percent(s.before.households.share), after: percent(s.after.households.share),
  });
  $('sites').replaceChildren(...s.sites.map(site => {
    const item = document.createElement('li');
    item.className = 'site';
    const gain = t('planner.suggest.gain', { households: number(site.gainHouseholds), members: number(site.gainMembers) });
    item.append(textElement(site.name ?? t('planner.suggest.site', { rank: site.rank })), textElement(gain, 'gain'));
    const accept = document.createElement('button');
    accept.type = 'button';
    const done = page.accepted.has(site.rank);
    accept.textContent = t(done ? 'planner.suggest.accepted' : 'planner.suggest.accept');
    accept.disabled = done;
    accept.addEventListener('click', () => acceptSite(site));
    item.append(accept);

    const at = [site.lat, site.lon];
    L.circle(at, { radius: site.radiusM, ...SITE_RADIUS_STYLE }).addTo(layers.sites);
    L.marker(at, { icon: L.divIcon({ className: 'site-pin', html: String(site.rank), iconSize: [20, 20] }), zIndexOffset: 2000 })
      .bindTooltip(() => textElement(`${t('planner.suggest.site', { rank: site.rank })}：${gain}`))
      .addTo(layers.sites);
    return item;
  }));
}

/** The site becomes a planned station; figures are asked for again and now count it. */
async function acceptSite(site) {
  const level = page.lastQuestion.stationLevel === 'all' ? 'community' : page.lastQuestion.stationLevel;
  try {
    await postJson('/api/coverage/accept', { lon: site.lon, lat: site.lat, radiusM: site.radiusM, level });
    page.accepted.add(site.rank);
    page.stations = await getAllFeatures('/api/stations');
    showSuggestion();
    await refresh();
  } catch (error) {
    console.error(error);
    setStatus('planner.failed');
  }
}

// --- legend, start-up ---

function addLegend() {
  addLegendControl(map, 'planner.legend.title', box => {
    const rows = [
      ...SHARE_CLASSES.map((c, i) => [c.color, i === 0 ? `≥ ${c.from * 100}%` : `${c.from * 100}–${SHARE_CLASSES[i - 1].from * 100}%`]),
      [EMPTY_COLOR, t('planner.legend.empty')],
    ];
    const list = document.createElement('ul');
    for (const [color, label] of rows) {
      const item = document.createElement('li');
      const swatch = document.createElement('i');
      swatch.className = 'swatch swatch-area';
      swatch.style.background = color;
      item.append(swatch, textElement(label));
      list.append(item);
    }
    const extra = [['planner.legend.uncovered', UNCOVERED_STYLE.fillColor, '50%'], ['planner.legend.shape', SHAPE_STYLE.fillColor, '0'], ['planner.legend.site', '#6a1b9a', '50%']];
    for (const [key, color, radius] of extra) {
      const item = document.createElement('li');
      const swatch = document.createElement('i');
      swatch.className = 'swatch';
      Object.assign(swatch.style, { background: color, borderRadius: radius });
      item.append(swatch, textElement(t(key)));
      list.append(item);
    }
    box.replaceChildren(list);
  });
}

/** The levels the area picker lists, top down. */
const PICKER_LEVELS = ['district', 'street', 'community'];

function fillAreaPicker() {
  const select = $('area');
  const depth = { district: 0, street: 1, community: 2 };
  // The planner's own area (the district for an admin), then each street followed by its communities.
  const ordered = [];
  const children = Map.groupBy(page.areas, a => a.properties.parentId); // not a pass over every area per area
  const add = parentId => {
    for (const a of (children.get(parentId) ?? []).sort((x, y) => x.properties.code.localeCompare(y.properties.code))) {
      ordered.push(a);
      add(a.properties.id);
    }
  };
  for (const top of topAreas()) {
    ordered.push(top);
    add(top.properties.id);
  }
  const selected = select.value;
  select.replaceChildren(...ordered.map(a => {
    const p = a.properties;
    const option = new Option(`${'\u3000'.repeat(depth[p.level])}${p.name}（${t(`level.${p.level}`)}）`, p.id);
    return option;
  }));
  if (selected) select.value = selected;
}

/** The areas whose parent the user does not see: its own area. */
function topAreas() {
  const shown = new Set(page.areas.map(a => a.properties.id));
  return page.areas.filter(a => !shown.has(a.properties.parentId));
}

/** For tests and the curious: the last answers, as the page drew them. */
function publish() {
  window.gridmap = Object.freeze({
    map, coverage: page.coverage, suggestion: page.suggestion, question: page.lastQuestion,
    uncovered: layers.uncovered.size(), sites: page.suggestion?.sites.length ?? 0,
  });
}

function showRadius() {
  $('radius-value').textContent = t('planner.radius.value', { m: $('radius').value });
}

async function start() {
  const user = await enterPage('planner');
  translatePage();
  onLangChange(() => { showRadius(); fillAreaPicker(); showFigures(); showSuggestion(); });
  addLegend();
  showRadius();

  form.addEventListener('input', event => {
    if (event.target.id === 'radius') {
      showRadius();
      form.elements['radius-mode'].value = 'fixed';
    }
    if (event.target.id === 'area') zoomTo(Number($('area').value));
    refreshSoon();
  });
  for (const button of document.querySelectorAll('.presets button')) {
    button.addEventListener('click', () => {
      $('radius').value = button.dataset.radius;
      form.elements['radius-mode'].value = 'fixed';
      showRadius();
      refreshSoon();
    });
  }
  $('suggest-form').addEventListener('submit', suggest);
  $('rows-more').addEventListener('click', () => {
    page.rowsShown += ROWS_PAGE;
    showRows();
  });
  const answers = firstAnswers;
  firstAnswers = null;
  // Before the first draw only what the map needs to show the coverage where the user looks: the
  // user's own area, which the map fits, and the grids the answer colours. The area picker's other
  // levels and the stations wait for it, so as not to compete with the coverage answers, which the
  // server works out afresh for the first question.
  const top = user.role !== 'admin' && user.area ? user.area.level : 'district';
  const levels = PICKER_LEVELS.slice(Math.max(PICKER_LEVELS.indexOf(top), 0));
  page.placed = loadAreas(levels[0]).then(tops => {
    page.areas = tops.features;
    // Fitted before the grids are added, so that their tiles are asked for at the area's zoom only.
    const fitted = topAreas();
    if (fitted.length > 0) map.fitBounds(L.geoJSON({ type: 'FeatureCollection', features: fitted }).getBounds(), { padding: [24, 24] });
    fillAreaPicker();
  }).catch(error => console.error(error));
  const firstAnswer = refresh(answers);
  const [grids] = await Promise.all([loadGrids(), page.placed]);
  page.grids = gridLayer(grids);
  showGrids();

  await firstAnswer;
  const [stations, ...below] = await Promise.all([getAllFeatures('/api/stations'), ...levels.slice(1).map(level => loadAreas(level))]);
  page.stations = stations;
  drawStations();
  page.areas = [...page.areas, ...below.flatMap(c => c.features)];
  fillAreaPicker();
}

start();
