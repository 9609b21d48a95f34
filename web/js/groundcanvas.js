// A GeoJSON geometry of many vertices drawn on canvas tiles: the planner's covered ground (a
// city district's union of service circles, ~20,000 vertices, or the streets walked). As a
// Leaflet vector layer it was projected, clipped and simplified whole in the task that added it
// (80 ms and more) and again on every zoom (100 ms); here the vertices are projected once, to
// zoom 0, and each tile draws only the parts whose box reaches it, in a task of its own, as
// Leaflet asks for tiles. Style: Leaflet's path options (color, weight, opacity, fill,
// fillColor, fillOpacity); lines are never filled, as with L.geoJSON.

import { canvasTile, zoom0Projection } from './canvasdots.js';

/** The geometry's parts as lists of rings (a polygon's outer ring and holes, or one line each), with whether they are filled. */
function partsOf(geometry) {
  switch (geometry?.type) {
    case 'Polygon': return [{ rings: geometry.coordinates, area: true }];
    case 'MultiPolygon': return geometry.coordinates.map(rings => ({ rings, area: true }));
    case 'LineString': return [{ rings: [geometry.coordinates], area: false }];
    case 'MultiLineString': return geometry.coordinates.map(line => ({ rings: [line], area: false }));
    case 'GeometryCollection': return geometry.geometries.flatMap(partsOf);
    default: return [];
  }
}

const GroundCanvas = L.GridLayer.extend({
  // Above the grids (350), below the dots (440); its tiles let the pointer through (.leaflet-tile-container).
  options: { pane: 'ground', updateWhenZooming: false, style: {} },

  initialize(options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this._geometry = null;
    this._parts = null;
  },

  /** Shows this geometry (GeoJSON; null or empty: nothing) in place of the last, with this style. */
  setGeometry(geometry, style = this.options.style) {
    this._geometry = geometry;
    this._parts = null;
    this.options.style = style;
    if (this._map) this.redraw();
    return this;
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 400;
    L.GridLayer.prototype.onAdd.call(this, map);
  },

  createTile(coords, done) {
    return canvasTile(this, done, (ctx, ratio, finished) => {
      this._draw(ctx, coords, ratio);
      finished();
    });
  },

  /** Each part's rings at zoom 0 in the map's CRS (x and y apart) and its box. */
  _projected() {
    if (this._parts) return this._parts;
    const project = zoom0Projection(this._map);
    this._parts = partsOf(this._geometry).map(({ rings, area }) => {
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      const projected = rings.filter(ring => ring.length > 0).map(ring => {
        const x = new Float64Array(ring.length), y = new Float64Array(ring.length);
        for (let i = 0; i < ring.length; i++) {
          project(ring[i][1], ring[i][0], x, y, i);
          if (x[i] < minX) minX = x[i];
          if (x[i] > maxX) maxX = x[i];
          if (y[i] < minY) minY = y[i];
          if (y[i] > maxY) maxY = y[i];
        }
        return { x, y };
      });
      return { rings: projected, area, minX, minY, maxX, maxY };
    });
    return this._parts;
  },

  /** Draws the parts that reach the tile: filled areas first, then every outline and line. */
  _draw(ctx, coords, ratio) {
    if (!this._map || !this._geometry) return;
    const style = this.options.style;
    const size = this.getTileSize();
    const scale = 2 ** coords.z;
    const origin = coords.scaleBy(size);
    const weight = style.stroke === false ? 0 : (style.weight ?? 3);
    const margin = weight / scale;
    const minX = origin.x / scale - margin, maxX = (origin.x + size.x) / scale + margin;
    const minY = origin.y / scale - margin, maxY = (origin.y + size.y) / scale + margin;
    const reaching = this._projected().filter(p => p.maxX >= minX && p.minX <= maxX && p.maxY >= minY && p.minY <= maxY);
    if (reaching.length === 0) return;
    ctx.scale(ratio, ratio);
    const trace = parts => {
      ctx.beginPath();
      for (const part of parts) {
        for (const ring of part.rings) {
          // Vertices closer than half a pixel to the last one drawn add nothing at this zoom.
          const n = ring.x.length;
          let lastX = ring.x[0] * scale - origin.x, lastY = ring.y[0] * scale - origin.y;
          ctx.moveTo(lastX, lastY);
          for (let i = 1; i < n; i++) {
            const x = ring.x[i] * scale - origin.x, y = ring.y[i] * scale - origin.y;
            if (Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5 && i < n - 1) continue;
            ctx.lineTo(x, y);
            lastX = x;
            lastY = y;
          }
          if (part.area) ctx.closePath();
        }
      }
    };
    const areas = reaching.filter(p => p.area);
    if (areas.length > 0 && style.fill !== false && (style.fillOpacity ?? 0.2) > 0) {
      trace(areas);
      ctx.globalAlpha = style.fillOpacity ?? 0.2;
      ctx.fillStyle = style.fillColor ?? style.color ?? '#3388ff';
      ctx.fill('evenodd');
    }
    if (weight > 0) {
      trace(reaching);
      ctx.globalAlpha = style.opacity ?? 1;
      ctx.strokeStyle = style.color ?? '#3388ff';
      ctx.lineWidth = weight;
      ctx.lineJoin = ctx.lineCap = 'round';
      ctx.stroke();
    }
  },
});

/** A GroundCanvas layer: options are L.GridLayer's (pane, zIndex) and style, the path options it draws with. */
export const groundCanvas = (options = {}) => new GroundCanvas(options);
