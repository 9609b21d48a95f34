// 指挥中心: the people of the watched area where they are now, moving as their phones report
// (staffMoved from the live hub), and a department's late 报到 said at once where the case is.
import { bboxParam, getJson } from './api.js';
import { t } from './i18n.js';
import { popupContent } from './map.js';
import { showStaff, staffLayer, staffMarker } from './staff.js';
import { loadTileJson } from './tiles.js';

/** Up to this many people are drawn all the time; more (a city district's thousands) live only in view, zoomed in from IN_VIEW_ZOOM. */
const ALL_UP_TO = 500;
const IN_VIEW_ZOOM = 16;
/** Below IN_VIEW_ZOOM among many, the dots from the staff tiles are read again this often (phones report every 30 s). */
const OVERVIEW_REFRESH_MS = 60_000;

/**
 * Draws the staff the user sees on page.map and moves them live; returns their positions by
 * staff id ({ lon, lat, onDuty, at }) for tests and the curious. Past ALL_UP_TO people, those in
 * view once zoomed in (a street on screen), read again as the view moves; zoomed out, everyone as
 * dots and clusters from the staff tiles, so that a command centre watching its district still
 * sees where its people are, if not to the second.
 */
export function showStaffMoves(page) {
  const layer = L.featureGroup().addTo(page.map);
  const markers = new Map();
  const positions = new Map();
  let many = false;
  const shown = latlng => !many || (page.map.getZoom() >= IN_VIEW_ZOOM && page.map.getBounds().contains(latlng));

  /** Takes p ({ id, name, lon, lat, at, onDuty, … }) unless what is drawn is newer. */
  const place = p => {
    const held = positions.get(p.id);
    if (held?.at && p.at && Date.parse(p.at) < Date.parse(held.at)) return;
    positions.set(p.id, { lon: p.lon, lat: p.lat, onDuty: p.onDuty, at: p.at });
    const marker = markers.get(p.id);
    if (p.lon == null || p.lat == null || !shown([p.lat, p.lon])) {
      // Nowhere known (went on duty before a first fix), or out of view among many: not drawn until a position comes.
      marker?.remove();
      markers.delete(p.id);
      return;
    }
    const latlng = [p.lat, p.lon];
    if (marker) showStaff(marker, { ...marker.staff, ...p }, latlng);
    else markers.set(p.id, staffMarker(p, latlng).addTo(layer));
  };
  const placeAll = collection => {
    for (const f of collection.features.filter(f => f.geometry)) {
      const [lon, lat] = f.geometry.coordinates;
      place({ ...f.properties, id: f.properties.id ?? f.id, lon, lat, at: f.properties.locatedAt });
    }
  };

  /** Among many, the people in view: read when zoomed in, let go when zoomed out or out of view. */
  let asked = 0;
  const readInView = async () => {
    const request = ++asked;
    for (const [id, marker] of markers) if (!shown(marker.getLatLng())) { marker.remove(); markers.delete(id); }
    if (page.map.getZoom() < IN_VIEW_ZOOM) return;
    const collection = await getJson('/api/staff', { bbox: bboxParam(page.map.getBounds()), limit: 1000 });
    if (request === asked) placeAll(collection);
  };

  page.live.on('staffMoved', place);
  // Read once the page has drawn its cases, which it is opened for.
  page.drawn.then(() => getJson('/api/staff', { limit: ALL_UP_TO })).then(async first => {
    many = first.links?.some(link => link.rel === 'next') ?? false;
    if (!many) return placeAll(first);
    page.map.on('moveend', () => readInView().catch(error => console.warn('staffmoves: staff in view not read', error)));
    await Promise.all([readInView(), showOverview(page)]);
  }).catch(error => console.warn('staffmoves: staff not read; only moves will show', error));

  const announced = new Set();
  page.live.on('caseChanged', ({ action, case: c }) => {
    if (action !== 'confirm_escalation') return;
    for (const s of c.summons ?? []) {
      const key = `${c.id} ${s.department}`;
      if (s.state !== 'confirmed' || !s.late || announced.has(key)) continue;
      announced.add(key);
      announceLate(page, c, s);
    }
  });
  return positions;
}

/** Everyone as dots from the staff tiles while zoomed out below IN_VIEW_ZOOM, redrawn every OVERVIEW_REFRESH_MS (the tiles are no-cache: unchanged ones cost a 304). */
async function showOverview(page) {
  const overview = staffLayer({ tiles: await loadTileJson('staff') });
  const fit = () => {
    if (page.map.getZoom() < IN_VIEW_ZOOM) overview.addTo(page.map);
    else overview.remove();
  };
  page.map.on('zoomend', fit);
  fit();
  setInterval(() => { if (page.map.hasLayer(overview)) overview.redraw(); }, OVERVIEW_REFRESH_MS);
}

/** A late 报到 (the case's summons, confirmed after it was due) as an alert at the case, which opens it. */
function announceLate(page, c, s) {
  const alert = popupContent(t('summons.late', { department: page.names.department(s.department), id: c.id }), [], 'late-summons');
  alert.setAttribute('role', 'alert');
  alert.dataset.caseId = c.id;
  alert.addEventListener('click', () => page.openCase(c.id));
  L.popup({ className: 'late-summons-popup', autoClose: false, closeOnClick: false })
    .setLatLng([c.lat, c.lon])
    .setContent(alert)
    .openOn(page.map);
}
