// Party-mass service centres and stations (党群服务中心/站) with their service radius.
import { getAllFeatures } from './api.js';
import { t } from './i18n.js';
import { latLngOf, popupContent } from './map.js';

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

/** One marker per station, and its service-radius circle (circles let clicks through to locate). */
export function stationLayer(collection) {
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
