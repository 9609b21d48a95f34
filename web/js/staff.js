// Grid workers and Party members who sink into grids (下沉网格): where they were last seen.
import { getAllFeatures } from './api.js';
import { currentLang, t } from './i18n.js';
import { latLngOf, popupContent } from './map.js';
import { clusterStyle, dotSize, featuresOrTiles, isCluster, vectorTileLayer } from './tiles.js';

export function loadStaff(bbox) {
  return getAllFeatures('/api/staff', { bbox });
}

/** Up to this many people are markers on the map page; past it, dots from vector tiles. */
const MARKERS_UP_TO = 1000;

/** The staff for the map page: as loadStaff; past MARKERS_UP_TO, from vector tiles. */
export const loadStaffLayer = bbox => featuresOrTiles(bbox, { count: 'staff', list: '/api/staff', tiles: 'staff', upTo: MARKERS_UP_TO });

// A click on a person opens their popup instead of locating the point under them.
const ON_DUTY = { color: '#0d47a1', fillColor: '#42a5f5', fillOpacity: 0.9, radius: 6, weight: 2, bubblingMouseEvents: false };
const OFF_DUTY = { ...ON_DUTY, color: '#616161', fillColor: '#bdbdbd' };

function staffPopup(p) {
  return popupContent(p.name, [
    [t('staff.role'), t(`staff.role.${p.role}`)],
    [t('staff.duty'), t(p.onDuty ? 'staff.onDuty' : 'staff.offDuty')],
    [t('staff.phone'), p.phone],
    [t('staff.locatedAt'), p.locatedAt ? new Date(p.locatedAt).toLocaleString(currentLang()) : null],
  ], 'staff-popup');
}

/** A person of a tile as their pin's colours; a cluster blue when any in it is on duty. */
function staffTileStyle(properties, zoom) {
  if (isCluster(properties)) {
    return clusterStyle(properties.count, (properties.onDutyCount > 0 ? ON_DUTY : OFF_DUTY).fillColor);
  }
  const style = properties.onDuty ? ON_DUTY : OFF_DUTY;
  return { ...dotSize(zoom), fill: true, fillColor: style.fillColor, fillOpacity: style.fillOpacity, color: style.color };
}

export function staffLayer(collection) {
  if (collection.tiles) return vectorTileLayer('staff', collection.tiles, { style: staffTileStyle, popup: staffPopup });
  const group = L.featureGroup();
  for (const f of collection.features.filter(f => f.geometry)) staffMarker(f.properties, latLngOf(f.geometry)).addTo(group);
  return group;
}

/** A staff member's pin; showStaff(marker, p) redraws it for what p now says (on or off duty). */
export function staffMarker(p, latlng) {
  const marker = L.circleMarker(latlng, p.onDuty ? ON_DUTY : OFF_DUTY).bindPopup(() => staffPopup(marker.staff));
  marker.staff = p;
  return marker;
}

export function showStaff(marker, p, latlng) {
  marker.staff = p;
  marker.setLatLng(latlng).setStyle(p.onDuty ? ON_DUTY : OFF_DUTY);
}
