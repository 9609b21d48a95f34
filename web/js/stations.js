// Party-mass service centres and stations (党群服务中心/站) with their service radius.
import { getAllFeatures } from './api.js';
import { t } from './i18n.js';
import { latLngOf, popupContent } from './map.js';
import { canvasDots } from './canvasdots.js';

export const STATION_LEVELS = ['district', 'street', 'community', 'grid'];

export const RADIUS_STYLE = { color: '#c62828', weight: 1.5, fillColor: '#e57373', fillOpacity: 0.08, interactive: false };
// A planned station's circle is only a proposal: dashed, no fill.
export const PLANNED_RADIUS_STYLE = { ...RADIUS_STYLE, dashArray: '6 6', fillOpacity: 0 };

export function loadStations(bbox) {
  return getAllFeatures('/api/stations', { bbox });
}

const levelOf = p => (STATION_LEVELS.includes(p.level) ? p.level : 'grid');
const statusOf = p => (p.status === 'planned' ? 'planned' : 'open');

export const stationIcon = (level, status) =>
  L.divIcon({ className: `station-pin station-${level} station-${status}`, iconSize: [18, 18] });

function stationPopup(p) {
  return popupContent(p.name, [
    [t('station.level'), t(`station.level.${levelOf(p)}`)],
    [t('station.status'), t(`station.status.${statusOf(p)}`)],
    [t('station.hours'), p.openingHours],
    [t('station.services'), (p.services ?? []).join(t('list.separator'))],
    [t('station.radius'), t('station.radiusValue', { m: Math.round(p.radiusM) })],
  ], 'station-popup');
}

/** Up to this many stations are markers (each a DOM element, named on hover); past it, dots and circles on canvas. */
export const STATION_PINS_UP_TO = 300;

// A station as a canvas dot: as .station-pin, party red with a white rim; a planned one white, dashed.
const STATION_DOT = { radius: 6, color: '#fff', weight: 2, fillColor: '#b71c1c', fillOpacity: 1 };
const PLANNED_STATION_DOT = { radius: 6, color: '#b71c1c', weight: 2, dashArray: '3 2', fillColor: '#fff', fillOpacity: 1 };

/** What a city district's station dots are drawn at, zoomed out (canvasdots.js dotScale): hundreds of them would hide the ground they cover. */
export const stationDotScale = zoom => (zoom >= 13 ? 1 : zoom >= 12 ? 2 / 3 : 1 / 2);

/**
 * The stations as points of a canvasDots layer: each one's circle (radiusM, or every one the
 * same radiusM when given), then each one's dot, so that dots lie above all circles.
 * withPopups: a click on a dot shows the station.
 */
export function stationDots(features, { radiusM = null, withPopups = false } = {}) {
  const stations = features.filter(f => f.geometry).map(f => ({ p: f.properties, latlng: latLngOf(f.geometry) }));
  const planned = p => statusOf(p) === 'planned';
  return [
    ...stations.map(({ p, latlng }) => ({ latlng, radiusM: radiusM ?? p.radiusM, style: planned(p) ? PLANNED_RADIUS_STYLE : RADIUS_STYLE })),
    ...stations.map(({ p, latlng }) => ({
      latlng, style: planned(p) ? PLANNED_STATION_DOT : STATION_DOT, ...(withPopups ? { popup: () => stationPopup(p) } : {}),
    })),
  ];
}

/**
 * One marker per station, and its service-radius circle (circles let clicks through to locate);
 * past STATION_PINS_UP_TO stations (a city district's hundreds), one canvas layer of them all.
 */
export function stationLayer(collection) {
  if (collection.features.length > STATION_PINS_UP_TO) return canvasDots({ dotScale: stationDotScale }).setPoints(stationDots(collection.features, { withPopups: true }));
  const group = L.featureGroup();
  for (const f of collection.features.filter(f => f.geometry)) {
    const p = f.properties;
    const at = latLngOf(f.geometry);
    L.circle(at, { radius: p.radiusM, ...(statusOf(p) === 'planned' ? PLANNED_RADIUS_STYLE : RADIUS_STYLE) }).addTo(group);
    L.marker(at, { icon: stationIcon(levelOf(p), statusOf(p)), title: p.name, zIndexOffset: 1000 })
      .bindPopup(() => stationPopup(p))
      .addTo(group);
  }
  return group;
}
