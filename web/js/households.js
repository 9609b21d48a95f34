// Party-member households (党员户): clustered pins, one colour per kind.
import { getAllFeatures } from './api.js';
import { t } from './i18n.js';
import { latLngOf, popupContent } from './map.js';

export const HOUSEHOLD_KINDS = ['demonstration', 'leading', 'prosperity', 'civility', 'member'];

export function loadHouseholds(bbox) {
  return getAllFeatures('/api/households', { bbox });
}

const kindOf = p => (HOUSEHOLD_KINDS.includes(p.kind) ? p.kind : 'member');

export const householdIcon = kind => L.divIcon({ className: `hh-pin hh-${kind}`, iconSize: [14, 14] });

function householdPopup(p) {
  return popupContent(p.name, [
    [t('household.kind'), t(`kind.${kindOf(p)}`)],
    [t('household.members'), t('household.membersValue', { n: p.members })],
    [t('household.phone'), p.phone],
  ], 'household-popup');
}

export function householdLayer(collection) {
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 60, chunkedLoading: true });
  const markers = collection.features
    .filter(f => f.geometry)
    .map(f => L.marker(latLngOf(f.geometry), { icon: householdIcon(kindOf(f.properties)), title: f.properties.name })
      .bindPopup(() => householdPopup(f.properties)));
  cluster.addLayers(markers);
  return cluster;
}
