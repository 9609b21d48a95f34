// 网格员: a grid worker's phone. Their tasks (the cases assigned to them), the moves they make on
// them (签收, 退回, 申请延期, 处置反馈 with photos), their own patrol reports (巡查上报), visits to
// households (走访, visits.js), and going on and off duty; on duty the phone shares its position every 30 s. Tasks and patrol reports are
// pushed live (the hub's SubscribeMine); they are read again over HTTP only while the push is
// down. Without signal every write waits in the outbox and goes out when the connection returns.
import { getJson, sendJson } from './api.js';
import { CaseNames, formatTime, loadOpenCases } from './cases.js';
import { caseCard, CaseFields, caseReport, currentPosition, fieldPageReady, mapLink, nameCards, openFieldPage, PhotoPicker, replaceCards, showOutbox } from './field.js';
import { currentLang, onLangChange, t } from './i18n.js';
import { CaseKeeper, LiveFeed, liveIndicator, MINE } from './live.js';
import { Outbox } from './outbox.js';
import { registerServiceWorker } from './pwa.js';
import { visitSection } from './visits.js';

/** The role the worker acts in. */
const ROLE = 'grid_worker';
/** How often the position is shared while on duty, and the tasks read again while the push is down. */
const SHARE_EVERY_MS = 30_000;
/** The last tasks read, kept for a page opened without signal. */
const TASKS_KEY = 'gridmap.worker.tasks';
const DUTY_KEY = 'gridmap.worker.onDuty';
const MOVES = ['accept', 'return', 'request_extension', 'submit_feedback'];

registerServiceWorker();
const user = await openFieldPage('worker');
// Without signal the areas cannot be read (cases then name theirs as #id); the catalogue is kept by the service worker.
const names = await CaseNames.load().catch(() => CaseNames.fromCatalogue());
const say = key => { document.getElementById('status').textContent = key ? t(key) : ''; };

/** The worker's cases, as last read, answered or pushed; kept for a page opened without signal. */
const tasks = new CaseKeeper(() => {
  try { localStorage.setItem(TASKS_KEY, JSON.stringify(tasks.values)); } catch { /* full or private: the next read fills it */ }
  renderTasks();
  // A task in another grid (sent where its own grid had no one on duty) names a place the worker may not look up.
  nameCards(names, tasks.values, renderTasks);
});
let waiting = [];

/** Whether a case is assigned to this worker. */
const isTask = c => user.staffId != null && c.assigneeId === user.staffId;
/** Whether a task is shown (and kept): open, or finished while a move of it still waits in the outbox. */
const isShown = c => !c.finished || waitingMoves(c.id).length > 0;

/**
 * A case as a move answered or the push sent it: kept while it is a task of this worker that is
 * shown (a 退回 hands it back; a closed one leaves, as the tasks read are the open ones).
 */
function answered(c) {
  if (isTask(c) && isShown(c)) tasks.take([c]);
  else tasks.drop(c.id);
}

const outbox = new Outbox({
  onSent: (write, answers) => {
    // A move's last answer is the case after it: the card shows it without waiting for the push.
    if (write.kind === 'move') answered(answers.at(-1));
    if (write.kind === 'duty') showDuty(answers[0].onDuty);
    if (write.kind === 'patrol') patrols.take([answers[0]]);
    if (write.kind === 'visit') visits?.sent(write, answers);
  },
});
/** The visits section (visits.js), once its households are read. */
let visits = null;
showOutbox(document.getElementById('outbox'), outbox, describe, names);
outbox.onChange(writes => { waiting = writes; renderTasks(); });

function describe(write) {
  if (write.kind === 'move') return t('outbox.move', { id: write.caseId, action: t(`case.action.${write.label.action}`) });
  if (write.kind === 'patrol') return t('outbox.patrol', { category: names.category(write.label.category) });
  if (write.kind === 'visit') return t('outbox.visit', { name: write.label.name });
  return t(write.label.onDuty ? 'worker.goOnDuty' : 'worker.goOffDuty');
}

// --- my tasks ---------------------------------------------------------------------------------

