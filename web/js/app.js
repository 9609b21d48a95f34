// The main map page: the territory, with Party-member households and service stations on it.
import { bboxParam } from './api.js';
import { onLangChange, otherLang, setLang, t, translatePage } from './i18n.js';
import { createLayerControl, createMap } from './map.js';
import { addLegend } from './legend.js';
import { areaLayer, enableLocate, loadAreas } from './territory.js';
import { householdLayer, loadHouseholds } from './households.js';
import { loadStations, stationLayer } from './stations.js';
import { loadStaff, staffLayer } from './staff.js';

// Drawn in this order: on the canvas later areas lie on top; pins always lie above areas.
const LAYERS = [
  { key: 'street', load: bbox => loadAreas('street', bbox), build: c => areaLayer(c, 'street'), shown: true },
  { key: 'community', load: bbox => loadAreas('community', bbox), build: c => areaLayer(c, 'community'), shown: true },
  { key: 'grid', load: bbox => loadAreas('grid', bbox), build: c => areaLayer(c, 'grid'), shown: true },
  { key: 'stations', load: loadStations, build: stationLayer, shown: true },
  { key: 'households', load: loadHouseholds, build: householdLayer, shown: true },
  { key: 'staff', load: loadStaff, build: staffLayer, shown: false },
];

translatePage();
document.getElementById('lang-switch').addEventListener('click', () => setLang(otherLang()));

const mapElement = document.getElementById('map');
const map = createMap(mapElement, { tileUrl: new URLSearchParams(location.search).get('tiles') });
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
  // The district comes first: the map fits it, and everything else is asked for inside it.
  let bbox = null;
  try {
    const district = draw({ key: 'district', build: c => areaLayer(c, 'district'), shown: true }, await loadAreas('district'));
    if (counts.district > 0) {
      map.fitBounds(district.getBounds(), { padding: [24, 24] });
      bbox = bboxParam(district.getBounds());
    }
  } catch (error) {
    console.error(error);
    failedKeys.push('district');
  }

  const results = await Promise.allSettled(LAYERS.map(layer => layer.load(bbox)));
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') draw(LAYERS[i], result.value);
    else {
      console.error(result.reason);
      failedKeys.push(LAYERS[i].key);
    }
  });
  showStatus();

  // For tests and the curious: what was drawn, per layer (features, not clusters).
  window.gridmap = Object.freeze({ map, counts: Object.freeze({ ...counts }), failed: Object.freeze([...failedKeys]) });
  mapElement.dataset.ready = 'true';
}

loadAll();
