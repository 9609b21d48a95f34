// Shared map set-up for every GridMap page: the map itself, its layer control and the
// building blocks of popups.
import { getJson } from './api.js';
import { gcj02Crs } from './gcj02.js';
import { t, onLangChange } from './i18n.js';

// Markercluster needs a maxZoom; 19 is as close as a street-level base map goes.
export const MAX_ZOOM = 19;
const FALLBACK_VIEW = { center: [35.0, 105.0], zoom: 4 };

/**
 * A map in element, drawn on canvas (hundreds of polygons stay fast), on the base map the
 * server's configuration names (GET /api/settings/basemap): none by default, since none may be
 * reachable from where GridMap runs; tiles in WGS 84 as they are; or tiles in GCJ-02 (Amap),
 * for which the map's CRS draws every WGS 84 coordinate shifted into GCJ-02 and turns clicks
 * back into WGS 84 (gcj02.js). Without the setting (an error) the map has no base map.
 */
export async function createMap(element) {
  const baseMap = await getJson('/api/settings/basemap').catch(() => ({ kind: 'none' }));
  const crs = baseMap.kind === 'amap' ? gcj02Crs() : L.CRS.EPSG3857;
  const map = L.map(element, { crs, preferCanvas: true, maxZoom: MAX_ZOOM, zoomControl: true });
  map.setView(FALLBACK_VIEW.center, FALLBACK_VIEW.zoom);
  if (baseMap.kind !== 'none') {
    L.tileLayer(baseMap.url, {
      maxZoom: MAX_ZOOM,
      attribution: baseMap.attribution ?? '',
      ...(baseMap.subdomains ? { subdomains: baseMap.subdomains } : {}),
    }).addTo(map);
  }
  return map;
}

/**
 * The layer switcher. Labels are i18n keys; Leaflet keeps names as given, so on a language
 * change every overlay is taken out and put back, in the same order, with its new name.
 */
export function createLayerControl(map) {
  const control = L.control.layers(null, null, { collapsed: narrowScreen(), position: 'topright' }).addTo(map);
  const entries = [];
  onLangChange(() => {
    for (const { layer } of entries) control.removeLayer(layer);
    for (const { layer, key } of entries) control.addOverlay(layer, t(key));
  });
  return {
    add(layer, key) {
      entries.push({ layer, key });
      control.addOverlay(layer, t(key));
    },
  };
}

/** GeoJSON [lon, lat] → Leaflet [lat, lon]. */
export const latLngOf = point => [point.coordinates[1], point.coordinates[0]];

/**
 * A popup body: a title and label/value rows. Built from DOM nodes, not HTML strings, so
 * names typed by users cannot inject markup.
 */
export function popupContent(title, rows = [], className = '') {
  const box = document.createElement('div');
  box.className = `popup ${className}`.trim();
  const heading = document.createElement('h3');
  heading.textContent = title;
  box.append(heading);
  const shown = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (shown.length > 0) {
    const list = document.createElement('dl');
    for (const [label, value] of shown) {
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      list.append(dt, dd);
    }
    box.append(list);
  }
  return box;
}

/** A text node wrapper for tooltips (Leaflet would read a plain string as HTML). */
export function textElement(text, className = '') {
  const span = document.createElement('span');
  if (className) span.className = className;
  span.textContent = text;
  return span;
}

/**
 * A phone's screen, as the style sheets' (max-width: 800px) has it: there the map's boxes (layers,
 * legends, exports) start folded, as together they would cover most of the map.
 */
export const narrowScreen = () => window.matchMedia('(max-width: 800px)').matches;

/**
 * A box on the map that folds to its title (a <details>, so a keyboard and a screen reader open
 * it as they open any disclosure): open on a wide screen, folded on a narrow one. Its title is
 * the i18n key titleKey, translated again whenever the language changes; the returned body is
 * where its content goes. Clicks inside it do not reach the map.
 */
export function mapPanel(className, titleKey) {
  const box = Object.assign(document.createElement('details'), { className, open: !narrowScreen() });
  const title = document.createElement('summary');
  const body = document.createElement('div');
  box.append(title, body);
  const translate = () => { title.textContent = t(titleKey); };
  translate();
  onLangChange(translate);
  L.DomEvent.disableClickPropagation(box);
  return { box, body };
}

/** A legend on the map (a mapPanel), its content drawn by render(body) now and again whenever the language changes. */
export function addLegendControl(map, titleKey, render, { position = 'bottomright', className = 'legend' } = {}) {
  const legend = L.control({ position });
  legend.onAdd = () => {
    const { box, body } = mapPanel(className, titleKey);
    render(body);
    onLangChange(() => render(body));
    return box;
  };
  return legend.addTo(map);
}
