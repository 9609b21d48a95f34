// The territory: district, street, community and grid polygons, and "where am I" on click.
import { getAllFeatures, getJson, HttpError } from './api.js';
import { t } from './i18n.js';
import { textElement } from './map.js';

// Outer levels are outlines only, so that the grids inside them stay readable.
export const AREA_STYLES = {
  district: { color: '#b71c1c', weight: 5, fill: false }, // wide enough to show under street edges
  street: { color: '#e65100', weight: 2.5, dashArray: '8 6', fill: false },
  community: { color: '#1565c0', weight: 2, fillColor: '#1565c0', fillOpacity: 0.06 },
  grid: { color: '#2e7d32', weight: 1, fillColor: '#66bb6a', fillOpacity: 0.2 },
  micro_grid: { color: '#00695c', weight: 1, dashArray: '3 4', fill: false },
};

// Drawn in this order, so that on the canvas the smallest areas lie on top (and get the hover).
export const AREA_LEVELS = ['district', 'street', 'community', 'grid'];

/** The areas of one level; grids of the Party-building layer (党建网格). */
export function loadAreas(level, bbox = null) {
  return getAllFeatures('/api/areas', { level, layer: level === 'grid' ? 'party' : null, bbox });
}

const tooltipText = p => t('area.tooltip', { level: t(`level.${p.level}`), name: p.name, code: p.code });

export function areaLayer(collection, level) {
  return L.geoJSON(collection, {
    style: AREA_STYLES[level],
    onEachFeature: (feature, layer) =>
      layer.bindTooltip(() => textElement(tooltipText(feature.properties)), { sticky: true, direction: 'top' }),
  });
}

/** Clicking anywhere on the map shows the chain of areas there: grid → community → street → district. */
export function enableLocate(map) {
  let latest = 0;
  map.on('click', async event => {
    const request = ++latest;
    const popup = L.popup({ className: 'locate-popup' })
      .setLatLng(event.latlng)
      .setContent(textElement(t('locate.loading')))
      .openOn(map);
    const content = await locateContent(event.latlng);
    // A newer click has its own popup by now.
    if (request === latest) popup.setContent(content);
  });
}

/** The chain of areas at latlng as an element (or why there is none), as the map shows it on a click. */
export async function locateContent(latlng) {
  try {
    const found = await getJson('/api/locate', { lon: latlng.lng.toFixed(7), lat: latlng.lat.toFixed(7) });
    return chainElement(found.chain);
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return textElement(t('locate.outside'), 'chain chain-outside');
    if (error instanceof HttpError && error.status === 403) return textElement(t('locate.notYours'), 'chain chain-outside');
    console.error(error);
    return textElement(t('locate.failed'), 'chain chain-error');
  }
}

function chainElement(chain) {
  if (chain.length === 0) return textElement(t('locate.outside'), 'chain chain-outside');
  const box = document.createElement('div');
  box.className = 'chain';
  chain.forEach((area, i) => {
    if (i > 0) box.append(textElement(' → ', 'chain-arrow'));
    const step = textElement('', `chain-step chain-${area.level}`);
    step.append(textElement(t(`level.${area.level}`), 'chain-level'), ' ', textElement(area.name, 'chain-name'));
    step.title = area.code;
    box.append(step);
  });
  return box;
}
