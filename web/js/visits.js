// 走访 and 双报到 on the pages: the share of each grid's households visited (a column of the
// planner's table, a layer of the map), recording a visit on the worker's phone (through the
// outbox, so also without signal) and correcting or deleting it, and a Party-member household's
// badge (亮身份) with its members' service record in the household popup.
import { getAllFeatures, getJson, HttpError, sendJson } from './api.js';
import { MADE_ID } from './outbox.js';
import { currentLang, onLangChange, t } from './i18n.js';
import { loadAreas } from './territory.js';
import { textElement } from './map.js';

export const SHARE_DAYS = [30, 90];

// Grids coloured by the share of their households visited (ColorBrewer Blues, 5 classes): not
// the planner's red–green of coverage, so the two cannot be read for each other.
export const VISIT_CLASSES = [
  { from: 0.8, color: '#08519c' },
  { from: 0.6, color: '#3182bd' },
  { from: 0.4, color: '#6baed6' },
  { from: 0.2, color: '#bdd7e7' },
  { from: 0, color: '#eff3ff' },
];
const NO_HOUSEHOLDS = '#bdbdbd';

export const visitColor = share => (share === null ? NO_HOUSEHOLDS : VISIT_CLASSES.find(c => share >= c.from).color);
const percent = share => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);

/** The share per grid of an area (null: the user's own) over the last `days` days. */
export const loadVisitShares = (areaId = null, days = SHARE_DAYS[0]) => getJson('/api/visits/shares', { areaId, days });

/** A community's share: its grids' visited households over their households. */
function shareOf(rowId, byGrid) {
  const own = byGrid.get(rowId);
  if (own) return own.share;
  const grids = [...byGrid.values()].filter(g => g.communityId === rowId);
  const households = grids.reduce((n, g) => n + g.households, 0);
  return households === 0 ? null : grids.reduce((n, g) => n + g.visited, 0) / households;
}

const planner = { days: SHARE_DAYS[0], areaId: null, key: null, shares: Promise.resolve(new Map()) };

/**
 * The planner's table: a column with the share visited of each grid and community row (rows
 * carry data-area-id), over 30 or 90 days as its header's picker says. Called whenever the table
 * is drawn again; the shares are asked for again when the area or the period changes.
 */
export async function showVisitShares(table, areaId = null) {
  let header = table.tHead.querySelector('th.visit-share');
  if (!header) {
    header = document.createElement('th');
    header.className = 'visit-share';
    const label = document.createElement('label');
    const text = textElement(t('visits.share'));
    const picker = document.createElement('select');
    picker.id = 'visit-days';
    picker.replaceChildren(...SHARE_DAYS.map(d => new Option(t('visits.days', { n: d }), d)));
    picker.addEventListener('change', () => {
      planner.days = Number(picker.value);
      showVisitShares(table, planner.areaId);
    });
    label.append(text, picker);
    header.append(label);
    table.tHead.rows[0].append(header);
    onLangChange(() => {
      text.textContent = t('visits.share');
      for (const option of picker.options) option.textContent = t('visits.days', { n: option.value });
    });
  }
  planner.areaId = areaId;
  const key = `${areaId}/${planner.days}`;
  if (planner.key !== key) {
    planner.key = key;
    delete table.dataset.visitsReady;
    planner.shares = loadVisitShares(areaId, planner.days)
      .then(shares => new Map(shares.grids.map(g => [g.id, g])))
      .catch(error => { console.error(error); return new Map(); });
  }
  const shares = await planner.shares;
  if (planner.key !== key) return;
  for (const row of table.tBodies[0].rows) {
    let cell = row.querySelector('td.visit-share');
    if (!cell) cell = row.insertCell();
    cell.className = 'visit-share';
    cell.textContent = percent(shareOf(Number(row.dataset.areaId), shares));
  }
  table.dataset.visitsReady = String(planner.days);
}

/**
 * The map's toggle: the grids coloured by the share of their households visited in the last 30
 * days, read when the layer is first switched on (a layer of the layer control, off at first).
 */
