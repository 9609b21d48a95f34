// Party-member households (党员户): clustered pins, one colour per kind; in a district too large
// for pins, dots drawn from vector tiles (tiles.js).
import { t } from './i18n.js';
import { latLngOf, popupContent } from './map.js';
import { clusterStyle, dotSize, featuresOrTiles, isCluster, vectorTileLayer } from './tiles.js';
import { addServiceRecord } from './visits.js';

export const HOUSEHOLD_KINDS = ['demonstration', 'leading', 'prosperity', 'civility', 'member'];

/** Up to this many households are markers; past it, the map draws them from vector tiles. */
const PINS_UP_TO = 5000;

/** The households as a FeatureCollection; past PINS_UP_TO, from vector tiles. */
export const loadHouseholds = bbox =>
  featuresOrTiles(bbox, { count: 'households', list: '/api/households', tiles: 'households', upTo: PINS_UP_TO });

const kindOf = p => (HOUSEHOLD_KINDS.includes(p.kind) ? p.kind : 'member');

export const householdIcon = kind => L.divIcon({ className: `hh-pin hh-${kind}`, iconSize: [14, 14] });

function householdPopup(p) {
  const box = popupContent(p.name, [
    [t('household.kind'), t(`kind.${kindOf(p)}`)],
    [t('household.members'), t('household.membersValue', { n: p.members })],
    [t('household.phone'), p.phone],
  ], 'household-popup');
  addServiceRecord(box, p);
  return box;
}

const KIND_COLOURS = { demonstration: '#c62828', leading: '#ef6c00', prosperity: '#f9a825', civility: '#6a1b9a', member: '#ad1457' };

/** A household as a dot of its kind's colour (as .hh-pin), a cluster as a dot of the party red growing with its count. */
function householdStyle(properties, zoom) {
  if (isCluster(properties)) {
    return clusterStyle(properties.count, '#c62828');
  }
  return { ...dotSize(zoom), fill: true, fillColor: KIND_COLOURS[kindOf(properties)], fillOpacity: 1, color: '#fff' };
}

/** A Leaflet layer of the households: markers in clusters, or dots from vector tiles in a large district. */
export function householdLayer(collection) {
  if (collection.tiles) return vectorTileLayer('households', collection.tiles, { style: householdStyle, popup: householdPopup });
  const cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 60, chunkedLoading: true });
  const markers = collection.features
    .filter(f => f.geometry)
    .map(f => L.marker(latLngOf(f.geometry), { icon: householdIcon(kindOf(f.properties)), title: f.properties.name })
      .bindPopup(() => householdPopup(f.properties)));
  cluster.addLayers(markers);
  return cluster;
}
