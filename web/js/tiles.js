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
// cache to maintain; VectorGrid is small (44 kB), has no dependency beyond Leaflet, and its one
// incompatibility with Leaflet 1.9 is shimmed below.
import { getJson } from './api.js';

// Leaflet 1.8 removed L.DomEvent.fakeStop, which VectorGrid's canvas calls on a click on a
// feature; Leaflet's own canvas stops the event the same way by now, so a no-op is enough.
if (L.DomEvent.fakeStop === undefined) L.DomEvent.fakeStop = () => true;

/** A feature of a tile that stands for several points (the server clusters a crowded tile). */
export const isCluster = properties => properties.count !== undefined;

/** Radius in pixels of a cluster of n points: grows with the number's order of magnitude. */
export const clusterRadius = n => Math.min(6 + 3 * Math.log10(Math.max(n, 1)) * 2, 22);

/** The TileJSON of the named server layer: the URL template and the zooms the server builds. */
export const loadTileJson = name => getJson(`/tiles/${name}.json`);

/**
 * A vector-tile layer of the named server layer, from its TileJSON: tiles come as the map needs
 * them, with the sign-in cookie. style(properties, zoom) gives the Leaflet path options of a
 * feature; popup(properties), when given, the content shown on a click on one (not on a
 * cluster, which names no one).
 */
export function vectorTileLayer(name, tilejson, { style, popup = null }) {
  const layer = L.vectorGrid.protobuf(tilejson.tiles[0], {
    rendererFactory: L.canvas.tile,
    vectorTileLayerStyles: { [name]: style },
    interactive: popup !== null,
    getFeatureId: feature => feature.properties.id,
    maxNativeZoom: tilejson.maxzoom,
    fetchOptions: { credentials: 'same-origin' },
  });
  if (popup !== null) {
    layer.on('click', event => {
      const properties = event.layer?.properties;
      if (!properties || isCluster(properties)) return;
      L.popup().setLatLng(event.latlng).setContent(popup(properties)).openOn(layer._map);
    });
  }
  return layer;
}
