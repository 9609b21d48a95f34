// 指挥中心: the people of the watched area where they are now, moving as their phones report
// (staffMoved from the live hub), and a department's late 报到 (summonsLate) said at once.
import { t } from './i18n.js';
import { popupContent } from './map.js';
import { loadStaff, showStaff, staffMarker } from './staff.js';

/**
 * Draws the staff the user sees on page.map and moves them live; returns their positions by
 * staff id ({ lon, lat, onDuty, at }) for tests and the curious.
 */
export function showStaffMoves(page) {
  const layer = L.featureGroup().addTo(page.map);
  const markers = new Map();
  const positions = new Map();

  /** Takes p ({ id, name, lon, lat, at, onDuty, … }) unless what is drawn is newer. */
  const place = p => {
    const held = positions.get(p.id);
    if (held?.at && p.at && Date.parse(p.at) < Date.parse(held.at)) return;
    positions.set(p.id, { lon: p.lon, lat: p.lat, onDuty: p.onDuty, at: p.at });
    const latlng = [p.lat, p.lon];
    const marker = markers.get(p.id);
    if (marker) showStaff(marker, { ...marker.staff, ...p }, latlng);
    else markers.set(p.id, staffMarker(p, latlng).addTo(layer));
  };

  page.live.on('staffMoved', place);
  loadStaff(null).then(collection => {
    for (const f of collection.features.filter(f => f.geometry)) {
      const [lon, lat] = f.geometry.coordinates;
      place({ ...f.properties, id: f.properties.id ?? f.id, lon, lat, at: f.properties.locatedAt });
    }
  }, error => console.warn('staffmoves: staff not read; only moves will show', error));

  page.live.on('summonsLate', s => announceLate(page, s));
  return positions;
}

/** A late 报到 as an alert above the map, with the case to open. */
function announceLate(page, s) {
  const caseId = s.caseId ?? s.case?.id;
  const text = t('summons.late', { department: page.names.department(s.department), id: caseId });
  const alert = popupContent(text, [], 'late-summons');
  alert.setAttribute('role', 'alert');
  alert.dataset.caseId = caseId;
  alert.addEventListener('click', () => page.openCase(caseId));
  L.popup({ className: 'late-summons-popup', autoClose: false, closeOnClick: false })
    .setLatLng(s.case ? [s.case.lat, s.case.lon] : page.map.getCenter())
    .setContent(alert)
    .openOn(page.map);
}
