// Micro-grids (微网格) on a map where they exist: those of the area chosen, as outlines that name
// themselves on hover while there are at most OUTLINES_UP_TO of them, else from the micro-grid
// vector tiles, which draw only those in view (a city may have tens of thousands).
import { bboxParam, getJson } from './api.js';
import { OUTLINES_UP_TO } from './outlines.js';
import { AREA_STYLES, areaLayer } from './territory.js';
import { loadTileJson, vectorTileLayer } from './tiles.js';

/** Micro-grids split the Party-building grids, where cases are filed. */
const LAYER = 'party';
const TILES = `areas-micro_grid-${LAYER}`;

export class MicroGrids {
  /** The micro-grids drawn as outlines (Features of /api/areas); none while drawn from tiles. */
  features = [];
  /** Whether they are drawn from tiles (more than OUTLINES_UP_TO in the area). */
  tiled = false;
  /** What they are drawn in, on the map from the start: an overlay a layer control may switch. */
  layer = L.layerGroup();
  #request = 0;

  constructor(map) {
    this.layer.addTo(map);
  }

  /** The ids of the micro-grids drawn as outlines, for tests and the curious. */
  get shown() {
    return this.features.map(f => f.properties.id);
  }

  /**
   * Draws the micro-grids within bounds (L.LatLngBounds; null: all the user sees); with gridId,
   * only that grid's. Resolves once drawn (nothing on an error: the page stands without them).
   */
  async show({ bounds = null, gridId = null } = {}) {
    const request = ++this.#request;
    let features = [], layer = null;
    try {
      const page = await getJson('/api/areas', { level: 'micro_grid', layer: LAYER, bbox: bounds ? bboxParam(bounds) : null, limit: OUTLINES_UP_TO });
      if (page.links?.some(link => link.rel === 'next')) {
        layer = vectorTileLayer(TILES, await loadTileJson(TILES), { style: () => AREA_STYLES.micro_grid });
      } else {
        features = page.features.filter(f => gridId === null || f.properties.parentId === gridId);
        if (features.length > 0) layer = areaLayer({ type: 'FeatureCollection', features }, 'micro_grid');
      }
    } catch (error) {
      console.error(error);
    }
    if (request !== this.#request) return;
    this.layer.clearLayers();
    if (layer) this.layer.addLayer(layer);
    this.features = features;
    this.tiled = layer !== null && features.length === 0;
  }
}