async function loadTasks() {
  try {
    // The open ones only: a year of a worker's cases is hundreds, nearly all closed (the city
    // district's busiest worker: 668, 25 of them open), which the phone would fetch and keep to show none.
    await tasks.reload(() => loadOpenCases(names.statuses));
    say(null);
  } catch (error) {
    console.warn('worker: tasks not read; showing the last ones read', error);
    if (tasks.values.length === 0) tasks.take(JSON.parse(localStorage.getItem(TASKS_KEY) ?? '[]'));
  }
  await fieldPageReady();
}

/** The moves of a case still waiting in the outbox, oldest first. */
const waitingMoves = id => waiting.filter(w => w.kind === 'move' && w.caseId === id && !w.failed);

/** Where a case will stand once its waiting moves are through: what the worker may do next. */
function expectedStatus(c) {
  let status = c.status;
  for (const w of waitingMoves(c.id)) status = names.statuses.find(s => s.code === status)?.next?.[w.label.action] ?? status;
  return status;
}

/** Cards drawn, by case id: a card is drawn again only when what it shows changed, so a note being typed survives a reload. */
const cards = new Map();

/** The moves the worker may make on the case now, after those still waiting in the outbox. */
function allowedMoves(c) {
  const status = expectedStatus(c);
  return (names.statuses.find(s => s.code === status)?.allowedActions?.[ROLE] ?? []).filter(a => MOVES.includes(a));
}

/**
 * What the worker has to do next leads: the tasks with a move to make before those waiting on
 * someone else (parked, or with the command centre to check), each the nearest deadline first
 * (the overdue at the top), then the newest.
 */
function byWhatIsNext(a, b) {
  const waits = c => (allowedMoves(c).length === 0 ? 1 : 0);
  const due = c => Date.parse(c.deadline ?? '') || Infinity;
  return waits(a) - waits(b) || due(a) - due(b) || b.id - a.id;
}

function renderTasks() {
  const open = tasks.values.filter(isShown).sort(byWhatIsNext);
  document.getElementById('task-count').textContent = t('case.list.count', { n: open.length });
  const list = document.getElementById('tasks');
  if (open.length === 0) {
    cards.clear();
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: t('worker.noTasks') }));
    return;
  }
  const drawn = new Map();
  replaceCards(list, open.map(c => {
    const moves = waitingMoves(c.id);
    const shows = [c.version, c.status, c.overdue, currentLang(), names.area(c.gridId), names.person(c.assigneeId), ...moves.map(w => w.key)].join('|');
    const held = cards.get(c.id);
    const card = held?.shows === shows ? held.card : caseCard(c, names, mapLink(c), ...moves.map(w =>
      Object.assign(document.createElement('p'), { className: 'waiting', textContent: t('worker.waiting', { action: t(`case.action.${w.label.action}`) }) })),
    movesForm(c));
    drawn.set(c.id, { shows, card });
    return card;
  }));
  cards.clear();
  for (const [id, entry] of drawn) cards.set(id, entry);
}

/** The moves the worker may make on the case now (after those still waiting), with what they need. */
function movesForm(c) {
  const allowed = allowedMoves(c);
  const form = document.createElement('form');
  form.className = 'case-actions';
  form.noValidate = true;
  form.addEventListener('submit', event => event.preventDefault());
  if (allowed.length === 0) return form;
  const id = `case-${c.id}`;
  const note = labelled(t('worker.note'), Object.assign(document.createElement('textarea'), { name: 'note', rows: 2, maxLength: 2000, id: `${id}-note` }));
  form.append(note);
  if (allowed.includes('request_extension')) {
    form.append(labelled(t('worker.hours'), Object.assign(document.createElement('input'), {
      name: 'hours', type: 'number', min: 1, max: 240, inputMode: 'numeric', id: `${id}-hours` })));
  }
  let photos = null;
  if (allowed.includes('submit_feedback')) {
    photos = new PhotoPicker();
    form.append(photos.fieldset);
  }
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  message.setAttribute('role', 'alert');
  const buttons = document.createElement('div');
  buttons.className = 'case-buttons';
  for (const action of allowed) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: t(`case.action.${action}`) });
    button.dataset.action = action;
    button.addEventListener('click', () => queueMove(c, action, form, photos, message));
    buttons.append(button);
  }
  form.append(message, buttons);
  return form;
}

