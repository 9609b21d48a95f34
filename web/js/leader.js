// 网格长: the grid leader's assignment view. The grid's cases, live; a case opens with the
// on-duty grid workers and Party members nearest to it (own grid first, then neighbouring grids),
// drawn as lines from the case, and one click sends one of them. Everyone watching sees it
// through the live push.
import { getJson } from './api.js';
import { enterPage } from './auth.js';
import { onLangChange, otherLang, setLang, t, translatePage } from './i18n.js';
import { createMap, textElement } from './map.js';
import { AREA_STYLES, areaLayer } from './territory.js';
import { LiveFeed, liveIndicator } from './live.js';
import {
  caseFacts, loadCase, loadCases, problemText, startCaseBoard, statusLine, statusOptions, takeAction,
} from './cases.js';

/** The role this page acts in (until sign-in says who the user is). */
const ROLE = 'grid_leader';
const TIERS = ['own_grid', 'neighbouring_grid', 'nearby'];
const TIER_COLOURS = { own_grid: '#2e7d32', neighbouring_grid: '#1565c0', nearby: '#757575' };
/** How close the map comes when it fits a case and its candidates. */
const CANDIDATES_MAX_ZOOM = 17;

// Signed in, and in a role that works here (else off to sign in, or to the role's own page).
await enterPage('leader');
translatePage();
document.getElementById('lang-switch').addEventListener('click', () => setLang(otherLang()));

const params = new URLSearchParams(location.search);
const mapElement = document.getElementById('map');
const say = statusLine(document.getElementById('status'));
const map = createMap(mapElement, { tileUrl: params.get('tiles') });
const showLiveState = liveIndicator(document.getElementById('live-state'));
const candidateLayer = L.featureGroup().addTo(map);

const detail = { id: null, view: null, candidates: [], message: null };
let names;
let board;
let grid = null;
let outlines = null;

// --- the grid watched ------------------------------------------------------------------------

const partyGrids = () => names.areasOf('grid').filter(a => a.layer === 'party');

function fillGridPicker() {
  const picker = document.getElementById('grid');
  picker.replaceChildren(...partyGrids().map(g => new Option(g.name, g.id, false, g === grid)));
}

function watch(next) {
  grid = next;
  const url = new URL(location.href);
  url.searchParams.set('grid', grid.id);
  history.replaceState(null, '', url);
  closeCase();
  board.clear();
  drawOutlines();
  live.watch({ id: grid.id, level: 'grid' });
}

/** Every Party-building grid (candidates come from neighbouring ones too), this one in bold. */
function drawOutlines() {
  outlines?.remove();
  const collection = { type: 'FeatureCollection', features: partyGrids().map(a => ({ type: 'Feature', geometry: a.geometry, properties: a })) };
  outlines = areaLayer(collection, 'grid').addTo(map);
  outlines.eachLayer(layer => {
    if (layer.feature.properties.id === grid.id) layer.setStyle({ ...AREA_STYLES.grid, weight: 4, fillOpacity: 0.3 });
  });
  outlines.bringToBack();
  const own = outlines.getLayers().find(layer => layer.feature.properties.id === grid.id);
  if (own) map.fitBounds(own.getBounds(), { padding: [24, 24] });
}


// --- the live feed ---------------------------------------------------------------------------

const live = new LiveFeed({
  onChange: ({ case: c }) => {
    if (board.receive(c) && c.id === detail.id) loadDetail();
  },
  onResync: resync,
  onState: showLiveState,
});

async function resync() {
  const watching = grid;
  try {
    const cases = await loadCases(watching.id);
    if (watching !== grid) return;
    board.takeAll(cases);
    say(null);
  } catch (error) {
    console.error(error);
    say('status.casesFailed');
  }
  mapElement.dataset.ready = 'true';
  if (detail.id !== null) loadDetail();
}

// --- one case and whom to send ---------------------------------------------------------------

const detailElement = document.getElementById('case-detail');

async function openCase(id) {
  if (detail.id !== id) {
    detail.message = null;
    detail.candidates = [];
    candidateLayer.clearLayers();
  }
  detail.id = id;
  board.select(id);
  await loadDetail();
  if (id !== detail.id) return;
  try {
    detail.candidates = await getJson(`/api/cases/${id}/candidates`);
  } catch (error) {
    console.error(error);
    detail.message = { kind: 'error', text: t('candidate.failed') };
  }
  if (id !== detail.id) return;
  for (const c of detail.candidates) names.staff.set(c.id, { id: c.id, name: c.name, role: c.role, homeGridId: c.homeGridId });
  drawCandidates();
  fitCase();
  renderDetail();
}

