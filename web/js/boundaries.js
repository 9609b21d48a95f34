// Reshaping grid boundaries with geoman (leaflet-geoman-free): a click on a grid starts editing
// it; its vertices snap to the vertices and edges of the grids and communities around it. Pinning
// (moving a vertex two grids share as one) is a geoman Pro feature, so it is done here: a vertex
// dragged moves the vertices of the other grids that lay on the same point with it, and they count
// as changed too, so two grids stay tiled without a second drag. Every grid changed is sent as ONE
// POST /api/areas/changes, which the server takes whole or refuses whole; a refusal's conflicts
// (gaps, overlaps, parts outside the community) are drawn on the map and listed.
// A new grid is drawn with geoman's cut mode: the polygon drawn (snapping to the grids around) is
// cut out of the grids it covers, so the change carries their new shapes and the new grid together.
import { HttpError, postJson } from './api.js';
import { t } from './i18n.js';
import { AREA_STYLES, areaLayer, loadAreas } from './territory.js';
import { textElement } from './map.js';

const EDITING_STYLE = { color: '#0d47a1', weight: 2, fillColor: '#42a5f5', fillOpacity: 0.25 };
// Magenta stands out from the green grids, the blue community and the red district.
const CONFLICT_STYLE = { color: '#ad1457', weight: 3, fillColor: '#ec407a', fillOpacity: 0.6, dashArray: '4 3' };
const NEW_GRID_STYLE = { color: '#4a148c', weight: 2, fillColor: '#ab47bc', fillOpacity: 0.3 };

/** Snapping, no dragging of whole grids, no self-crossing rings: what a boundary edit allows. */
const EDIT_OPTIONS = { snappable: true, snapDistance: 15, allowSelfIntersection: false, draggable: false, preventMarkerRemoval: false };
/** A grid's code: its community's, then three digits (DB11/T 2157). */
const GRID_CODE = /^\d{15}$/;

const $ = id => document.getElementById(id);

