// Areas as outlines on a case page: up to a few hundred as Leaflet layers (each names itself on
// hover); more than that (a city district's thousands of grids) from the area vector tiles, which
// draw only what is in view, one canvas per tile, and name no one on hover.
import { AREA_STYLES, areaLayer } from './territory.js';
import { loadTileJson, vectorTileLayer } from './tiles.js';

/** Up to this many areas of a level are Leaflet layers; past it, tiles. */
export const OUTLINES_UP_TO = 500;

/** Areas (entries of CaseNames.areas) of one level as Leaflet layers. */
export const outlineLayer = (areas, level) =>
  areaLayer({ type: 'FeatureCollection', features: areas.map(a => ({ type: 'Feature', geometry: a.geometry, properties: a })) }, level);

/** Every area of a level the user sees, from its vector tiles (grids: the Party-building layer). */
export async function outlineTiles(level) {
  const name = level === 'grid' ? 'areas-grid-party' : `areas-${level}`;
  return vectorTileLayer(name, await loadTileJson(name), { style: () => AREA_STYLES[level] });
}
