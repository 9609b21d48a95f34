// Areas as outlines on a case page: up to a few hundred as Leaflet layers (each names itself on
// hover); more than that (a city district's thousands of grids) from the area vector tiles, which
// draw only what is in view, one canvas per tile, and name no one on hover.
import { AREA_STYLES, areaLayer } from './territory.js';
import { featuresOrTiles, loadTileJson, vectorTileLayer } from './tiles.js';

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

/** Up to this many grids a page that draws every grid (the map, the planner) draws as outlines; past it, from tiles. */
export const GRIDS_UP_TO = 1000;

/** The Party-building grids (in bbox) as a FeatureCollection; past GRIDS_UP_TO, from vector tiles. */
export const loadGrids = (bbox = null) =>
  featuresOrTiles(bbox, { count: 'grid_party', list: '/api/areas', params: { level: 'grid', layer: 'party' }, tiles: 'areas-grid-party', upTo: GRIDS_UP_TO });
