// GCJ-02 (国测局坐标, "Mars coordinates"): the offset that maps published in China (Amap,
// Tencent) are drawn in, a few hundred metres from WGS 84. GridMap stores and sends WGS 84 only;
// on such a base map the page draws in GCJ-02 (toGcj02) and reads clicks back (fromGcj02).
//
// toGcj02 is the published transform (Krasovsky 1940 ellipsoid; as in googollee/eviltransform
// and wandergis/coordtransform); it has no closed inverse, so fromGcj02 iterates until the
// forward transform of its answer lands within 1e-9° (0.1 mm) of the GCJ-02 point.

const A = 6378245.0;                      // Krasovsky 1940 semi-major axis, metres
const EE = 0.00669342162296594323;        // its first eccentricity squared

/** Outside this box (China's bounding box as the transform defines it) GCJ-02 equals WGS 84. */
export const outOfChina = (lon, lat) => lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;

function offsetLat(x, y) {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
  r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320.0 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
  return r;
}

function offsetLon(x, y) {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
  r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
  r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
  return r;
}

/** WGS 84 [lon, lat] → GCJ-02 [lon, lat]. */
export function toGcj02(lon, lat) {
  if (outOfChina(lon, lat)) return [lon, lat];
  const radLat = lat / 180.0 * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = offsetLat(lon - 105.0, lat - 35.0) * 180.0 / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
  const dLon = offsetLon(lon - 105.0, lat - 35.0) * 180.0 / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 [lon, lat] → WGS 84 [lon, lat], by fixed-point iteration on toGcj02 (a few steps). */
export function fromGcj02(lon, lat) {
  let [x, y] = [lon, lat];
  for (let i = 0; i < 30; i++) {
    const [gx, gy] = toGcj02(x, y);
    const [dx, dy] = [gx - lon, gy - lat];
    x -= dx;
    y -= dy;
    if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) break;
  }
  return [x, y];
}

/**
 * Leaflet's Web Mercator CRS in GCJ-02: a WGS 84 LatLng is projected where a GCJ-02 tile shows
 * it, and a point on the map unprojects to WGS 84. Every layer drawn through the CRS (vectors,
 * markers, GeoJSON, popups, clicks) follows without knowing; tile layers whose tiles are in the
 * WGS 84 grid (GridMap's vector tiles) place their tiles with wgs84TileGrid.
 */
export function gcj02Crs() {
  const mercator = L.Projection.SphericalMercator;
  const projection = {
    R: mercator.R,
    bounds: mercator.bounds,
    project(latlng) {
      const [lon, lat] = toGcj02(latlng.lng, latlng.lat);
      return mercator.project(L.latLng(lat, lon));
    },
    unproject(point) {
      const gcj = mercator.unproject(point);
      const [lon, lat] = fromGcj02(gcj.lng, gcj.lat);
      return L.latLng(lat, lon);
    },
  };
  return L.extend({}, L.CRS.EPSG3857, { code: 'GCJ02', projection });
}

/**
 * Options for an L.GridLayer whose tiles are cut in the WGS 84 Web Mercator grid, on a map in
 * another CRS: each tile is placed where its north-west corner lies on the map (the offset is
 * the same across a tile to well under a pixel), and the tiles asked for are those covering the
 * map's view in that grid.
 */
export const wgs84TileGrid = {
  _getTilePos(coords) {
    const corner = L.CRS.EPSG3857.pointToLatLng(coords.scaleBy(this.getTileSize()), coords.z);
    return this._map.project(corner, coords.z).subtract(this._level.origin).round();
  },
  _pxBoundsToTileRange(bounds) {
    const z = this._tileZoom, size = this.getTileSize();
    const inWgs84Grid = p => L.CRS.EPSG3857.latLngToPoint(this._map.unproject(p, z), z);
    const [a, b] = [inWgs84Grid(bounds.min), inWgs84Grid(bounds.max)];
    return L.bounds(L.point(Math.min(a.x, b.x), Math.min(a.y, b.y)).unscaleBy(size).floor(),
      L.point(Math.max(a.x, b.x), Math.max(a.y, b.y)).unscaleBy(size).ceil().subtract([1, 1]));
  },
};
