// Large layers as vector tiles: /tiles/{layer}/{z}/{x}/{y}.mvt, built by PostGIS (ST_AsMVT) for
// the signed-in user (their area only, names and phones masked as their role requires), and
// described by the TileJSON at /tiles/{layer}.json (URL template, zooms, fields).
//
// Why Leaflet.VectorGrid (leaflet.vectorgrid 1.3.0, listed in libman.json) rather than canvas
// drawing of our own: it is the Leaflet plug-in that reads Mapbox Vector Tiles (protobuf decoding
// bundled), fetches only the tiles in view and drops them when they leave it, as any Leaflet tile
// layer does, and draws each tile on one canvas. A district of 100,000 households then costs the
// browser the few thousand points (or clusters, which the server sends at low zoom) in view, not
// 100,000 markers held in memory. Writing that ourselves would be a protobuf decoder and a tile
// cache to maintain; VectorGrid is small (44 kB) and has no dependency beyond Leaflet. Its own
// click handling does not work with Leaflet 1.9 (it calls the removed L.DomEvent.fakeStop and
// gives point features no latlng), so the layer is not "interactive": a click on the map is
// matched against the dots of the tile under it here (featureAt), which also leaves the areas'
// tooltips and clicks beneath the layer working.
import { countFeatures, getJson } from './api.js';
import { firstDrawn } from './firstdraw.js';
import { wgs84TileGrid } from './gcj02.js';

/** A feature of a tile that stands for several points (the server clusters a crowded tile). */
export const isCluster = properties => properties.count !== undefined;

/**
 * Radius in pixels of a cluster of n points: grows with the number's order of magnitude, from 3 to
 * 8, half the server's cluster cell (16 pixels, docs/tiles.md), so that clusters side by side do
 * not cover each other and the areas under them: a district's thousands read as a density.
 */
export const clusterRadius = n => Math.min(3 + 5 * Math.log10(Math.max(n, 1)) / 3, 8);

/** A cluster of count points as a translucent dot of fillColor with a white rim, the same on every layer. */
export const clusterStyle = (count, fillColor) => ({ radius: clusterRadius(count), fill: true, fillColor, fillOpacity: 0.55, color: '#fff', weight: 1 });

/**
 * A point's dot at a zoom: smaller further out, where a tile may carry a thousand points one by
 * one (below the server's clustering threshold), so that they do not merge into one blot.
 */
export const dotSize = zoom => (zoom >= 15 ? { radius: 5, weight: 2 } : zoom >= 13 ? { radius: 4, weight: 1.5 } : { radius: 3, weight: 1 });

/** Vector tiles lie between the areas (overlayPane, 400) and the pins (markerPane, 600). */
const PANE = 'vectorTiles';

/** The TileJSON of the named server layer: the URL template (with params, e.g. the cases' status filter) and the zooms the server builds. */
export const loadTileJson = (name, params = {}) => getJson(`/tiles/${name}.json`, params);

/**
 * A layer's features in bbox as a FeatureCollection when there are at most upTo; past it, one with
 * none and `tiles`, the TileJSON of the server layer `tiles`. Counted first (the OGC collection
 * `count`): a city's first page is a large answer to parse only to learn that it is too long to draw.
 */
export async function featuresOrTiles(bbox, { count, list, params = {}, tiles, upTo }) {
  const fromTiles = async () => ({ type: 'FeatureCollection', features: [], tiles: await loadTileJson(tiles) });
  if (await countFeatures(count, bbox) > upTo) return fromTiles();
  const page = await getJson(list, { ...params, bbox, limit: upTo });
  // More came in since the count.
  return page.links?.some(link => link.rel === 'next') ? fromTiles() : page;
}

/**
 * A vector-tile layer of the named server layer, from its TileJSON: tiles come as the map needs
 * them, with the sign-in cookie. style(properties, zoom) gives the Leaflet path options of a
 * feature; popup(properties), when given, the content shown on a click on a point (not on a
 * cluster, which names no one); pane, when given, a pane of the map's to draw in instead.
 */
export function vectorTileLayer(name, tilejson, { style, popup = null, pane = PANE }) {
  const layer = L.vectorGrid.protobuf(tilejson.tiles[0], {
    rendererFactory: L.canvas.tile,
    vectorTileLayerStyles: { [name]: style },
    interactive: false,
    getFeatureId: feature => feature.properties.id, // keeps each tile's features, for featureAt
    maxNativeZoom: tilejson.maxzoom,
    fetchOptions: { credentials: 'same-origin' },
    pane,
  });
  updateInOwnTask(layer);
  const onClick = event => {
    const properties = featureAt(layer, event.latlng);
    // Registered after the map's "where am I" click, so this popup replaces that one.
    if (properties && !isCluster(properties)) L.popup().setLatLng(event.latlng).setContent(popup(properties)).openOn(layer._map);
  };
  layer.beforeAdd = map => {
    if (map.options.crs.code === 'GCJ02') L.extend(layer, wgs84TileGrid);
    if (!map.getPane(pane)) map.createPane(pane).style.zIndex = 450;
    if (popup !== null) map.on('click', onClick);
    return layer;
  };
  layer.on('remove', event => event.target._map?.off('click', onClick));
  return layer;
}

/**
 * Once the page has drawn (firstdraw.js), a move makes a grid layer's new tiles in a task of its
 * own, one per layer however many moves came before it: a zoom otherwise makes every tile of
 * every tile layer (a canvas and a fetch() each) in the one task that also projects the outlines
 * again, the longest of a page's tasks. Before the first draw they are made at once, so that the
 * first tiles are asked for as early as can be (a task per tile delays the first draw).
 */
function updateInOwnTask(layer) {
  const update = layer._update;
  let queued = false;
  layer._update = function (center) {
    if (!firstDrawn()) return update.call(this, center);
    if (queued) return;
    queued = true;
    setTimeout(() => {
      queued = false;
      // The view's centre by then (a move's own centre only differs while a zoom is animated, when Leaflet does not update).
      if (this._map) update.call(this);
    }, 0);
  };
  return layer;
}

/**
 * The properties of the point drawn under latlng (within its radius and 2 pixels), or null: the
 * tile under it at the zoom the layer draws, and each point VectorGrid 1.3.0 keeps for it
 * (_vectorTiles, _features, _point in tile pixels, _radius).
 */
function featureAt(layer, latlng) {
  const map = layer._map, zoom = layer._tileZoom;
  if (!map || zoom === undefined) return null;
  // The tiles are cut in the WGS 84 grid whatever the map's CRS (gcj02.js).
  const size = layer.getTileSize(), at = L.CRS.EPSG3857.latLngToPoint(latlng, zoom);
  const tile = at.unscaleBy(size).floor();
  const renderer = layer._vectorTiles[`${tile.x}:${tile.y}:${zoom}`];
  if (!renderer) return null;
  const local = at.subtract(tile.scaleBy(size));
  const scale = map.getZoomScale(map.getZoom(), zoom);
  let best = null, bestDistance = Infinity;
  for (const { feature } of Object.values(renderer._features ?? {})) {
    if (!feature._point || feature._radius === undefined) continue;
    const distance = local.distanceTo(feature._point) * scale;
    if (distance <= feature._radius + 2 && distance < bestDistance) [best, bestDistance] = [feature.properties, distance];
  }
  return best;
}
