// The planner's uncovered households, parsed as the page parses them: N synthetic households as
// /api/coverage/uncovered (GeoJSON) and /api/coverage/uncovered/points (flat arrays) write them,
// JSON.parse plus the points the page hands its canvas layer. Usage: node uncovered-parse.mjs [N]
const N = Number(process.argv[2] ?? 27000);
const feats = [], ids = [], lonLat = [];
for (let i = 0; i < N; i++) {
  const lon = 121.0 + Math.random() * 0.3, lat = 31.8 + Math.random() * 0.2, id = 1000000 + i * 3;
  feats.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, gridId: 5000 + (i % 5000) } });
  ids.push(id); lonLat.push(Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6);
}
const geo = JSON.stringify({ type: 'FeatureCollection', features: feats });
const flat = JSON.stringify({ ids, lonLat });
const S = { radius: 3 };
const time = (name, f) => { const ts = []; for (let r = 0; r < 7; r++) { const t = performance.now(); f(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(name, 'median', ts[3].toFixed(1), 'ms, min', ts[0].toFixed(1)); };
console.log('GeoJSON', (geo.length / 1e6).toFixed(2), 'MB; flat', (flat.length / 1e6).toFixed(2), 'MB');
time('GeoJSON parse+points', () => JSON.parse(geo).features.map(f => ({ latlng: [f.geometry.coordinates[1], f.geometry.coordinates[0]], style: S })));
time('flat parse+points', () => { const { lonLat: a } = JSON.parse(flat); const p = new Array(a.length / 2); for (let i = 0; i < p.length; i++) p[i] = { latlng: [a[2 * i + 1], a[2 * i]], style: S }; });
