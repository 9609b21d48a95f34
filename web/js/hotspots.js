// Hot spots on a map: a heat layer of an area's cases (/api/cases/heat: counts per cell, made by
// PostgreSQL, so a district's 200,000 cases arrive as a few thousand weighted points) and the
// recurring spots (/api/cases/recurring), listed and drawn, each zooming the map to itself.
import { getJson } from './api.js';
import { t } from './i18n.js';
import { popupContent } from './map.js';

/** The zoom a recurring spot is shown at: its 50 m fill a good part of the screen. */
export const SPOT_ZOOM = 18;
/** A spot's popup lists its newest cases, this many (the answer's size grows with them: a city has hundreds of spots). */
export const CASES_PER_SPOT = 10;
const SPOT_STYLE = { color: '#b71c1c', weight: 2, fillColor: '#ff7043', fillOpacity: 0.55 };

/** The heat layer of an answer of /api/cases/heat (leaflet.heat takes [lat, lon, weight]). */
export const heatLayer = heat => L.heatLayer(heat.points.map(([lon, lat, n]) => [lat, lon, n]),
  { radius: 18, blur: 14, minOpacity: 0.3, max: Math.max(1, heat.max) });

/**
 * The heat layer as an overlay a layer control switches: while on the map it shows the cases
 * query() names ({ areaId, category, from, to }), read when it is switched on and on refresh().
 */
export class HeatOverlay {
  /** The last answer of /api/cases/heat drawn, for tests and the curious. */
  heat = null;
  layer = L.layerGroup();
  #query;
  #request = 0;

  constructor(query) {
    this.#query = query;
    this.layer.on('add', () => this.refresh());
    this.layer.on('remove', () => {
      ++this.#request;
      this.layer.clearLayers();
      this.heat = null;
    });
  }

  /** Reads and draws the heat again, when the overlay is on. */
  async refresh() {
    if (!this.layer._map) return;
    const request = ++this.#request;
    try {
      const heat = await getJson('/api/cases/heat', this.#query());
      if (request !== this.#request) return;
      this.layer.clearLayers();
      if (heat.points.length > 0) this.layer.addLayer(heatLayer(heat));
      this.heat = heat;
    } catch (error) {
      console.error(error);
    }
  }
}

export class HotSpots {
  category = null;
  heatOn = true;
  heat = null; // the last answer of /api/cases/heat
  recurring = null; // the last answer of /api/cases/recurring
  #map;
  #list;
  #section;
  #readsCases;
  #heatLayer = null;
  #spotLayer = L.featureGroup();
  #request = 0;

  /** list and section: the recurring spots' list and its section (hidden for roles that do not read cases). */
  constructor(map, { list, section, readsCases }) {
    this.#map = map;
    this.#list = list;
    this.#section = section;
    this.#readsCases = readsCases;
    this.#spotLayer.addTo(map);
    // Shown from the start, so that the map keeps the size it is fitted at.
    section.hidden = !readsCases;
    map.invalidateSize();
  }

  /**
   * Shows the hot spots of { areaId, from, to } (and the chosen category); bounds: the area's, to
   * fit the map to; fit without bounds (all the user sees): fitted to the heat once it is in.
   */
  async show({ areaId, from, to, bounds = null, fit = false }) {
    const request = ++this.#request;
    if (bounds) this.#map.fitBounds(bounds, { padding: [16, 16] });
    const category = this.category;
    const [heat, recurring] = await Promise.all([
      getJson('/api/cases/heat', { areaId, from, to, category }),
      this.#readsCases ? getJson('/api/cases/recurring', { areaId, category, perSpot: CASES_PER_SPOT }) : Promise.resolve(null),
    ]);
    if (request !== this.#request) return;
    this.heat = heat;
    this.recurring = recurring;
    this.render();
    if (fit && !bounds && heat.points.length > 0) {
      this.#map.fitBounds(L.latLngBounds(heat.points.map(([lon, lat]) => [lat, lon])), { padding: [16, 16] });
    }
  }

  /** Draws the last answers again (the heat layer, the spots, their list in the current language). */
  render() {
    this.#heatLayer?.remove();
    this.#heatLayer = null;
    if (this.heat && this.heatOn && this.heat.points.length > 0) this.#heatLayer = heatLayer(this.heat).addTo(this.#map);
    this.#spotLayer.clearLayers();
    if (!this.recurring) return;
    const items = this.recurring.spots.map(spot => {
      const marker = L.circleMarker([spot.lat, spot.lon], { ...SPOT_STYLE, radius: Math.min(18, 6 + spot.count) })
        .bindPopup(() => spotPopup(spot))
        .addTo(this.#spotLayer);
      const item = document.createElement('li');
      item.dataset.rank = spot.rank;
      const button = Object.assign(document.createElement('button'), {
        type: 'button', className: 'link', textContent: t('hot.spot', { rank: spot.rank, n: spot.count }),
      });
      button.addEventListener('click', () => {
        this.#map.setView([spot.lat, spot.lon], SPOT_ZOOM, { animate: false });
        marker.openPopup();
      });
      item.append(button);
      return item;
    });
    if (items.length === 0) items.push(Object.assign(document.createElement('li'), { textContent: t('hot.noSpots') }));
    this.#list.replaceChildren(...items);
  }
}

function spotPopup(spot) {
  const rows = spot.cases.map(c => [`#${c.id}`, `${c.reportedAt.slice(0, 10)} · ${c.description ?? ''}`]);
  if (spot.count > spot.cases.length) rows.push(['', t('hot.newest', { n: spot.count, shown: spot.cases.length })]);
  return popupContent(t('hot.spot', { rank: spot.rank, n: spot.count }), rows, 'spot-popup');
}