function labelled(text, control) {
  const label = document.createElement('label');
  label.append(Object.assign(document.createElement('span'), { textContent: text }), control);
  return label;
}

/** Checks what the move needs, then queues it: photos first (the handler adds them while the case is theirs), then the move. */
async function queueMove(c, action, form, photos, message) {
  const note = form.elements.note.value.trim();
  const body = { action, version: c.version + waitingMoves(c.id).length, actorRole: ROLE };
  if (note) body.note = note;
  const need = key => { message.textContent = t(key); };
  if (action === 'return' && !note) return need('worker.needReason');
  if (action === 'submit_feedback' && !note) return need('worker.needFeedback');
  if (action === 'request_extension') {
    const hours = Number(form.elements.hours.value);
    if (!note) return need('worker.needReason');
    if (!Number.isInteger(hours) || hours < 1 || hours > 240) return need('worker.needHours');
    body.extensionHours = hours;
  }
  const files = action === 'submit_feedback' && photos ? await photos.files() : [];
  await outbox.add({
    kind: 'move',
    caseId: c.id,
    label: { action },
    steps: [
      ...files.map(file => ({ path: `/api/cases/${c.id}/media`, file })),
      { method: 'POST', path: `/api/cases/${c.id}/transitions`, body },
    ],
  });
}

// --- patrol reports (巡查上报) -----------------------------------------------------------------

const patrol = document.getElementById('patrol-form');
const patrolPhotos = new CaseFields(patrol, names).photos;

patrol.addEventListener('submit', async event => {
  event.preventDefault();
  const message = patrol.querySelector('.form-message');
  const category = patrol.elements.category.value;
  const description = patrol.elements.description.value.trim();
  if (!category) return void (message.textContent = t('report.needCategory'));
  if (!description) return void (message.textContent = t('report.needDescription'));
  let where;
  try {
    where = await currentPosition();
  } catch (error) {
    console.warn('worker: no position for the patrol report', error);
    return void (message.textContent = t('worker.positionFailed'));
  }
  const files = await patrolPhotos.files();
  await outbox.add(caseReport('patrol', { ...where, categoryCode: category, description, source: 'patrol' }, files));
  patrol.reset();
  patrolPhotos.clear();
  message.textContent = t('worker.queued');
});

/**
 * The worker's own reports (GET /api/cases/mine: what it reported, and the originals those were
 * merged into), newest first; the last ones read are kept for a page opened without signal.
 */
const PATROLS_KEY = 'gridmap.worker.patrols';
const PATROLS_SHOWN = 20;
const patrols = new CaseKeeper(() => {
  try { localStorage.setItem(PATROLS_KEY, JSON.stringify(newestPatrols())); } catch { /* full: shown until reload */ }
  renderPatrols();
});
const newestPatrols = () => patrols.values.sort((a, b) => b.id - a.id).slice(0, PATROLS_SHOWN);

async function loadPatrols() {
  try {
    // The newest page only (the list is newest first): a worker files reports on every patrol, hundreds a year.
    await patrols.reload(async () => (await getJson('/api/cases/mine', { limit: PATROLS_SHOWN })).features.map(f => f.properties));
  } catch (error) {
    console.warn('worker: patrol reports not read; showing the last ones read', error);
    if (patrols.values.length === 0) patrols.take(JSON.parse(localStorage.getItem(PATROLS_KEY) ?? '[]'));
  }
}

function renderPatrols() {
  document.getElementById('patrols').replaceChildren(...newestPatrols().map(c => caseCard(c, names)));
}

// --- duty and position -------------------------------------------------------------------------

const dutySwitch = document.getElementById('duty-switch');
let onDuty = false;
let lastFix = null;
let watch = null;
let shareTimer = null;
let sharedAt = null;

