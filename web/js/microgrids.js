// Micro-grids (微网格) on a map where they exist: those of the grid chosen, and at street zoom
// those in view. Never all of a district's at once: there may be tens of thousands.
import { getJson, bboxParam } from './api.js';
import { areaLayer } from './territory.js';

/** From this zoom on, the micro-grids in view are drawn whatever area is chosen. */
export const MICRO_GRID_ZOOM = 16;
/** At most this many in one answer (one page of /api/areas); a view at MICRO_GRID_ZOOM holds far fewer. */
const PAGE = 1000;

export class MicroGrids {
  /** The micro-grids drawn now (their ids), for tests and the curious. */
  shown = [];
  #map;
  #layer = null;
  #grid = null; // the grid chosen (a Feature), whose micro-grids are drawn at any zoom
  #request = 0;

  constructor(map) {
    this.#map = map;
    map.on('moveend', () => this.#draw());
  }

  /** area: the Feature of the area chosen (null: none); a grid's micro-grids are drawn at any zoom. */
  async show(area) {
    this.#grid = area?.properties.level === 'grid' ? area : null;
    await this.#draw();
  }

  async #draw() {
    const request = ++this.#request;
    const bounds = this.#grid ? L.geoJSON(this.#grid).getBounds()
      : this.#map.getZoom() >= MICRO_GRID_ZOOM ? this.#map.getBounds() : null;
    let features = [];
    if (bounds) {
      try {
        const page = await getJson('/api/areas', { level: 'micro_grid', bbox: bboxParam(bounds), limit: PAGE });
        features = page.features.filter(f => !this.#grid || f.properties.parentId === this.#grid.properties.id
          || this.#map.getZoom() >= MICRO_GRID_ZOOM);
      } catch (error) {
        console.error(error); // the figures stand without the outlines
      }
    }
    if (request !== this.#request) return;
    this.#layer?.remove();
    this.#layer = features.length > 0 ? areaLayer({ type: 'FeatureCollection', features }, 'micro_grid').addTo(this.#map) : null;
    this.shown = features.map(f => f.properties.id);
  }
}