export function visitShareLayer(bbox = null) {
  const layer = L.geoJSON(null, {
    style: f => ({ color: '#424242', weight: 0.6, fillColor: visitColor(f.properties.visitShare ?? null), fillOpacity: 0.6 }),
    onEachFeature: (f, l) => l.bindTooltip(() => textElement(t('visits.tooltip', {
      name: f.properties.name, share: percent(f.properties.visitShare ?? null), days: SHARE_DAYS[0],
    })), { sticky: true }),
  });
  let loaded = false;
  layer.on('add', async () => {
    if (loaded) return;
    loaded = true;
    const [grids, shares] = await Promise.all([loadAreas('grid', bbox), loadVisitShares()]);
    const byGrid = new Map(shares.grids.map(g => [g.id, g.share]));
    for (const f of grids.features) f.properties.visitShare = byGrid.get(f.properties.id) ?? null;
    layer.addData(grids);
  });
  return layer;
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10); // China Standard Time

/** The households of the worker's grid as last read, for a page opened without signal. */
const HOUSEHOLDS_KEY = 'gridmap.worker.households';

async function gridHouseholds() {
  try {
    const households = (await getAllFeatures('/api/households')).features.map(f => f.properties)
      .map(({ id, name, kind }) => ({ id, name, kind }));
    try { localStorage.setItem(HOUSEHOLDS_KEY, JSON.stringify(households)); } catch { /* full: read again next time */ }
    return households;
  } catch (error) {
    const kept = JSON.parse(localStorage.getItem(HOUSEHOLDS_KEY) ?? 'null');
    if (!kept) throw error;
    console.warn('visits: households not read; the last ones read', error);
    return kept;
  }
}

const reasonOf = error => (error instanceof HttpError ? Object.values(error.problem?.errors ?? {}).flat()[0] ?? error.message : error.message);

/** A label around a control, its text from the i18n key. */
function labelled(key, control) {
  const label = document.createElement('label');
  const text = document.createElement('span');
  text.dataset.key = key;
  label.append(text, control);
  return label;
}

/**
 * The worker's phone: a form to record a visit (走访) to a household of its grid, with the day
 * (today by default), a note and optionally a photo, and below it the household's visits. A visit
 * goes through the outbox (outbox.js): without signal it waits, shown as waiting, and goes out
 * with its photo when the signal returns; the key it carries (clientKey) keeps it one visit
 * however often it is sent. A visit the user recorded (or any, for the roles that edit households)
 * can be corrected or, after a confirmation, deleted from the list: online only, with the version
 * read, so that a change made meanwhile by someone else is not overwritten. Appended to `container`;
 * returns { sent(write, answers) } for the outbox's onSent.
 */
