// The main map page: the territory, with Party-member households and service stations on it, and
// a field role's own open cases: a grid worker's tasks, a department's summonses (all a department,
// which may list no territory, sees on it).
import { bboxParam, getJson } from './api.js';
import { enterPage, may } from './auth.js';
import { onLangChange, t, translatePage } from './i18n.js';
import { createLayerControl, createMap, mapPanel } from './map.js';
import { addLegend } from './legend.js';
import { AREA_STYLES, areaLayer, enableLocate, loadAreas } from './territory.js';
import { vectorTileLayer } from './tiles.js';
import { loadGrids } from './outlines.js';
import { householdLayer, loadHouseholds } from './households.js';
import { loadStations, stationLayer } from './stations.js';
import { loadStaffLayer, staffLayer } from './staff.js';
import { markFirstDraw, yieldTask } from './firstdraw.js';
import { visitShareLayer } from './visits.js';
import { exportRows } from './exportlinks.js';

// Drawn in this order: on the canvas later areas lie on top; pins always lie above areas.
// Each layer needs a feature (server policy) the signed-in user's role may use.
const LAYERS = [
  { key: 'street', load: bbox => loadAreas('street', bbox), build: c => areaLayer(c, 'street'), shown: true, needs: 'territory' },
  { key: 'community', load: bbox => loadAreas('community', bbox), build: c => areaLayer(c, 'community'), shown: true, needs: 'territory' },
  { key: 'grid', load: loadGrids, build: gridLayer, shown: true, needs: 'territory' },
  { key: 'stations', load: loadStations, build: stationLayer, shown: true, needs: 'territory' },
  { key: 'households', load: loadHouseholds, build: householdLayer, shown: true, needs: 'households' },
  { key: 'staff', load: loadStaffLayer, build: staffLayer, shown: false, needs: 'staff' },
];

/** The grids as outlines that name themselves on hover; a city district's thousands from the area tiles. */
function gridLayer(collection) {
  return collection.tiles ? vectorTileLayer('areas-grid-party', collection.tiles, { style: () => AREA_STYLES.grid }) : areaLayer(collection, 'grid');
}

translatePage();

const mapElement = document.getElementById('map');
const map = await createMap(mapElement);
const control = createLayerControl(map);

const counts = {};
const failedKeys = [];

function showStatus() {
  const status = document.getElementById('status');
  if (failedKeys.length > 0) status.textContent = failedKeys.map(key => t('status.loadFailed', { layer: t(`layer.${key}`) })).join(t('list.separator'));
  else if (counts.district === 0) status.textContent = t('status.noAreas');
  else if (counts.summoned === 0) status.textContent = t('status.noSummoned');
  else status.textContent = '';
}
onLangChange(showStatus);

function draw({ key, build, shown }, collection) {
  const layer = build(collection);
  counts[key] = collection.features.filter(f => f.geometry).length;
  control.add(layer, `layer.${key}`);
  if (shown) layer.addTo(map);
  return layer;
}

async function loadAll() {
  const user = await enterPage('map');
  if (may(user, 'territory')) addLegend(map);
  if (may(user, 'territory.locate')) enableLocate(map);
  const bbox = may(user, 'territory') ? drawOwnArea(user, await loadAreas(areaLevel(user)).catch(failed('district'))) : null;
  const pinned = pinCases(user).catch(failed('case'));
  const layers = LAYERS.filter(layer => may(user, layer.needs));
  const results = await Promise.allSettled(layers.map(layer => layer.load(bbox)));
  for (const [i, result] of results.entries()) {
    // Each layer in a task of its own: a city's in one are a long task of every outline, tile and dot.
    if (i > 0) await yieldTask();
    if (result.status === 'fulfilled') draw(layers[i], result.value);
    else failed(layers[i].key)(result.reason);
  }
  if (may(user, 'aggregates')) control.add(visitShareLayer(bbox), 'layer.visits');
  await pinned;
  showStatus();
  addExports(user, bbox);

  // For tests and the curious: what was drawn, per layer (features, not clusters).
  window.gridmap = Object.freeze({ map, counts: Object.freeze({ ...counts }), failed: Object.freeze([...failedKeys]) });
  mapElement.dataset.ready = 'true';
  markFirstDraw();
}

