// Many circles as one layer drawn on canvas tiles: a city district's ~750 stations with their
// service circles, or its tens of thousands of uncovered households. Leaflet's own L.circle and
// L.circleMarker are a layer object each, all projected again on every zoom in one task (and an
// L.marker is a DOM element each); here the points are indexed once (sorted by x at zoom 0) and
// each tile draws only those that reach it, in a task of its own, as Leaflet asks for tiles.
// A circle is given in metres (radiusM, a service radius: it grows with the zoom) or in pixels
// (radius, a dot), with Leaflet's path options (color, weight, opacity, fillColor, fillOpacity,
// dashArray, fill).

const EARTH_CIRCUMFERENCE_M = 40075016.686;

/** Pixels per metre at zoom 0 on latitude lat (Web Mercator, as GCJ-02 maps are too). */
const pixelsPerMetreAtZoom0 = lat => 256 / (EARTH_CIRCUMFERENCE_M * Math.cos(lat * Math.PI / 180));

/** The longest a tile draws before it lets the page answer (ms), and how many points it draws between looks at the clock. */
const SLICE_MS = 12, CHECK_EVERY = 32;

/**
 * A function that writes the zoom-0 pixel position of (lat, lon) into x[i] and y[i]: on a Web
 * Mercator map worked out here with Leaflet's own formulas (L.Projection.SphericalMercator and
 * L.CRS.EPSG3857's transformation), without the two objects per point of map.project, which took
 * a city district's 27,000 uncovered households over 100 ms; on another CRS (GCJ-02) through the map.
 */
export function zoom0Projection(map) {
  const crs = map.options.crs;
  if (crs.projection !== L.Projection.SphericalMercator || crs.transformation !== L.CRS.EPSG3857.transformation) {
    return (lat, lon, x, y, i) => {
      const at = map.project([lat, lon], 0);
      x[i] = at.x;
      y[i] = at.y;
    };
  }
  const { MAX_LATITUDE } = L.Projection.SphericalMercator, d = Math.PI / 180, size = crs.scale(0);
  return (lat, lon, x, y, i) => {
    const sin = Math.sin(Math.max(Math.min(MAX_LATITUDE, lat), -MAX_LATITUDE) * d);
    x[i] = size * (lon / 360 + 0.5);
    y[i] = size * (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI));
  };
}

/**
 * The points' order by x, and their x in that order, from the engine's own sort of numbers (a
 * comparator called for each comparison took a city's 27,000 uncovered households 100 ms): each
 * key is x, less the least, rounded down to a fraction of a pixel (2^-28 of one at zoom 0 for
 * 100,000 points), with the point's number in the low bits, all within a double's 53 bits. The x
 * returned are the rounded ones, so that they are in order for the search.
 */
function sortedByX(x) {
  const n = x.length;
  let least = Infinity, most = -Infinity;
  for (let i = 0; i < n; i++) {
    if (x[i] < least) least = x[i];
    if (x[i] > most) most = x[i];
  }
  const indexScale = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  const fractionScale = 2 ** 53 / indexScale / 2 ** Math.max(0, Math.ceil(Math.log2(most - least + 1)));
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.floor((x[i] - least) * fractionScale) * indexScale + i;
  keys.sort();
  const order = new Uint32Array(n), sortedX = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rounded = Math.floor(keys[k] / indexScale);
    order[k] = keys[k] - rounded * indexScale;
    sortedX[k] = rounded / fractionScale + least;
  }
  return { order, sortedX };
}

/**
 * A canvas tile of the layer's tile size at the screen's pixel ratio, for a GridLayer's
 * createTile(coords, done): draw(ctx, ratio, finished) runs after this task, so that a move that
 * brings in many tiles is as many short tasks, and calls finished() once the tile is drawn.
 */
export function canvasTile(layer, done, draw) {
  const tile = L.DomUtil.create('canvas', 'leaflet-tile');
  const size = layer.getTileSize();
  const ratio = window.devicePixelRatio || 1;
  tile.width = size.x * ratio;
  tile.height = size.y * ratio;
  setTimeout(() => draw(tile.getContext('2d'), ratio, () => done(null, tile)), 0);
  return tile;
}

const dashesOf = dashArray => (dashArray ? String(dashArray).split(/[ ,]+/).map(Number) : []);