function showDuty(state) {
  onDuty = state;
  localStorage.setItem(DUTY_KEY, String(onDuty));
  dutySwitch.setAttribute('aria-pressed', String(onDuty));
  dutySwitch.dataset.i18n = onDuty ? 'worker.goOffDuty' : 'worker.goOnDuty';
  dutySwitch.textContent = t(dutySwitch.dataset.i18n);
  renderDutyState();
  if (onDuty) startSharing();
  else stopSharing();
}

function renderDutyState() {
  const state = document.getElementById('duty-state');
  state.dataset.onDuty = String(onDuty);
  state.textContent = [t(onDuty ? 'worker.onDuty' : 'worker.offDuty'),
    onDuty && sharedAt ? t('worker.sharedAt', { time: formatTime(sharedAt) }) : null].filter(Boolean).join(' · ');
}

dutySwitch.addEventListener('click', async () => {
  const next = !onDuty;
  showDuty(next);
  await outbox.add({ kind: 'duty', label: { onDuty: next }, steps: [{ method: 'PUT', path: `/api/staff/${user.staffId}/duty`, body: { onDuty: next } }] });
});

function startSharing() {
  if (watch !== null) return;
  watch = navigator.geolocation.watchPosition(
    p => {
      const first = lastFix === null;
      lastFix = { lon: p.coords.longitude, lat: p.coords.latitude };
      if (first) share();
    },
    error => console.warn('worker: no position', error),
    { enableHighAccuracy: true, maximumAge: SHARE_EVERY_MS });
  shareTimer = setInterval(share, SHARE_EVERY_MS);
}

function stopSharing() {
  if (watch !== null) navigator.geolocation.clearWatch(watch);
  clearInterval(shareTimer);
  watch = null;
  lastFix = null;
}

/**
 * Sends the last fix. Not queued: a position is worth sending only now, and the next one follows
 * in 30 s.
 */
async function share() {
  if (!onDuty || !lastFix || !navigator.onLine) return;
  try {
    await sendJson('PUT', `/api/staff/${user.staffId}/location`, lastFix);
    sharedAt = new Date().toISOString();
    renderDutyState();
  } catch (error) {
    console.warn('worker: position not shared', error);
  }
}

async function loadDuty() {
  try {
    const staff = await getJson('/api/staff');
    const me = staff.features.find(f => (f.properties.id ?? f.id) === user.staffId);
    showDuty(me?.properties.onDuty ?? false);
  } catch (error) {
    console.warn('worker: duty not read; showing it as last known', error);
    showDuty(localStorage.getItem(DUTY_KEY) === 'true');
  }
}

// --- live: tasks and own reports pushed ------------------------------------------------------------

/**
 * The hub sends a change of a case that is this worker's task or one of its own reports, and
 * caseLeft when a task is taken back or given to another: a change of a case not assigned to the
 * worker is of its own report.
 */
function heard(c) {
  answered(c);
  if (!isTask(c) || patrols.has(c.id)) patrols.take([c]);
}

const reload = () => Promise.all([loadTasks(), loadPatrols()]);
const feed = new LiveFeed({
  onChange: change => heard(change.case),
  onLeft: left => tasks.drop(left.id),
  onResync: reload,
  onState: liveIndicator(document.getElementById('live-state')),
});

// --- start -------------------------------------------------------------------------------------

onLangChange(() => {
  renderPatrols();
  showDuty(onDuty);
  renderTasks();
});
patrols.take(JSON.parse(localStorage.getItem(PATROLS_KEY) ?? '[]'));
if (user.staffId == null) {
  dutySwitch.disabled = true;
  say('worker.noStaff');
} else {
  await loadDuty();
}
await feed.watch(MINE);
visitSection(document.getElementById('field'), { outbox, user })
  .then(section => { visits = section; })
  .catch(error => console.warn('worker: households not read; no visits recorded', error));
// The fallback while the push is down (it reconnects by itself, then replays what was missed).
addEventListener('online', () => { if (feed.state !== 'live') reload(); });
setInterval(() => { if (navigator.onLine && feed.state !== 'live') reload(); }, SHARE_EVERY_MS);
// For tests and the curious.
window.gridmap = Object.freeze({ outbox, tasks, patrols, feed });
