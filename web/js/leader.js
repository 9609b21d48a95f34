// 网格长: the grid leader's assignment view. The grid's cases, live; a case opens with the
// on-duty grid workers and Party members nearest to it (own grid first, then neighbouring grids),
// drawn as lines from the case, and one click sends one of them. Everyone watching sees it
// through the live push.
import { getAllFeatures, getJson } from './api.js';
import { caseFacts, problemText, takeAction } from './cases.js';
import { openCasePage } from './casepage.js';
import { t } from './i18n.js';
import { textElement } from './map.js';
import { OUTLINES_UP_TO, outlineLayer, outlineTiles } from './outlines.js';
import { AREA_STYLES } from './territory.js';

/** The role this page acts in (until sign-in says who the user is). */
const ROLE = 'grid_leader';
const TIERS = ['own_grid', 'neighbouring_grid', 'nearby'];
const TIER_COLOURS = { own_grid: '#2e7d32', neighbouring_grid: '#1565c0', nearby: '#757575' };
/** How close the map comes when it fits a case and its candidates. */
const CANDIDATES_MAX_ZOOM = 17;
/** Grid names asked for in one request (the server's largest page). */
const GRID_NAMES_AT_A_TIME = 10_000;

/** Who could be sent to the open case, nearest first within each tier. */
let candidates = [];
let outlines = null;
/** The Party grids by name (no boundaries), in id order, once read: the picker's options. */
let partyGrids = null;
/** The read of partyGrids, made once (readGrids), and its end, which the other grids' outlines wait for. */
let readingGrids = null;
const gridsRead = Promise.withResolvers();

const page = await openCasePage('leader', {
  param: 'grid',
  pickerLabel: 'leader.grid',
  listTitle: 'leader.cases',
  // The upper levels; the grids (a city's thousands, with their boundaries five pages of 1,000 one
  // after another before the first draw) and the people are named as the cases show them, and the
  // picker's grids are read by name only (readGrids).
  names: { levels: ['district', 'street', 'community'], staff: false },
  pickable: () => partyGrids ?? (page.area ? [page.area] : []),
  label: g => g.name,
  // Opening a case fits it together with everyone who could go (below), rather than flying to it.
  flyToCase: false,
  hooks: {
    watched: () => drawOutlines(),
    // The picker's grids once the first page of cases is drawn: they are not what the user came for.
    reloaded: () => { readGrids().catch(error => console.error(error)); },
    opened: id => loadCandidates(id),
    left: () => {
      candidates = [];
      candidateLayer.clearLayers();
    },
    detail: (view, message) => {
      drawCandidates();
      const steps = assignmentSteps(view);
      const hint = Object.assign(document.createElement('p'), {
        className: 'case-hint',
        textContent: steps ? '' : t(view.status === 'reported' ? 'leader.awaitingRegistration' : 'leader.notAssignable', { status: page.names.status(view.status) }),
      });
      return [caseFacts(view, page.names, { onOpenCase: id => page.openCase(id) }), hint, message, candidateList(view, steps !== null)];
    },
  },
});
const candidateLayer = page ? L.featureGroup().addTo(page.map) : null;

// --- the grid watched ------------------------------------------------------------------------

/** The Party grids by name, read once (a city's 4,977 in one request, half the bytes without their boundaries); the picker filled with them. */
function readGrids() {
  readingGrids ??= getAllFeatures('/api/areas', { level: 'grid', layer: 'party', boundary: false, limit: GRID_NAMES_AT_A_TIME }).then(collection => {
    partyGrids = collection.features.map(f => ({ ...f.properties, id: f.properties.id ?? f.id }));
    page.fillPicker();
    gridsRead.resolve(partyGrids);
    return partyGrids;
  });
  return readingGrids;
}

/**
 * This grid in bold, and every other Party-building grid (candidates come from neighbouring ones
 * too) once their names tell how many there are: past OUTLINES_UP_TO (a city district) from
 * tiles, else as outlines, their boundaries read by id.
 */
function drawOutlines() {
  outlines?.remove();
  const group = outlines = L.featureGroup().addTo(page.map);
  const own = outlineLayer([page.area], 'grid').setStyle({ ...AREA_STYLES.grid, weight: 4, fillOpacity: 0.3 }).addTo(group);
  group.bringToBack();
  page.map.fitBounds(own.getBounds(), { padding: [24, 24] });
  gridsRead.promise.then(async grids => {
    if (outlines !== group) return;
    let others;
    if (grids.length > OUTLINES_UP_TO) others = await outlineTiles('grid');
    else {
      await page.names.need({ areaIds: grids.map(g => g.id) });
      others = outlineLayer(grids.map(g => page.names.areas.get(g.id)).filter(a => a?.geometry && a.id !== page.area.id), 'grid');
    }
    if (outlines !== group) return;
    others.addTo(group);
    own.bringToFront();
    group.bringToBack();
  }).catch(error => console.error(error));
}

// --- whom to send ----------------------------------------------------------------------------