export async function visitSection(container, { outbox, user }) {
  const section = document.createElement('section');
  section.className = 'visits';
  section.setAttribute('aria-labelledby', 'visits-title');
  const title = Object.assign(document.createElement('h2'), { id: 'visits-title' });
  const form = Object.assign(document.createElement('form'), { id: 'visit-form', className: 'field-form', noValidate: true });
  const household = Object.assign(document.createElement('select'), { name: 'household', required: true });
  const day = Object.assign(document.createElement('input'), { type: 'date', name: 'visitedOn', required: true, value: today(), max: today() });
  const note = Object.assign(document.createElement('textarea'), { name: 'note', rows: 3, maxLength: 500, required: true });
  const photo = Object.assign(document.createElement('input'), { type: 'file', name: 'photo', accept: 'image/jpeg,image/png,image/webp' });
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  message.setAttribute('role', 'status');
  const submit = Object.assign(document.createElement('button'), { type: 'submit', className: 'primary' });
  form.append(labelled('visits.household', household), labelled('visits.day', day), labelled('visits.note', note),
    labelled('visits.photo', photo), message, submit);
  const listTitle = Object.assign(document.createElement('h3'), { id: 'visit-list-title' });
  const listNote = Object.assign(document.createElement('p'), { className: 'note' });
  listNote.setAttribute('role', 'status');
  const list = Object.assign(document.createElement('ol'), { id: 'visit-list', className: 'case-cards visit-list' });
  list.setAttribute('aria-labelledby', 'visit-list-title');
  section.append(title, form, listTitle, listNote, list);
  container.append(section);

  let households = [];
  let visits = [];
  let read = true;
  let queued = [];
  let editing = null;
  const nameOf = id => households.find(h => h.id === id)?.name ?? `#${id}`;
  const mayChange = v => v.recordedBy === user.username || user.may.includes('households.edit');

  const render = () => {
    title.textContent = t('visits.title');
    submit.textContent = t('visits.record');
    listTitle.textContent = t('visits.list');
    for (const span of section.querySelectorAll('span[data-key]')) span.textContent = t(span.dataset.key);
    for (const option of household.options) {
      const h = households.find(x => String(x.id) === option.value);
      if (h) option.textContent = `${h.name}（${t(`kind.${h.kind}`)}）`;
    }
    renderList();
  };

  function renderList() {
    const chosen = Number(household.value);
    const waiting = queued.filter(w => w.label.household === chosen).map(waitingItem);
    const items = visits.map(v => (editing === v.id ? editItem(v) : visitItem(v)));
    if (waiting.length + items.length === 0) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: t(read ? 'visits.none' : 'visits.notRead') }));
    } else {
      list.replaceChildren(...waiting, ...items);
    }
    if (!read && items.length === 0 && waiting.length > 0) listNote.textContent = t('visits.notRead');
  }

  function waitingItem(write) {
    const item = Object.assign(document.createElement('li'), { className: 'case-card is-queued' });
    item.dataset.key = write.key;
    item.append(Object.assign(document.createElement('h4'), { textContent: write.label.visitedOn }),
      Object.assign(document.createElement('p'), { className: 'waiting', textContent: t('visits.waiting') }),
      Object.assign(document.createElement('p'), { textContent: write.label.note }));
    return item;
  }

  function visitItem(v) {
    const item = Object.assign(document.createElement('li'), { className: 'case-card' });
    item.dataset.visitId = v.id;
    item.append(Object.assign(document.createElement('h4'), { textContent: t('visits.item', { day: v.visitedOn, visitor: v.visitor.name }) }));
    if (v.note != null) item.append(Object.assign(document.createElement('p'), { textContent: v.note }));
    if (mayChange(v)) {
      const buttons = Object.assign(document.createElement('div'), { className: 'case-buttons' });
      const edit = Object.assign(document.createElement('button'), { type: 'button', textContent: t('visits.edit') });
      edit.addEventListener('click', () => { editing = v.id; renderList(); list.querySelector('textarea')?.focus(); });
      const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: t('visits.delete') });
      remove.addEventListener('click', () => deleteVisit(v));
      for (const button of [edit, remove]) button.setAttribute('aria-label', `${button.textContent} ${v.visitedOn}`);
      buttons.append(edit, remove);
      item.append(buttons);
    }
    return item;
  }

  function editItem(v) {
    const item = Object.assign(document.createElement('li'), { className: 'case-card is-editing' });
    item.dataset.visitId = v.id;
    const edit = Object.assign(document.createElement('form'), { className: 'field-form visit-edit', noValidate: true });
    const editDay = Object.assign(document.createElement('input'), { type: 'date', name: 'visitedOn', required: true, value: v.visitedOn, max: today() });
    const editNote = Object.assign(document.createElement('textarea'), { name: 'note', rows: 3, maxLength: 500, required: true, value: v.note ?? '' });
    const problem = Object.assign(document.createElement('p'), { className: 'form-message' });
    problem.setAttribute('role', 'alert');
    const save = Object.assign(document.createElement('button'), { type: 'submit', className: 'primary', textContent: t('visits.save') });
    const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: t('visits.cancel') });
    cancel.addEventListener('click', () => { editing = null; renderList(); });
    const buttons = Object.assign(document.createElement('div'), { className: 'case-buttons' });
    buttons.append(save, cancel);
    edit.append(labelled('visits.day', editDay), labelled('visits.note', editNote), problem, buttons);
    for (const span of edit.querySelectorAll('span[data-key]')) span.textContent = t(span.dataset.key);
    edit.addEventListener('submit', async event => {
      event.preventDefault();
      if (!editNote.value.trim()) return void (problem.textContent = t('visits.needNote'));
      if (!navigator.onLine) return void (problem.textContent = t('visits.needOnline'));
      save.disabled = true;
      try {
        const saved = await sendJson('PUT', `/api/visits/${v.id}`, { visitedOn: editDay.value, note: editNote.value, version: v.version });
        editing = null;
        await loadVisits();
        say(t('visits.saved', { day: saved.visitedOn }));
      } catch (error) {
        console.warn('visits: correction refused', error);
        save.disabled = false;
        if (await refusedAsChanged(error)) return;
        problem.textContent = t('visits.failed', { reason: reasonOf(error) });
      }
    });
    item.append(edit);
    return item;
  }

  /** A 409 (someone changed it) or 404 (someone deleted it): the list is read again and the user told. */
  async function refusedAsChanged(error) {
    if (!(error instanceof HttpError) || (error.status !== 409 && error.status !== 404)) return false;
    editing = null;
    await loadVisits();
    say(t(error.status === 409 ? 'visits.stale' : 'visits.gone'));
    return true;
  }

  async function deleteVisit(v) {
    if (!navigator.onLine) return say(t('visits.needOnline'));
    if (!confirm(t('visits.confirmDelete', { day: v.visitedOn }))) return;
    try {
      await sendJson('DELETE', `/api/visits/${v.id}?version=${v.version}`);
      await loadVisits();
      say(t('visits.deleted'));
    } catch (error) {
      console.warn('visits: delete refused', error);
      if (!await refusedAsChanged(error)) say(t('visits.failed', { reason: reasonOf(error) }));
    }
  }

  const say = text => { listNote.textContent = text; };

  /** The chosen household's visits as the server has them (the list says so when it cannot be read). */
  async function loadVisits() {
    const chosen = household.value;
    if (!chosen) return;
    try {
      const answer = await getJson(`/api/households/${chosen}/visits`);
      if (household.value !== chosen) return;
      [visits, read] = [answer, true];
    } catch (error) {
      console.warn('visits: not read', error);
      [visits, read] = [[], false];
    }
    renderList();
    list.dataset.household = chosen;
  }

  render();
  onLangChange(render);
  households = await gridHouseholds();
  household.replaceChildren(...households.map(h => new Option(`${h.name}（${t(`kind.${h.kind}`)}）`, h.id)));
  household.addEventListener('change', () => { editing = null; say(''); loadVisits(); });
  outbox.onChange(writes => {
    queued = writes.filter(w => w.kind === 'visit' && !w.failed);
    renderList();
  });

  form.addEventListener('submit', async event => {
    event.preventDefault();
    message.textContent = '';
    if (!note.value.trim()) {
      message.textContent = t('visits.needNote');
      note.focus();
      return;
    }
    const key = crypto.randomUUID();
    const id = Number(household.value);
    const file = photo.files[0];
    await outbox.add({
      key,
      kind: 'visit',
      label: { household: id, name: nameOf(id), visitedOn: day.value, note: note.value.trim() },
      madeIdFrom: 0,
      steps: [
        { method: 'POST', path: `/api/households/${id}/visits`, body: { visitedOn: day.value, note: note.value, clientKey: key } },
        ...(file ? [{ path: `/api/visits/${MADE_ID}/photo`, file }] : []),
      ],
    });
    message.textContent = t('visits.queued');
    note.value = '';
    photo.value = '';
  });
  await loadVisits();
  section.dataset.ready = 'true';
  return {
    /** A visit went out (with its photo): the form says so and the list shows it as the server has it. */
    sent(write, answers) {
      message.textContent = t('visits.recorded', { day: answers[0].visitedOn });
      form.dataset.recorded = String(answers[0].id);
      if (String(write.label.household) === household.value) loadVisits();
    },
  };
}

