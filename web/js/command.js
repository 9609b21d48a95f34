// 指挥中心: the command centre's live wall map of its area. Cases arrive through the live push,
// pins and list stay in step, the evaluation ranks the area's grids, and a case opens with its
// audit trail and the moves the command centre may make now.
import { bboxParam, countFeatures, getJson } from './api.js';
import { auditTrail, caseFacts, isConflict, loadCase, loadEvents, problemText, serverFilter, takeAction } from './cases.js';
import { openCasePage } from './casepage.js';
import { t } from './i18n.js';
import { CaseCountsPanel } from './casecounts.js';
import { KpiPanel } from './kpis.js';
import { OUTLINES_UP_TO, outlineLayer, outlineTiles } from './outlines.js';
import { exportLinks } from './exportlinks.js';
import { showStaffMoves } from './staffmoves.js';
import { HeatOverlay } from './hotspots.js';
import { nextTask } from './firstdraw.js';
import { createLayerControl } from './map.js';
import { MicroGrids } from './microgrids.js';

/** The role this page acts in (until sign-in says who the user is). */
const ROLE = 'command_centre';
const WATCHABLE = ['district', 'street', 'community', 'grid'];

let outlines = null;
/** Whether the watched area's grids are read (not a district's thousands, drawn from tiles): the area filter lists them then. */
let gridsHeld = false;
const areaLabel = a => t('area.option', { level: t(`level.${a.level}`), name: a.name });

const page = await openCasePage('command', {
  param: 'area',
  pickerLabel: 'command.area',
  listTitle: 'case.list.title',
  // A city district's thousands of grids and people are read as the view needs them, and its
  // hundreds of communities' boundaries (the largest answer before the first draw) once drawn.
  names: { levels: ['district', 'street', 'community'], unbounded: ['community'], staff: false },
  pickable: () => {
    const areas = ['district', 'street', 'community'].flatMap(level => page.names.areasOf(level));
    if (page.area && !areas.includes(page.area)) areas.push(page.area); // a grid asked for by ?area=
    return areas;
  },
  label: areaLabel,
  hooks: {
    watched: () => {
      page.board.filter.areaId = null;
      page.board.filter.areaLevel = null;
      drawOutlines();
      // What the first draw does not show waits for it, in a task of its own: made with the page's
      // start, it held back the asking for the cases and the drawing of them.
      page.drawn.then(nextTask).then(() => {
        fillFilters();
        drawMicroGrids();
      });
      heat.refresh();
    },
    changed: () => {
      kpis.changed();
      counts.changed();
    },
    reloaded: () => {
      kpis.refresh();
      counts.refresh();
    },
    filtered: () => {
      const filter = page.board.filter;
      filter.category = document.getElementById('filter-category').value;
      const areaId = document.getElementById('filter-area').value;
      filter.areaId = areaId === '' ? null : Number(areaId);
      filter.areaLevel = page.names.areas.get(filter.areaId)?.level ?? null;
      heat.refresh();
    },
    langChanged: () => {
      fillFilters();
      kpis.render();
      counts.render();
    },
    load: async id => {
      const [view, events] = await Promise.all([loadCase(id), loadEvents(id)]);
      return { view, events };
    },
    detail: (view, message) => [
      caseFacts(view, page.names, { onOpenCase: id => page.openCase(id) }),
      actionsForm(view),
      message,
      Object.assign(document.createElement('h3'), { textContent: t('case.trail') }),
      auditTrail(page.detail.events, page.names),
    ],
  },
});
const kpis = new KpiPanel(document.getElementById('kpi-body'), () => page.area.id);
// The list's cases as a file: the watched area (or the area filter) and the list's filters.
document.getElementById('case-list-title').after(exportLinks('cases', () =>
  ({ areaId: page.board.filter.areaId ?? page.area?.id, ...serverFilter(page.board.filter, page.names.statuses) })));
const counts = new CaseCountsPanel(document.getElementById('counts-body'),
  { from: document.getElementById('counts-from'), to: document.getElementById('counts-to') }, () => page.area.id, page?.names);
// Overlays: the micro-grids of the watched area (on) and the heat of the cases the filters keep (off until chosen).
const micro = page && new MicroGrids(page.map);
const heat = page && new HeatOverlay(() => ({ areaId: page.board.filter.areaId ?? page.area.id, category: page.board.filter.category || null }));
if (page) {
  const control = createLayerControl(page.map);
  control.add(micro.layer, 'layer.microGrids');
  control.add(heat.layer, 'layer.heat');
}

// --- the area watched -------------------------------------------------------------------------