async function loadCandidates(id) {
  try {
    candidates = await getJson(`/api/cases/${id}/candidates`);
  } catch (error) {
    console.error(error);
    page.detail.message = { kind: 'error', text: t('candidate.failed') };
  }
  if (id !== page.detail.id) return;
  for (const c of candidates) page.names.staff.set(c.id, { id: c.id, name: c.name, role: c.role, homeGridId: c.homeGridId });
  page.renderDetail(); // draws the candidates too
  fitCase();
}

/** Lines from the case to each candidate, coloured by tier, the assignee's drawn bold. */
function drawCandidates() {
  candidateLayer.clearLayers();
  const view = page.detail.view;
  if (!view || candidates.length === 0) return;
  const here = [view.lat, view.lon];
  for (const c of candidates) {
    const colour = TIER_COLOURS[c.tier];
    const assigned = c.id === view.assigneeId;
    const label = t('candidate.label', { name: c.name, metres: Math.round(c.distanceMetres) });
    L.polyline([here, [c.lat, c.lon]], { color: colour, weight: assigned ? 4 : 2, dashArray: assigned ? null : '6 6', interactive: false })
      .addTo(candidateLayer).candidateId = c.id;
    L.circleMarker([c.lat, c.lon], { radius: 7, color: '#fff', weight: 2, fillColor: colour, fillOpacity: 1, bubblingMouseEvents: false })
      .bindTooltip(textElement(label), { permanent: true, direction: 'right', className: 'candidate-label' })
      .addTo(candidateLayer).candidateId = c.id;
  }
}

/** Brings the case and everyone who could go into view. */
function fitCase() {
  const view = page.detail.view;
  if (!view) return;
  const bounds = L.latLngBounds([[view.lat, view.lon]]);
  if (candidateLayer.getLayers().length > 0) bounds.extend(candidateLayer.getBounds());
  page.map.fitBounds(bounds, { padding: [48, 48], maxZoom: CANDIDATES_MAX_ZOOM });
}

/**
 * What sending someone takes from the case's status, by the moves this role may make: dispatch,
 * or register first where the workflow lets this role register; null when neither is allowed.
 */
function assignmentSteps(view) {
  const mine = view.allowedActions?.[ROLE] ?? [];
  if (mine.includes('dispatch')) return ['dispatch'];
  if (mine.includes('register')) return ['register', 'dispatch'];
  return null;
}

async function assign(candidate) {
  const { detail } = page;
  const steps = assignmentSteps(detail.view);
  if (!steps) return;
  for (const button of document.querySelectorAll('#case-detail .candidate button')) button.disabled = true;
  let view = detail.view;
  try {
    for (const action of steps) {
      const extra = action === 'dispatch' ? { assigneeId: candidate.id } : {};
      view = await takeAction(view, action, ROLE, extra);
      page.board.receive(view);
    }
    detail.message = { kind: 'done', text: t('leader.assigned', { name: candidate.name }) };
  } catch (error) {
    detail.message = { kind: 'error', text: problemText(error, page.names) };
  }
  await page.loadDetail();
}

/** Candidates by tier (own grid, neighbouring grids, nearby), nearest first, each with its send button. */
function candidateList(view, canAssign) {
  const box = document.createElement('section');
  box.className = 'candidates';
  box.append(Object.assign(document.createElement('h3'), { textContent: t('candidate.title') }));
  if (candidates.length === 0) {
    box.append(Object.assign(document.createElement('p'), { textContent: t('candidate.none') }));
    return box;
  }
  for (const tier of TIERS) {
    const inTier = candidates.filter(c => c.tier === tier);
    if (inTier.length === 0) continue;
    box.append(Object.assign(document.createElement('h4'), { textContent: t(`candidate.tier.${tier}`) }));
    const list = document.createElement('ol');
    list.className = `candidate-list tier-${tier}`;
    for (const c of inTier) {
      const item = document.createElement('li');
      item.className = `candidate${c.id === view.assigneeId ? ' is-assignee' : ''}`;
      item.dataset.staffId = c.id;
      const who = document.createElement('div');
      who.className = 'candidate-who';
      who.append(
        Object.assign(document.createElement('strong'), { className: 'candidate-name', textContent: c.name }),
        Object.assign(document.createElement('span'), { className: 'candidate-role', textContent: `${t(`staff.role.${c.role}`)} · ${c.homeGridName}` }));
      const distance = Object.assign(document.createElement('span'), {
        className: 'candidate-distance', textContent: t('candidate.metres', { metres: Math.round(c.distanceMetres) }),
      });
      const button = Object.assign(document.createElement('button'), {
        type: 'button',
        textContent: c.id === view.assigneeId ? t('leader.isAssignee') : t('leader.assign'),
        disabled: !canAssign,
      });
      button.addEventListener('click', () => assign(c));
      item.append(who, distance, button);
      list.append(item);
    }
    box.append(list);
  }
  return box;
}

/** The first Party grid the user sees, with its boundary, when the address names none of them; null when there is none. */
async function firstGrid() {
  const [first] = await readGrids();
  if (!first) return null;
  await page.names.need({ areaIds: [first.id] });
  return page.names.areas.get(first.id) ?? null;
}

if (page) {
  const asked = await page.askedArea();
  page.start(asked?.level === 'grid' && asked.layer === 'party' ? asked : await firstGrid(), { candidateLayer });
}
