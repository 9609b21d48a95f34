// Grid workers and Party members who sink into grids (下沉网格): where they were last seen.
import { getAllFeatures } from './api.js';
import { currentLang, t } from './i18n.js';
import { latLngOf, popupContent } from './map.js';

export function loadStaff(bbox) {
  return getAllFeatures('/api/staff', { bbox });
}

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

export function staffLayer(collection) {
  const group = L.featureGroup();
  for (const f of collection.features.filter(f => f.geometry)) {
    L.circleMarker(latLngOf(f.geometry), f.properties.onDuty ? ON_DUTY : OFF_DUTY)
      .bindPopup(() => staffPopup(f.properties))
      .addTo(group);
  }
  return group;
}