let user = null;
const signedIn = () => (user ??= getJson('/api/auth/me'));

/**
 * The household popup's badge (亮身份: a demonstration, leading … household shows its kind) and,
 * for roles that see personal data, the service record of the members registered from it. To the
 * community's staff (volunteers.manage) each member offers 更正 (name, phone, work unit) and 退出登记
 * (retire, after a confirmation), on the version read: a change made meanwhile is refused, said
 * and shown as it now is.
 */
export function addServiceRecord(box, household) {
  if (household.kind && household.kind !== 'member') {
    const badge = textElement(t('visits.badge', { kind: t(`kind.${household.kind}`) }), `badge badge-${household.kind}`);
    box.querySelector('h3')?.after(badge);
  }
  if (household.id == null) return;
  signedIn().then(async me => {
    if (!me.may.includes('households.service-record')) return;
    const manages = me.may.includes('volunteers.manage');
    const list = document.createElement('ul');
    list.className = 'service-record';
    // A click on a control that its own handler replaces is no longer inside the popup when Leaflet
    // looks: the map would take it for a click on the map and open another popup in this one's place.
    list.addEventListener('click', event => event.stopPropagation());
    const said = Object.assign(document.createElement('p'), { className: 'member-note' });
    said.setAttribute('role', 'status');
    const received = textElement('', 'visits-received');
    const number = n => Number(n).toLocaleString(currentLang());
    let editing = null;
    let members = [];

    const show = () => list.replaceChildren(...members.map(m => (editing === m.id ? memberForm(m) : memberItem(m))));
    const load = async () => {
      const record = await getJson(`/api/households/${household.id}/service-record`);
      members = record.members;
      received.textContent = t('visits.received', { n: number(record.visitsReceived.last90Days) });
      show();
    };
    const refused = async error => {
      console.warn('visits: member change refused', error);
      editing = null;
      if (error instanceof HttpError && (error.status === 409 || error.status === 404)) {
        await load();
        said.textContent = t(error.status === 409 ? 'members.stale' : 'members.gone');
      } else {
        said.textContent = t('members.failed', { reason: reasonOf(error) });
      }
    };

    function memberItem(m) {
      const item = document.createElement('li');
      item.dataset.volunteerId = m.id;
      item.append(Object.assign(document.createElement('span'), {
        textContent: t('visits.member', { name: m.name, visits: number(m.visitsMade), hours: number(m.hoursServed) }),
      }));
      if (!manages) return item;
      const edit = Object.assign(document.createElement('button'), { type: 'button', className: 'member-edit', textContent: t('members.edit') });
      edit.addEventListener('click', () => { editing = m.id; said.textContent = ''; show(); list.querySelector('input')?.focus(); });
      const retire = Object.assign(document.createElement('button'), { type: 'button', className: 'member-retire', textContent: t('members.retire') });
      retire.addEventListener('click', async () => {
        if (!confirm(t('members.confirmRetire', { name: m.name }))) return;
        try {
          await sendJson('DELETE', `/api/volunteers/${m.id}?version=${m.version}`);
          await load();
          said.textContent = t('members.retired', { name: m.name });
        } catch (error) {
          await refused(error);
        }
      });
      for (const button of [edit, retire]) button.setAttribute('aria-label', `${button.textContent} ${m.name}`);
      item.append(' ', edit, ' ', retire);
      return item;
    }

    function memberForm(m) {
      const item = document.createElement('li');
      item.dataset.volunteerId = m.id;
      const form = Object.assign(document.createElement('form'), { className: 'member-form', noValidate: true });
      const input = (key, name, value, type = 'text') => {
        const control = Object.assign(document.createElement('input'), { type, name, value: value ?? '', required: true });
        const label = document.createElement('label');
        label.append(Object.assign(document.createElement('span'), { textContent: t(key) }), control);
        return label;
      };
      const problem = Object.assign(document.createElement('p'), { className: 'form-message' });
      problem.setAttribute('role', 'alert');
      const save = Object.assign(document.createElement('button'), { type: 'submit', textContent: t('members.save') });
      const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: t('members.cancel') });
      cancel.addEventListener('click', () => { editing = null; show(); });
      form.append(input('members.name', 'name', m.name), input('members.phone', 'phone', m.phone, 'tel'),
        input('members.workUnit', 'workUnit', m.workUnit), problem, save, cancel);
      form.addEventListener('submit', async event => {
        event.preventDefault();
        const value = name => form.elements[name].value;
        try {
          await sendJson('PUT', `/api/volunteers/${m.id}`, {
            name: value('name'), phone: value('phone'), workUnit: value('workUnit'),
            communityId: m.communityId, householdId: m.householdId, version: m.version,
          });
          editing = null;
          await load();
          said.textContent = t('members.saved', { name: value('name') });
        } catch (error) {
          if (error instanceof HttpError && error.status === 400) problem.textContent = t('members.failed', { reason: reasonOf(error) });
          else await refused(error);
        }
      });
      item.append(form);
      return item;
    }

    await load();
    box.append(Object.assign(document.createElement('h4'), { textContent: t('visits.serviceRecord') }), list, ...(manages ? [said] : []), received);
  }).catch(error => console.error(error));
}