const CanvasDots = L.GridLayer.extend({
  // Above the areas (overlayPane, 400), below the vector tiles (450) and pins (markerPane, 600);
  // its tiles let the pointer through (.leaflet-tile-container), so areas below keep their hover.
  options: { pane: 'canvasDots', updateWhenZooming: false, popupTolerance: 2, dotScale: () => 1 },

  initialize(options) {
    L.GridLayer.prototype.initialize.call(this, options);
    this._points = [];
    this._dots = null;
    this._index = null;
  },

  /**
   * Shows these points instead, drawn in this order: { latlng: [lat, lon], radiusM | radius,
   * style, popup? }; popup(), when given, is what a click on the point shows (a DOM node).
   */
  setPoints(points) {
    this._points = points;
    this._dots = null;
    this._index = null;
    if (this._map) this.redraw();
    return this;
  },

  /**
   * Shows these dots instead, all of one style and without popups: lonLat holds each one's
   * longitude and latitude in turn, as the server sends a city's tens of thousands (not two
   * objects a dot for the page to make and collect).
   */
  setDots(lonLat, style) {
    this._points = [];
    this._dots = { lonLat, style };
    this._index = null;
    if (this._map) this.redraw();
    return this;
  },

  /** How many points the layer holds (all drawn where they are in view). */
  size() {
    return this._dots ? this._dots.lonLat.length / 2 : this._points.length;
  },

  onAdd(map) {
    if (!map.getPane(this.options.pane)) map.createPane(this.options.pane).style.zIndex = 440;
    L.GridLayer.prototype.onAdd.call(this, map);
    map.on('click', this._onClick, this);
  },

  onRemove(map) {
    map.off('click', this._onClick, this);
    L.GridLayer.prototype.onRemove.call(this, map);
  },

  createTile(coords, done) {
    return canvasTile(this, done, (ctx, ratio, finished) => this._draw(ctx, coords, ratio, finished));
  },

  /** Positions and radii at zoom 0 in the map's CRS, the points' order sorted by x. */
  _indexed() {
    if (this._index) return this._index;
    const n = this.size();
    const x = new Float64Array(n), y = new Float64Array(n), r0 = new Float64Array(n), px = new Float64Array(n);
    let maxR0 = 0, maxPx = 0;
    const project = zoom0Projection(this._map);
    const dots = this._dots;
    if (dots) {
      const { lonLat, style } = dots;
      for (let i = 0; i < n; i++) project(lonLat[2 * i + 1], lonLat[2 * i], x, y, i);
      px.fill(style?.radius ?? 4);
      maxPx = n > 0 ? px[0] + (style?.weight ?? 0) : 0;
    } else {
      this._points.forEach((p, i) => {
        const lat = Array.isArray(p.latlng) ? p.latlng[0] : p.latlng.lat;
        const lon = Array.isArray(p.latlng) ? p.latlng[1] : p.latlng.lng;
        project(lat, lon, x, y, i);
        r0[i] = p.radiusM ? p.radiusM * pixelsPerMetreAtZoom0(lat) : 0;
        px[i] = p.radiusM ? 0 : (p.radius ?? p.style?.radius ?? 4);
        maxR0 = Math.max(maxR0, r0[i]);
        maxPx = Math.max(maxPx, px[i] + (p.style?.weight ?? 0));
      });
    }
    const { order, sortedX } = sortedByX(x);
    return (this._index = { x, y, r0, px, order, sortedX, maxR0, maxPx });
  },

  /** The points that reach the box [minX, maxX] × [minY, maxY] (zoom-0 pixels, margin included), in drawing order. */
  _within(index, minX, maxX, minY, maxY) {
    let lo = 0, hi = index.sortedX.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index.sortedX[mid] < minX) lo = mid + 1; else hi = mid;
    }
    const found = [];
    for (let k = lo; k < index.sortedX.length && index.sortedX[k] <= maxX; k++) {
      const i = index.order[k];
      if (index.y[i] >= minY && index.y[i] <= maxY) found.push(i);
    }
    return Uint32Array.from(found).sort();
  },

  /**
   * Draws the points that reach the tile, then calls finished. A tile holding thousands (a
   * district's circles zoomed out, a slow machine) is drawn in slices of at most SLICE_MS, each a
   * task of its own, so that the page answers between them.
   */
  _draw(ctx, coords, ratio, finished) {
    if (!this._map || this.size() === 0) return finished();
    const index = this._indexed();
    const size = this.getTileSize();
    const scale = 2 ** coords.z;
    const origin = coords.scaleBy(size);
    const dotScale = this.options.dotScale(coords.z);
    const margin = index.maxR0 + index.maxPx * dotScale / scale;
    const found = this._within(index, origin.x / scale - margin, (origin.x + size.x) / scale + margin,
      origin.y / scale - margin, (origin.y + size.y) / scale + margin);
    ctx.scale(ratio, ratio);
    // A dot that would land on the pixels of one already drawn in this tile with the same style
    // is left out: at low zoom tens of thousands of households fall on a few hundred pixels.
    const taken = new Map();
    const points = this._points, dots = this._dots; // setPoints may give others before the last slice
    let k = 0;
    const slice = () => {
      const until = performance.now() + SLICE_MS;
      for (let drawn = 0; k < found.length; k++, drawn++) {
        if (drawn >= CHECK_EVERY && drawn % CHECK_EVERY === 0 && performance.now() > until) return setTimeout(slice, 0);
        const i = found[k];
        const style = dots ? dots.style : points[i].style;
        const radius = index.r0[i] ? index.r0[i] * scale : index.px[i] * dotScale;
        const x = index.x[i] * scale - origin.x, y = index.y[i] * scale - origin.y;
        let outline = true;
        if (index.r0[i]) {
          // A circle that misses the tile is not drawn; one the tile lies wholly inside, without
          // its ring (zoomed in, a ring is thousands of pixels long, and costs as much).
          const ring = style?.weight ?? 3;
          const nearX = Math.max(-x, 0, x - size.x), nearY = Math.max(-y, 0, y - size.y);
          if (Math.hypot(nearX, nearY) > radius + ring) continue;
          outline = Math.hypot(Math.max(x, size.x - x), Math.max(y, size.y - y)) >= radius - ring;
        } else {
          if (radius === 0) continue;
          const cell = Math.max(2, radius);
          const key = `${Math.floor(x / cell)},${Math.floor(y / cell)}`;
          const styles = taken.get(key) ?? taken.set(key, new Set()).get(key);
          if (styles.has(style)) continue;
          styles.add(style);
        }
        ctx.beginPath();
        ctx.arc(x, y, radius, 0, 2 * Math.PI);
        this._paint(ctx, style ?? {}, outline, index.r0[i] ? 1 : dotScale);
      }
      finished();
    };
    slice();
  },

  _paint(ctx, style, outline = true, weightScale = 1) {
    if (style.fill !== false && (style.fillOpacity ?? 0.2) > 0) {
      ctx.globalAlpha = style.fillOpacity ?? 0.2;
      ctx.fillStyle = style.fillColor ?? style.color ?? '#3388ff';
      ctx.fill();
    }
    if (outline && style.stroke !== false && (style.weight ?? 3) > 0) {
      ctx.globalAlpha = style.opacity ?? 1;
      ctx.strokeStyle = style.color ?? '#3388ff';
      ctx.lineWidth = (style.weight ?? 3) * weightScale;
      ctx.setLineDash(dashesOf(style.dashArray));
      ctx.stroke();
    }
  },

  /** A click on a point that has a popup (a dot, within its radius and popupTolerance pixels) opens it; the topmost wins. */
  _onClick(event) {
    const map = this._map;
    const index = this._indexed();
    if (!map || this._dots || index.maxPx === 0) return; // dots given by setDots have no popups
    const zoom = map.getZoom(), scale = 2 ** zoom, dotScale = this.options.dotScale(zoom);
    if (dotScale === 0) return;
    const at = map.project(event.latlng, zoom);
    const margin = (index.maxPx * dotScale + this.options.popupTolerance) / scale;
    const near = this._within(index, at.x / scale - margin, at.x / scale + margin, at.y / scale - margin, at.y / scale + margin);
    for (const i of near.reverse()) {
      const point = this._points[i];
      if (!point.popup || index.r0[i]) continue;
      const distance = Math.hypot(index.x[i] * scale - at.x, index.y[i] * scale - at.y);
      if (distance <= index.px[i] * dotScale + this.options.popupTolerance) {
        // Registered after the map's "where am I" click, so this popup replaces that one.
        L.popup().setLatLng(point.latlng).setContent(point.popup()).openOn(map);
        return;
      }
    }
  },
});

/**
 * A CanvasDots layer: options are L.GridLayer's (pane, zIndex), popupTolerance, and dotScale(zoom),
 * what the dots' radii and outlines (not the circles in metres) are multiplied by at a zoom: below
 * 1 they shrink zoomed out, where hundreds crowd a tile; at 0 they are not drawn.
 */
export const canvasDots = (options = {}) => new CanvasDots(options);
