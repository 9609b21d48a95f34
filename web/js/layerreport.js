// 一张网: how well the grids of one layer match another's (GET /api/areas/layer-report). Each
// grid of the layer is coloured by the largest share of it that one grid of the other layer
// covers; a grid that crosses a community boundary gets a thick dashed purple outline. The
// figures are the server's (PostGIS areas on the spheroid); this module only draws them.
import { getAllFeatures, getJson } from './api.js';
import { t } from './i18n.js';
import { textElement } from './map.js';

export const GRID_LAYERS = ['party', 'governance', 'city_management'];

/** Classes of match, best first, with the share of the grid the best other grid covers. */
const CLASSES = [
  { key: 'matched', colour: '#1b5e20' },
  { key: 'most', colour: '#9ccc65', from: 0.75 },
  { key: 'part', colour: '#ffb300', from: 0.25 },
  { key: 'little', colour: '#e64a19', from: 0 },
  { key: 'none', colour: '#757575' },
];
const CROSSING = { color: '#6a1b9a', weight: 4, dashArray: '8 5' };

export function classOf(row) {
  if (row.matched) return 'matched';
  if (row.overlaps.length === 0) return 'none';
  const best = Math.max(...row.overlaps.map(o => o.shareOfGrid));
  return CLASSES.find(c => c.from !== undefined && best >= c.from).key;
}

const $ = id => document.getElementById(id);
const percent = share => `${(100 * share).toFixed(1)}%`;

export function startLayerReport(map, { bbox }) {
  const drawn = L.featureGroup();
  let report = null;

  for (const [select, chosen] of [[$('report-layer'), 'party'], [$('report-against'), 'governance']]) {
    for (const layer of GRID_LAYERS) select.append(new Option(t(`mismatch.layer.${layer}`), layer, false, layer === chosen));
  }

  function legend() {
    const list = $('report-legend');
    list.replaceChildren();
    for (const c of CLASSES) {
      const item = document.createElement('li');
      const swatch = textElement('', 'swatch');
      swatch.style.background = c.colour;
      item.append(swatch, t(`mismatch.class.${c.key}`));
      list.append(item);
    }
    const item = document.createElement('li');
    item.append(textElement('', 'swatch swatch-crossing'), t('mismatch.crossing'));
    list.append(item);
  }

  function rowText(row) {
    const best = row.overlaps[0];
    const parts = [`${row.name}（${row.code}）`, t(`mismatch.class.${classOf(row)}`)];
    if (best) parts.push(t('mismatch.best', { name: best.name, share: percent(best.shareOfGrid) }));
    if (row.crossesCommunity) parts.push(t('mismatch.crosses', { n: row.communities.length }));
    return parts.join(' · ');
  }

  async function run() {
    const layer = $('report-layer').value;
    const against = $('report-against').value;
    const params = new URLSearchParams({ layer, against });
    $('report-csv').href = `/api/areas/layer-report.csv?${params}`;
    $('report-summary').textContent = t('mismatch.loading');
    drawn.clearLayers();
    $('report-list').replaceChildren();
    if (layer === against) {
      $('report-summary').textContent = t('mismatch.sameLayer');
      return;
    }
    const [answer, shapes] = await Promise.all([
      getJson('/api/areas/layer-report', { layer, against }),
      getAllFeatures('/api/areas', { level: 'grid', layer, bbox }),
    ]);
    report = answer;
    const rows = new Map(report.grids.map(row => [row.id, row]));
    L.geoJSON(shapes, {
      filter: f => rows.has(f.properties.id),
      style: f => {
        const row = rows.get(f.properties.id);
        const colour = CLASSES.find(c => c.key === classOf(row)).colour;
        return { color: colour, weight: 1, fillColor: colour, fillOpacity: 0.55, ...(row.crossesCommunity ? CROSSING : {}) };
      },
      onEachFeature: (f, shape) => shape.bindTooltip(() => textElement(rowText(rows.get(f.properties.id))), { sticky: true }),
    }).addTo(drawn);
    const mismatched = report.grids.filter(row => !row.matched || row.crossesCommunity);
    $('report-summary').textContent = t('mismatch.summary', { n: report.grids.length, mismatched: mismatched.length });
    for (const row of mismatched) {
      const item = document.createElement('li');
      item.dataset.gridId = row.id;
      item.dataset.class = classOf(row);
      item.textContent = rowText(row);
      $('report-list').append(item);
    }
  }

  $('layer-form').addEventListener('submit', event => {
    event.preventDefault();
    run().catch(error => {
      console.error(error);
      $('report-summary').textContent = t('mismatch.failed');
    });
  });

  return {
    async show() {
      legend();
      drawn.addTo(map);
      if (!report) await run().catch(() => { $('report-summary').textContent = t('mismatch.failed'); });
    },
    hide() { drawn.remove(); },
    report: () => report,
  };
}