export function startBoundaries(map, { bbox, status }) {
  const layers = L.featureGroup();
  const edited = new Set();
  let grids = null;
  let communities = null;
  let conflicts = null;
  let newGrid = null; // the grid drawn and not yet saved: { layer }

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
    $('boundary-save').disabled = edited.size === 0 && !newGrid;
  }

  function clearKeys() {
    keys.mark?.remove();
    Object.assign(keys, { grid: null, vertex: null, mark: null });
  }

  function clearConflicts() {
    conflicts?.remove();
    conflicts = null;
    $('boundary-refused').hidden = true;
    $('conflicts').replaceChildren();
  }

  function startEditing(layer) {
    if (layer.pm.enabled() || map.pm.globalDrawModeEnabled() || map.pm.globalCutModeEnabled()) return;
    layer.setStyle(EDITING_STYLE);
    layer.pm.enable(EDIT_OPTIONS);
    keys.grid = layer;
    keys.vertex = null;
    renderList();
  }

  async function draw() {
    clearKeys();
    layers.clearLayers();
    edited.clear();
    clearNewGrid();
    clearConflicts();
    const [communityCollection, gridCollection] = await Promise.all([loadAreas('community', bbox), loadAreas('grid', bbox)]);
    // Communities are outlines to snap to; only grids are edited here.
    communities = areaLayer(communityCollection, 'community').addTo(layers);
    grids = L.geoJSON(gridCollection, { style: AREA_STYLES.grid, onEachFeature: (feature, layer) => watchGrid(layer) }).addTo(layers);
    communityList = communityCollection.features.map(f => f.properties);
    renderList();
  }

  function watchGrid(layer) {
    layer.bindTooltip(() => textElement(gridName(layer)), { sticky: true });
    layer.on('click', () => startEditing(layer));
    let pinned = [];
    layer.on('pm:markerdragstart', event => { pinned = sharing(layer, event.markerEvent.target.getLatLng()); });
    layer.on('pm:markerdragend', event => {
      if (!event.intersectionReset) for (const [other, path] of pinned) setVertex(other, path, event.markerEvent.target.getLatLng());
      pinned = [];
    });
    layer.on('pm:edit', () => {
      // geoman also reports an edit of a grid its cut has just replaced (replaceCut)
      if (!grids.hasLayer(layer)) return;
      edited.add(layer);
      $('boundary-done').hidden = true;
      renderList();
    });
  }

  // ---- shared vertices ----

  /** Where the vertex at path is in a polygon's nested latlngs (ring, or polygon then ring, then vertex). */
  const vertexAt = (latlngs, path) => path.reduce((part, i) => part[i], latlngs);

  /** The vertices of the other grids on the same point as latlng (to 1e-9°, what snapping leaves), as [layer, path]. */
  function sharing(layer, latlng) {
    const found = [];
    const walk = (other, part, path) => {
      if (part instanceof L.LatLng) {
        if (Math.abs(part.lat - latlng.lat) < 1e-9 && Math.abs(part.lng - latlng.lng) < 1e-9) found.push([other, path]);
      } else part.forEach((child, i) => walk(other, child, [...path, i]));
    };
    for (const other of grids.getLayers()) if (other !== layer) walk(other, other.getLatLngs(), []);
    return found;
  }

  /** Moves one vertex of a grid; a grid being edited gets its vertex handles again, at their new places. */
  function setVertex(layer, path, latlng) {
    const latlngs = layer.getLatLngs();
    const parent = vertexAt(latlngs, path.slice(0, -1));
    parent[path[path.length - 1]] = L.latLng(latlng.lat, latlng.lng);
    layer.setLatLngs(latlngs);
    if (layer.pm.enabled()) {
      layer.pm.disable();
      layer.pm.enable(EDIT_OPTIONS);
    }
    edited.add(layer);
    renderList();
  }

  // ---- reshaping by keyboard ----
  // geoman's vertex handles take no focus, so a focusable box on the side panel stands in for them:
  // G picks the next grid, N / P its next / previous vertex, the arrow keys move that vertex by a
  // pixel (Shift: ten), vertices shared with other grids along with it; each step is announced.

  const keys = { grid: null, vertex: null, mark: null };
  const KEY_STEP_PX = 1;

  /** The vertices of a grid in ring order, as [path, latlng]. */
  function vertices(layer) {
    const found = [];
    const walk = (part, path) => {
      if (part instanceof L.LatLng) found.push([path, part]);
      else part.forEach((child, i) => walk(child, [...path, i]));
    };
    walk(layer.getLatLngs(), []);
    return found;
  }

  function say(key, vars) {
    $('vertex-said').textContent = t(key, vars);
  }

  function markVertex() {
    keys.mark?.remove();
    keys.mark = null;
    if (!keys.grid || !keys.vertex) return;
    const latlng = vertexAt(keys.grid.getLatLngs(), keys.vertex);
    keys.mark = L.circleMarker(latlng, { radius: 10, color: '#e65100', weight: 3, fill: false, interactive: false, pmIgnore: true, snapIgnore: true }).addTo(layers);
  }

  function sayVertex() {
    const all = vertices(keys.grid);
    const at = all.findIndex(([path]) => path.join() === keys.vertex.join());
    const latlng = all[at][1];
    say('boundary.keys.vertex', {
      n: at + 1, of: all.length, lon: latlng.lng.toFixed(6), lat: latlng.lat.toFixed(6), shared: sharing(keys.grid, latlng).length,
    });
  }

  function onKey(event) {
    if (!grids || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (key === 'g') {
      const all = grids.getLayers();
      const next = all[(all.indexOf(keys.grid) + 1) % all.length];
      startEditing(next);
      keys.grid = next;
      keys.vertex = null;
      markVertex();
      say('boundary.keys.grid', { name: gridName(next) });
    } else if ((key === 'n' || key === 'p') && keys.grid) {
      const all = vertices(keys.grid);
      const at = keys.vertex ? all.findIndex(([path]) => path.join() === keys.vertex.join()) : -1;
      keys.vertex = all[(at + (key === 'n' ? 1 : all.length - 1 + (at < 0 ? 1 : 0))) % all.length][0];
      markVertex();
      sayVertex();
    } else if (arrows[key] && keys.grid && keys.vertex) {
      const from = vertexAt(keys.grid.getLatLngs(), keys.vertex);
      const step = (event.shiftKey ? 10 : 1) * KEY_STEP_PX;
      // unrounded pixels (latLngToContainerPoint rounds), so a step along one axis keeps the other coordinate
      const to = map.unproject(map.project(from).add(L.point(arrows[key][0] * step, arrows[key][1] * step)));
      for (const [other, path] of sharing(keys.grid, from)) setVertex(other, path, to);
      setVertex(keys.grid, keys.vertex, to);
      $('boundary-done').hidden = true;
      markVertex();
      sayVertex();
    } else {
      if (key === 'n' || key === 'p' || arrows[key]) say('boundary.keys.none');
      else return;
    }
    event.preventDefault();
  }
  $('vertex-keys').addEventListener('keydown', onKey);

  // ---- a new grid, cut out of the grids it covers ----

  /** A (Multi)Polygon's polygons, each a list of rings of [lng, lat]. */
  const polygonsOf = geometry =>
    geometry?.type === 'Polygon' ? [geometry.coordinates] : geometry?.type === 'MultiPolygon' ? geometry.coordinates : [];

  /** Rings of no area (in square degrees, about 1e-10 for a square metre here) are slivers, not land. */
  const SLIVER_DEG2 = 1e-10;
  const ringArea = ring => Math.abs(ring.reduce((sum, [x0, y0], i) => {
    const [x1, y1] = ring[(i + 1) % ring.length];
    return sum + (x0 * y1 - x1 * y0);
  }, 0)) / 2;

  /** The polygon without its sliver rings; no rings at all when its outer ring is a sliver. */
  function withArea(rings) {
    const kept = rings.filter(ring => ring.length >= 4 && ringArea(ring) > SLIVER_DEG2);
    return kept[0] === rings[0] ? kept : [];
  }

  let communityList = [];
  let drawing = null; // geoman's working line while the new grid is drawn
  let cutAny = false;

  function startNewGrid() {
    clearNewGrid();
    clearConflicts();
    cutAny = false;
    $('grid-new-hint').hidden = false;
    // Only grids are cut: the community outlines are there to snap to.
    map.pm.enableDraw('Cut', { ...EDIT_OPTIONS, layersToCut: [...grids.getLayers()] });
  }

  /**
   * A grid cut by the new one: its remaining part takes its place (one polygon, or a multipolygon
   * when cut in two). The cut leaves slivers of no area where the new grid's edge runs along the
   * grid's own (floating point on either side of the shared line): they are dropped.
   */
  function replaceCut(cut, original) {
    const shapes = cut.getLayers ? cut.getLayers() : [cut];
    cut.remove();
    const polygons = shapes.flatMap(shape => polygonsOf(shape.toGeoJSON(15).geometry)).map(withArea).filter(rings => rings.length > 0);
    const layer = L.polygon(polygons.map(rings => rings.map(ring => ring.map(([lng, lat]) => L.latLng(lat, lng)))), EDITING_STYLE);
    layer.feature = original.feature;
    grids.removeLayer(original);
    edited.delete(original);
    grids.addLayer(layer);
    watchGrid(layer);
    edited.add(layer);
    if (keys.grid === original) Object.assign(keys, { grid: layer, vertex: null });
    cutAny = true;
  }

  function finishNewGrid() {
    $('grid-new-hint').hidden = true;
    const ring = drawing?.getLatLngs() ?? [];
    drawing = null;
    if (!cutAny || ring.length < 3) return;
    const layer = L.polygon(ring, NEW_GRID_STYLE).addTo(layers);
    layer.bindTooltip(() => textElement(t('boundary.newTitle')), { sticky: true });
    layer.on('click', () => { if (!layer.pm.enabled()) layer.pm.enable(EDIT_OPTIONS); });
    // The community it is cut from is offered as its parent.
    const cutFrom = [...edited].map(l => l.feature.properties.parentId).find(id => id !== undefined);
    newGrid = { layer };
    fillNewGridForm(cutFrom);
    $('new-grid-form').hidden = false;
    $('new-grid-code').focus();
    renderList();
  }

  function fillNewGridForm(parentId) {
    const select = $('new-grid-parent');
    select.replaceChildren(...communityList.map(c => new Option(`${c.name}（${c.code}）`, String(c.id))));
    if (parentId !== undefined) select.value = String(parentId);
    suggestCode();
  }

  /** The community's code and the next three digits no grid of it has. */
  function suggestCode() {
    const parent = communityList.find(c => String(c.id) === $('new-grid-parent').value);
    if (!parent) return;
    const taken = new Set(grids.getLayers().map(l => l.feature.properties.code));
    for (let n = 1; n < 1000; n++) {
      const code = `${parent.code}${String(n).padStart(3, '0')}`;
      if (!taken.has(code)) { $('new-grid-code').value = code; return; }
    }
  }

  function clearNewGrid() {
    newGrid?.layer.remove();
    newGrid = null;
    $('new-grid-form').hidden = true;
    $('grid-new-hint').hidden = true;
    for (const id of ['new-grid-code', 'new-grid-name']) $(id).value = '';
  }

  /** The new grid as the API takes it: no id; its code names its community. */
  function newGridFeature() {
    return {
      type: 'Feature',
      properties: { code: $('new-grid-code').value.trim(), name: $('new-grid-name').value.trim() },
      geometry: newGrid.layer.toGeoJSON(false).geometry,
    };
  }

  map.on('pm:drawstart', event => { if (event.shape === 'Cut') drawing = event.workingLayer; });
  map.on('pm:cut', event => replaceCut(event.layer, event.originalLayer));
  map.on('pm:drawend', event => { if (event.shape === 'Cut') finishNewGrid(); });
  $('grid-new').addEventListener('click', startNewGrid);
  $('new-grid-parent').addEventListener('change', suggestCode);

  function stopEditing() {
    map.pm.disableDraw();
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
      const grid = e.id == null ? null : grids.getLayers().find(l => l.feature.properties.id === e.id);
      const item = document.createElement('li');
      item.append(textElement(grid ? gridName(grid) : (e.code ?? String(e.id ?? e.index)), 'conflict-grid'), ' ', textElement(e.reason, 'conflict-reason'));
      $('conflicts').append(item);
    }
    $('boundary-refused').hidden = false;
    const bounds = conflicts.getBounds();
    if (bounds.isValid() && !map.getBounds().contains(bounds)) map.fitBounds(bounds.pad(2), { maxZoom: map.getZoom(), animate: false });
  }

  async function save() {
    if (newGrid && !GRID_CODE.test($('new-grid-code').value.trim())) {
      $('new-grid-code').setAttribute('aria-invalid', 'true');
      $('new-grid-code').focus();
      return;
    }
    $('new-grid-code').removeAttribute('aria-invalid');
    const features = [...edited].map(layer => ({
      type: 'Feature',
      id: layer.feature.properties.id,
      properties: {},
      // full precision: what was snapped together must reach the server together
      geometry: layer.toGeoJSON(false).geometry,
    }));
    if (newGrid) features.push(newGridFeature());
    $('boundary-save').disabled = true;
    $('boundary-done').hidden = true;
    try {
      const summary = await postJson('/api/areas/changes', { type: 'FeatureCollection', features });
      stopEditing();
      await draw();
      $('boundary-done').textContent = [
        t('boundary.saved', { n: summary.changed.length, moved: summary.householdsMoved }),
        ...(summary.created.length > 0 ? [t('boundary.created', { n: summary.created.length })] : []),
      ].join(' ');
      $('boundary-done').hidden = false;
      status(null);
    } catch (error) {
      if (error instanceof HttpError && error.status === 400 && error.problem) showRefusal(error.problem);
      else status('boundary.failed');
      $('boundary-save').disabled = edited.size === 0 && !newGrid;
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
    /** What tests read: the ids of the grids changed and not yet saved, and whether a new grid is drawn. */
    drawn: () => newGrid !== null,
    edited: () => [...edited].map(layer => layer.feature.properties.id),
    conflicts: () => conflicts?.getLayers().length ?? 0,
    grids: () => grids?.getLayers().length ?? 0,
  };
}