async function chooseInitialArea() {
  const asked = await page.askedArea();
  if (asked && WATCHABLE.includes(asked.level) && (asked.level !== 'grid' || asked.layer === 'party')) return asked;
  return page.names.areasOf('district')[0] ?? page.names.areasOf('street')[0] ?? null;
}

/** Areas of a level inside the watched one (grids: the Party-building layer, where cases belong). */
const areasInside = level =>
  page.names.areasOf(level, page.area.id).filter(a => a !== page.area && (level !== 'grid' || a.layer === 'party'));

/**
 * The Party grids in the watched area's bounds, added to the names, when there are no more than
 * OUTLINES_UP_TO of them; false for more (a district's thousands: drawn from tiles, named on demand).
 */
async function loadGridsInside(area) {
  const bbox = bboxParam(outlineLayer([area], area.level).getBounds());
  if (await countFeatures('grid_party', bbox) > OUTLINES_UP_TO) return false;
  page.names.addAreas(await getJson('/api/areas', { level: 'grid', layer: 'party', bbox, limit: OUTLINES_UP_TO }));
  return true;
}

/**
 * The watched area and the streets, communities and grids in it, fitted to the map; a level with
 * more than OUTLINES_UP_TO areas in it (a district's grids) from tiles. The watched area at once;
 * the areas in it once the first cases are drawn, the grids once read.
 */
function drawOutlines() {
  outlines?.remove();
  gridsHeld = false;
  const group = outlines = L.featureGroup();
  /** Draws a level's areas in the watched one (their boundaries read first if the names came without); resolves to their layer, if any. */
  const drawLevel = async level => {
    const inside = areasInside(level);
    if (inside.length > OUTLINES_UP_TO) {
      outlineTiles(level).then(layer => { if (outlines === group) layer.addTo(group); }, error => console.error(error));
      return null;
    }
    if (inside.length === 0) return null;
    await page.names.boundaries(inside.map(a => a.id));
    return outlines === group ? outlineLayer(inside, level).addTo(group) : null;
  };
  outlineLayer([page.area], page.area.level).addTo(group);
  const bounds = group.getBounds();
  // Fitted first: outlines on the map are projected and clipped at its view, and again at every change of it.
  if (bounds.isValid()) page.map.fitBounds(bounds, { padding: [24, 24] });
  group.addTo(page.map);
  group.bringToBack();
  // A district's hundreds of streets and communities each in a task of their own, once the first
  // cases are drawn: made with the page's start, they made it one long task and held back the
  // cases. Each goes to the back as it comes, so the smaller areas lie below the larger, as before.
  page.drawn.then(async () => {
    for (const level of ['street', 'community']) {
      await nextTask();
      if (outlines !== group) return;
      (await drawLevel(level))?.bringToBack();
    }
    const held = await loadGridsInside(page.area);
    if (outlines !== group) return;
    if (!held) return outlineTiles('grid').then(layer => { if (outlines === group) layer.addTo(group); });
    gridsHeld = true;
    await drawLevel('grid');
    fillFilters();
  }).catch(error => console.error(error));
}

/**
 * The watched area's micro-grids on the map (from tiles past OUTLINES_UP_TO); when drawn as
 * outlines, also in the area filter, with their grids named so that the filter knows them inside.
 */
async function drawMicroGrids() {
  const area = page.area;
  await micro.show({ bounds: outlineLayer([area], area.level).getBounds(), gridId: area.level === 'grid' ? area.id : null });
  if (page.area !== area || micro.features.length === 0) return;
  page.names.addAreas({ features: micro.features });
  await page.names.need({ areaIds: micro.features.map(f => f.properties.parentId) });
  if (page.area === area) fillFilters();
}

/** The category and area filters (the status filter is every case page's). */
function fillFilters() {
  const filter = page.board.filter;
  const category = document.getElementById('filter-category');
  category.replaceChildren(new Option(t('filter.all'), ''), ...page.names.categories.map(c =>
    new Option(page.names.category(c.code), c.code, false, c.code === filter.category)));
  const area = document.getElementById('filter-area');
  const inside = page.area
    ? [...areasInside('street'), ...areasInside('community'), ...(gridsHeld ? areasInside('grid') : []), ...areasInside('micro_grid')] : [];
  area.replaceChildren(new Option(t('filter.all'), ''), ...inside.map(a =>
    new Option(areaLabel(a), a.id, false, a.id === filter.areaId)));
}

// --- the moves on the open case ---------------------------------------------------------------