/** A layer that could not be read is said in the status line; its error goes to the console. */
const failed = key => error => {
  console.error(error);
  failedKeys.push(key);
  return null;
};

/** The level of the user's own area: the district for an admin. */
const areaLevel = user => (user.role !== 'admin' && user.area ? user.area.level : 'district');

/**
 * The user's own area comes first: the map fits it, and everything else is asked for inside it
 * (the bbox returned).
 */
function drawOwnArea(user, collection) {
  if (!collection) return null;
  const own = draw({ key: 'district', build: c => areaLayer(c, areaLevel(user)), shown: true }, collection);
  if (counts.district === 0) return null;
  map.fitBounds(own.getBounds(), { padding: [24, 24] });
  return bboxParam(own.getBounds());
}

/**
 * A field role's own open work, which no layer of its map shows: a grid worker's tasks, as its
 * page reads them, and a department's, the open cases it was summoned to, answered or not, up to
 * GET /api/summons's most (it may list no territory, so they are all its map shows).
 * read(cases, names): cases is the cases' module.
 */
const OWN_WORK = {
  grid_worker: { key: 'tasks', read: (cases, names) => cases.loadOpenCases(names.statuses) },
  department: { key: 'summoned', read: cases => cases.loadSummonedCases() },
};

/**
 * The cases the map pins: the user's own open work (OWN_WORK), the map widened to show it; and the
 * case the address names (?case=ID: a field role's card links here), with its popup open, the map
 * on it and the area it lies in outlined, which its user may not otherwise see (a grid worker sent
 * to another grid, a department). What cannot be read is said as a layer that failed.
 */
async function pinCases(user) {
  const id = Number(new URLSearchParams(location.search).get('case'));
  const asked = Number.isSafeInteger(id) && id > 0 ? id : null;
  const work = OWN_WORK[user.role];
  if (!asked && !work) return;
  // Only then: the cases' module is not part of the other roles' first draw.
  const casesModule = await import('./cases.js');
  const { addCaseLegend, CASE_ZOOM, CaseMarkers, CaseNames, loadCase } = casesModule;
  const names = await CaseNames.fromCatalogue();
  addCaseLegend(map, names);
  const [own, askedCase, area] = await Promise.all([
    work ? work.read(casesModule, names).catch(failed(work.key)) : [],
    asked ? loadCase(asked).catch(failed('case')) : null,
    asked ? getJson(`/api/cases/${asked}/area`).catch(failed('caseArea')) : null,
  ]);
  const cases = [...(own ?? []).filter(c => c.id !== asked), ...(askedCase ? [askedCase] : [])];
  if (area) draw({ key: 'caseArea', build: c => areaLayer(c, area.properties.level), shown: true }, { type: 'FeatureCollection', features: [area] });
  await names.needCases(cases);
  const pins = new CaseMarkers(map, names, { onOpen: () => {} });
  pins.show(cases);
  // Straight to the view, not animated there: the page is drawn (data-ready) in its final view.
  if (askedCase) {
    map.setView([askedCase.lat, askedCase.lon], CASE_ZOOM, { animate: false });
    pins.openPopup(askedCase.id);
  } else if (cases.length > 0) {
    const bounds = L.latLngBounds(cases.map(c => [c.lat, c.lon]));
    if (counts.district > 0) bounds.extend(map.getBounds());
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: CASE_ZOOM, animate: false });
  }
  if (work && own) counts[work.key] = own.length;
}

/** Households, stations and areas as files, asked for in the same bbox as the map's layers. */
function addExports(user, bbox) {
  const layers = [{ layer: 'households', needs: 'households' }, { layer: 'stations', needs: 'territory' }, { layer: 'areas', needs: 'territory' }]
    .filter(l => may(user, l.needs)).map(({ layer }) => ({ layer, filters: () => ({ bbox }) }));
  if (layers.length === 0) return;
  const exports = L.control({ position: 'bottomleft' });
  exports.onAdd = () => {
    const { box, body } = mapPanel('export-panel', 'export.title');
    body.append(exportRows(layers));
    return box;
  };
  exports.addTo(map);
}

loadAll();
