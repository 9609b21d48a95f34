// The main map page: the territory, with Party-member households and service stations on it.
import { bboxParam } from './api.js';
import { enterPage, may } from './auth.js';
import { onLangChange, t, translatePage } from './i18n.js';
import { createLayerControl, createMap } from './map.js';
import { addLegend } from './legend.js';
import { AREA_STYLES, areaLayer, enableLocate, loadAreas } from './territory.js';
import { vectorTileLayer } from './tiles.js';
import { loadGrids } from './outlines.js';
import { householdLayer, loadHouseholds } from './households.js';
import { loadStations, stationLayer } from './stations.js';
import { loadStaffLayer, staffLayer } from './staff.js';
import { markFirstDraw, yieldTask } from './firstdraw.js';
import { visitShareLayer } from './visits.js';
import { exportPanel } from './exportlinks.js';

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
addLegend(map);
enableLocate(map);

const counts = {};
const failedKeys = [];

function showStatus() {
  const status = document.getElementById('status');
  if (failedKeys.length > 0) status.textContent = failedKeys.map(key => t('status.loadFailed', { layer: t(`layer.${key}`) })).join(t('list.separator'));
  else if (counts.district === 0) status.textContent = t('status.noAreas');
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
  if (!may(user, 'territory')) {
    document.getElementById('status').dataset.i18n = 'auth.noMap';
    document.getElementById('status').textContent = t('auth.noMap');
    mapElement.dataset.ready = 'true';
    return;
  }
  // The user's own area comes first (the district for an admin): the map fits it, and
  // everything else is asked for inside it.
  const top = user.role !== 'admin' && user.area ? user.area.level : 'district';
  let bbox = null;
  try {
    const district = draw({ key: 'district', build: c => areaLayer(c, top), shown: true }, await loadAreas(top));
    if (counts.district > 0) {
      map.fitBounds(district.getBounds(), { padding: [24, 24] });
      bbox = bboxParam(district.getBounds());
    }
  } catch (error) {
    console.error(error);
    failedKeys.push('district');
  }

  const asked = showAskedCase();
  const layers = LAYERS.filter(layer => may(user, layer.needs));
  const results = await Promise.allSettled(layers.map(layer => layer.load(bbox)));
  for (const [i, result] of results.entries()) {
    // Each layer in a task of its own: a city's in one are a long task of every outline, tile and dot.
    if (i > 0) await yieldTask();
    if (result.status === 'fulfilled') draw(layers[i], result.value);
    else {
      console.error(result.reason);
      failedKeys.push(layers[i].key);
    }
  }
  if (may(user, 'aggregates')) control.add(visitShareLayer(bbox), 'layer.visits');
  await asked;
  showStatus();
  addExports(user, bbox);

  // For tests and the curious: what was drawn, per layer (features, not clusters).
  window.gridmap = Object.freeze({ map, counts: Object.freeze({ ...counts }), failed: Object.freeze([...failedKeys]) });
  mapElement.dataset.ready = 'true';
  markFirstDraw();
}

/**
 * The case the address names (?case=ID: a grid worker's task card links here), pinned with its
 * popup open and the map on it: where the task lies among the grids and households. One the user
 * may not see, or that cannot be read, is said as a layer that failed.
 */
async function showAskedCase() {
  const id = Number(new URLSearchParams(location.search).get('case'));
  if (!Number.isSafeInteger(id) || id <= 0) return;
  try {
    // Only then: the cases' module is not part of the map's first draw.
    const { CASE_ZOOM, CaseMarkers, CaseNames, loadCase } = await import('./cases.js');
    const [c, names] = await Promise.all([loadCase(id), CaseNames.fromCatalogue()]);
    await names.needCases([c]);
    const pin = new CaseMarkers(map, names, { onOpen: () => {} });
    pin.show([c]);
    map.setView([c.lat, c.lon], CASE_ZOOM);
    pin.openPopup(c.id);
  } catch (error) {
    console.error(error);
    failedKeys.push('case');
  }
}

/** Households, stations and areas as files, asked for in the same bbox as the map's layers. */
function addExports(user, bbox) {
  const layers = [{ layer: 'households', needs: 'households' }, { layer: 'stations', needs: 'territory' }, { layer: 'areas', needs: 'territory' }]
    .filter(l => may(user, l.needs)).map(({ layer }) => ({ layer, filters: () => ({ bbox }) }));
  const exports = L.control({ position: 'bottomleft' });
  exports.onAdd = () => {
    const panel = exportPanel(layers);
    L.DomEvent.disableClickPropagation(panel); // a click on a link is no click on the map (locate)
    return panel;
  };
  exports.addTo(map);
}

loadAll();