/** The moves the command centre may make now, with what they need: a note, a handler, departments. */
function actionsForm(view) {
  const form = document.createElement('form');
  form.className = 'case-actions';
  form.addEventListener('submit', event => event.preventDefault());
  const actions = view.allowedActions?.[ROLE] ?? [];
  if (actions.length === 0) {
    form.append(Object.assign(document.createElement('p'), { className: 'case-no-actions', textContent: t('case.noActions') }));
    return form;
  }
  if (actions.includes('dispatch')) form.append(assigneePicker(view));
  if (actions.includes('escalate')) form.append(departmentPicker(view));
  const note = document.createElement('label');
  note.className = 'case-note';
  note.append(Object.assign(document.createElement('span'), { textContent: t('case.note') }),
    Object.assign(document.createElement('textarea'), { name: 'note', rows: 2, maxLength: 2000 }));
  form.append(note);
  const buttons = document.createElement('div');
  buttons.className = 'case-buttons';
  for (const action of actions) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(`case.action.${action}`) });
    button.dataset.action = action;
    button.addEventListener('click', () => act(form, action));
    buttons.append(button);
  }
  form.append(buttons);
  return form;
}

function assigneePicker(view) {
  const label = document.createElement('label');
  label.className = 'case-assignee';
  const select = Object.assign(document.createElement('select'), { name: 'assigneeId' });
  select.append(new Option(t('case.loadingCandidates'), ''));
  label.append(Object.assign(document.createElement('span'), { textContent: t('case.assignee') }), select);
  getJson(`/api/cases/${view.id}/candidates`).then(candidates => {
    select.replaceChildren(new Option(t('case.chooseAssignee'), ''), ...candidates.map(c => new Option(
      t('candidate.option', { name: c.name, role: t(`staff.role.${c.role}`), tier: t(`candidate.tier.${c.tier}`), metres: Math.round(c.distanceMetres) }),
      c.id)));
  }, error => {
    console.error(error);
    select.replaceChildren(new Option(t('candidate.failed'), ''));
  });
  return label;
}

function departmentPicker(view) {
  const box = document.createElement('fieldset');
  box.className = 'case-departments';
  box.append(Object.assign(document.createElement('legend'), { textContent: t('case.departments') }));
  const suggested = page.names.categories.find(c => c.code === view.categoryCode)?.departments ?? [];
  for (const d of page.names.departments) {
    const label = document.createElement('label');
    const check = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'departments', value: d.code, checked: suggested.includes(d.code) });
    label.append(check, ' ', page.names.department(d.code));
    box.append(label);
  }
  return box;
}

async function act(form, action) {
  const { detail } = page;
  const extra = {};
  const note = form.elements.note?.value.trim();
  if (note) extra.note = note;
  if (action === 'dispatch') {
    const assignee = form.elements.assigneeId?.value;
    if (!assignee) {
      detail.message = { kind: 'error', text: t('case.problem.chooseAssignee') };
      return page.renderDetail();
    }
    extra.assigneeId = Number(assignee);
  }
  if (action === 'escalate') extra.departments = [...form.querySelectorAll('input[name=departments]:checked')].map(c => c.value);
  for (const button of form.querySelectorAll('button')) button.disabled = true;
  try {
    const after = await takeAction(detail.view, action, ROLE, extra);
    detail.message = { kind: 'done', text: t('case.done', { action: t(`case.action.${action}`) }) };
    page.board.receive(after);
  } catch (error) {
    detail.message = { kind: 'error', text: problemText(error, page.names) };
    // A 409 means the case is not what the user saw: show it as it is now.
    if (!isConflict(error)) return page.renderDetail();
  }
  await page.loadDetail();
}

// --- wall mode (大屏) -------------------------------------------------------------------------

const wallSwitch = document.getElementById('wall-switch');

function setWall(on) {
  document.documentElement.classList.toggle('wall', on);
  wallSwitch.dataset.i18n = on ? 'wall.leave' : 'wall.enter';
  wallSwitch.textContent = t(wallSwitch.dataset.i18n);
  page?.map.invalidateSize();
}

wallSwitch.addEventListener('click', async () => {
  if (document.documentElement.classList.contains('wall')) {
    setWall(false);
    if (document.fullscreenElement) await document.exitFullscreen();
    return;
  }
  setWall(true);
  try {
    await document.documentElement.requestFullscreen?.({ navigationUI: 'hide' });
  } catch (error) {
    console.warn('wall: full screen refused; the wall layout stays in the window', error);
  }
});
// Esc leaves full screen: leave the wall layout with it.
document.addEventListener('fullscreenchange', () => {
  if (!document.fullscreenElement) setWall(false);
});

if (page) page.start(await chooseInitialArea(), { staff: showStaffMoves(page), micro, heat });