function closeCase() {
  detail.id = null;
  detail.view = null;
  detail.message = null;
  detail.candidates = [];
  candidateLayer.clearLayers();
  detailElement.hidden = true;
  map.closePopup();
  board?.select(null);
}

async function loadDetail() {
  const id = detail.id;
  try {
    const view = await loadCase(id);
    if (id !== detail.id) return;
    detail.view = view;
    board.take(view);
  } catch (error) {
    console.error(error);
    if (id !== detail.id) return;
    detail.message = { kind: 'error', text: problemText(error, names) };
  }
  renderDetail();
  drawCandidates();
}

/** Lines from the case to each candidate, coloured by tier, the assignee's drawn bold. */
function drawCandidates() {
  candidateLayer.clearLayers();
  const view = detail.view;
  if (!view || detail.candidates.length === 0) return;
  const here = [view.lat, view.lon];
  for (const c of detail.candidates) {
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
  const view = detail.view;
  if (!view) return;
  const bounds = L.latLngBounds([[view.lat, view.lon]]);
  if (candidateLayer.getLayers().length > 0) bounds.extend(candidateLayer.getBounds());
  map.fitBounds(bounds, { padding: [48, 48], maxZoom: CANDIDATES_MAX_ZOOM });
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
  const steps = assignmentSteps(detail.view);
  if (!steps) return;
  for (const button of detailElement.querySelectorAll('.candidate button')) button.disabled = true;
  let view = detail.view;
  try {
    for (const action of steps) {
      const extra = action === 'dispatch' ? { assigneeId: candidate.id } : {};
      view = await takeAction(view, action, ROLE, extra);
      board.receive(view);
    }
    detail.message = { kind: 'done', text: t('leader.assigned', { name: candidate.name }) };
  } catch (error) {
    detail.message = { kind: 'error', text: problemText(error, names) };
  }
  await loadDetail();
}

function renderDetail() {
  const view = detail.view;
  if (!view) return;
  detailElement.hidden = false;
  detailElement.dataset.caseId = view.id;
  detailElement.dataset.version = view.version;
  document.getElementById('case-detail-title').textContent = names.title(view);
  const steps = assignmentSteps(view);
  const hint = Object.assign(document.createElement('p'), {
    className: 'case-hint',
    textContent: steps ? '' : t(view.status === 'reported' ? 'leader.awaitingRegistration' : 'leader.notAssignable', { status: names.status(view.status) }),
  });
  const message = Object.assign(document.createElement('p'), {
    className: `case-message${detail.message ? ` is-${detail.message.kind}` : ''}`,
    textContent: detail.message?.text ?? '',
  });
  message.setAttribute('role', 'alert');
  document.getElementById('case-detail-body').replaceChildren(
    caseFacts(view, names, { onOpenCase: openCase }), hint, message, candidateList(view, steps !== null));
}

/** Candidates by tier (own grid, neighbouring grids, nearby), nearest first, each with its send button. */
function candidateList(view, canAssign) {
  const box = document.createElement('section');
  box.className = 'candidates';
  box.append(Object.assign(document.createElement('h3'), { textContent: t('candidate.title') }));
  if (detail.candidates.length === 0) {
    box.append(Object.assign(document.createElement('p'), { textContent: t('candidate.none') }));
    return box;
  }
  for (const tier of TIERS) {
    const inTier = detail.candidates.filter(c => c.tier === tier);
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

// --- start ---------------------------------------------------------------------------------

async function start() {
  const started = await startCaseBoard(map, say, openCase);
  if (!started) return;
  ({ names, board } = started);
  const statusFilter = document.getElementById('filter-status');
  statusFilter.replaceChildren(...statusOptions(names, board.filter.status));
  statusFilter.addEventListener('change', () => {
    board.filter.status = statusFilter.value;
    board.render();
  });
  document.getElementById('filters').addEventListener('submit', event => event.preventDefault());
  document.getElementById('grid').addEventListener('change', event => watch(names.areas.get(Number(event.target.value))));
  document.getElementById('case-detail-close').addEventListener('click', closeCase);
  onLangChange(() => {
    statusFilter.replaceChildren(...statusOptions(names, board.filter.status));
    board.refresh();
    renderDetail();
    drawCandidates();
  });
  const asked = names.areas.get(Number(params.get('grid')));
  grid = asked?.level === 'grid' && asked.layer === 'party' ? asked : partyGrids()[0] ?? null;
  if (!grid) {
    say('status.noAreas');
    mapElement.dataset.ready = 'true';
    return;
  }
  fillGridPicker();
  watch(grid);
  // For tests and the curious.
  window.gridmap = Object.freeze({ map, board, live, names, candidateLayer });
}

start();
