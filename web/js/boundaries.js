// Reshaping grid boundaries with geoman (leaflet-geoman-free): a click on a grid starts editing
// it; its vertices snap to the vertices and edges of the grids and communities around it. Pinning
// (moving a vertex two grids share as one) is a geoman Pro feature, so a shared vertex is dragged
// once per grid, the second snapping onto the first. Every grid changed is sent as ONE
// POST /api/areas/changes, which the server takes whole or refuses whole; a refusal's conflicts
// (gaps, overlaps, parts outside the community) are drawn on the map and listed.
import { HttpError, postJson } from './api.js';
import { t } from './i18n.js';
import { AREA_STYLES, areaLayer, loadAreas } from './territory.js';
import { textElement } from './map.js';

const EDITING_STYLE = { color: '#0d47a1', weight: 2, fillColor: '#42a5f5', fillOpacity: 0.25 };
// Magenta stands out from the green grids, the blue community and the red district.
const CONFLICT_STYLE = { color: '#ad1457', weight: 3, fillColor: '#ec407a', fillOpacity: 0.6, dashArray: '4 3' };

/** Snapping, no dragging of whole grids, no self-crossing rings: what a boundary edit allows. */
const EDIT_OPTIONS = { snappable: true, snapDistance: 15, allowSelfIntersection: false, draggable: false, preventMarkerRemoval: false };

const $ = id => document.getElementById(id);

export function startBoundaries(map, { bbox, status }) {
  const layers = L.featureGroup();
  const edited = new Set();
  let grids = null;
  let communities = null;
  let conflicts = null;

  function gridName(layer) {
    const p = layer.feature.properties;
    return `${p.name}（${p.code}）`;
  }

  function renderList() {
    const list = $('editing-grids');
    list.replaceChildren();
    for (const layer of grids?.getLayers() ?? []) {
      if (!layer.pm.enabled() && !edited.has(layer)) continue;
      const item = document.createElement('li');
      item.textContent = gridName(layer);
      item.dataset.gridId = layer.feature.properties.id;
      if (edited.has(layer)) {
        item.classList.add('is-changed');
        item.append(' ', textElement(t('boundary.changed'), 'edit-badge'));
      }
      list.append(item);
    }
    $('boundary-save').disabled = edited.size === 0;
  }

  function clearConflicts() {
    conflicts?.remove();
    conflicts = null;
    $('boundary-refused').hidden = true;
    $('conflicts').replaceChildren();
  }

  function startEditing(layer) {
    if (layer.pm.enabled()) return;
    layer.setStyle(EDITING_STYLE);
    layer.pm.enable(EDIT_OPTIONS);
    renderList();
  }

  async function draw() {
    layers.clearLayers();
    edited.clear();
    clearConflicts();
    const [communityCollection, gridCollection] = await Promise.all([loadAreas('community', bbox), loadAreas('grid', bbox)]);
    // Communities are outlines to snap to; only grids are edited here.
    communities = areaLayer(communityCollection, 'community').addTo(layers);
    grids = L.geoJSON(gridCollection, {
      style: AREA_STYLES.grid,
      onEachFeature: (feature, layer) => {
        layer.bindTooltip(() => textElement(gridName(layer)), { sticky: true });
        layer.on('click', () => startEditing(layer));
        layer.on('pm:edit', () => {
          edited.add(layer);
          $('boundary-done').hidden = true;
          renderList();
        });
      },
    }).addTo(layers);
    renderList();
  }

  function stopEditing() {
    for (const layer of grids?.getLayers() ?? []) if (layer.pm.enabled()) layer.pm.disable();
  }

  /** The refusal's conflicts on the map in magenta, and a list naming each grid and why. */
  function showRefusal(problem) {
    clearConflicts();
    conflicts = L.geoJSON(problem.conflicts ?? { type: 'FeatureCollection', features: [] }, {
      style: CONFLICT_STYLE, pmIgnore: true, snapIgnore: true,
      onEachFeature: (feature, layer) => layer.bindTooltip(() => textElement(feature.properties.reason), { sticky: true }),
    }).addTo(map);
    $('boundary-refused-title').textContent = t('boundary.refused', { n: (problem.errors ?? []).length });
    for (const e of problem.errors ?? []) {
      const grid = grids.getLayers().find(l => l.feature.properties.id === e.id);
      const item = document.createElement('li');
      item.append(textElement(grid ? gridName(grid) : (e.code ?? String(e.id ?? e.index)), 'conflict-grid'), ' ', textElement(e.reason, 'conflict-reason'));
      $('conflicts').append(item);
    }
    $('boundary-refused').hidden = false;
    const bounds = conflicts.getBounds();
    if (bounds.isValid() && !map.getBounds().contains(bounds)) map.fitBounds(bounds.pad(2), { maxZoom: map.getZoom(), animate: false });
  }

  async function save() {
    const features = [...edited].map(layer => ({
      type: 'Feature',
      id: layer.feature.properties.id,
      properties: {},
      // full precision: what was snapped together must reach the server together
      geometry: layer.toGeoJSON(false).geometry,
    }));
    $('boundary-save').disabled = true;
    $('boundary-done').hidden = true;
    try {
      const summary = await postJson('/api/areas/changes', { type: 'FeatureCollection', features });
      stopEditing();
      await draw();
      $('boundary-done').textContent = t('boundary.saved', { n: summary.changed.length, moved: summary.householdsMoved });
      $('boundary-done').hidden = false;
      status(null);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400 && error.problem) showRefusal(error.problem);
      else status('boundary.failed');
      $('boundary-save').disabled = edited.size === 0;
    }
  }

  $('boundary-save').addEventListener('click', save);
  $('boundary-cancel').addEventListener('click', async () => {
    stopEditing();
    await draw();
    $('boundary-done').hidden = true;
  });

  return {
    async show() {
      layers.addTo(map);
      if (!grids) await draw();
    },
    hide() {
      stopEditing();
      layers.remove();
      clearConflicts();
    },
    /** What tests read: the ids of the grids changed and not yet saved. */
    edited: () => [...edited].map(layer => layer.feature.properties.id),
    conflicts: () => conflicts?.getLayers().length ?? 0,
    grids: () => grids?.getLayers().length ?? 0,
  };
}
