// 走访 and 双报到 on the pages: the share of each grid's households visited (a column of the
// planner's table, a layer of the map), recording a visit on the worker's phone, and a Party-member
// household's badge (亮身份) with its members' service record in the household popup.
import { getAllFeatures, getJson, HttpError, postFile, postJson } from './api.js';
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

/**
 * The worker's phone: a form to record a visit (走访) to a household of its grid, with the day
 * (today by default), a note and optionally a photo. Appended to `container`.
 */
export async function visitSection(container) {
  const section = document.createElement('section');
  section.className = 'visits';
  section.setAttribute('aria-labelledby', 'visits-title');
  const title = Object.assign(document.createElement('h2'), { id: 'visits-title' });
  const form = Object.assign(document.createElement('form'), { id: 'visit-form', className: 'field-form', noValidate: true });
  const field = (labelKey, control) => {
    const label = document.createElement('label');
    const text = document.createElement('span');
    text.dataset.key = labelKey;
    label.append(text, control);
    return label;
  };
  const household = Object.assign(document.createElement('select'), { name: 'household', required: true });
  const day = Object.assign(document.createElement('input'), { type: 'date', name: 'visitedOn', required: true, value: today(), max: today() });
  const note = Object.assign(document.createElement('textarea'), { name: 'note', rows: 3, maxLength: 500, required: true });
  const photo = Object.assign(document.createElement('input'), { type: 'file', name: 'photo', accept: 'image/jpeg,image/png,image/webp' });
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  message.setAttribute('role', 'status');
  const submit = Object.assign(document.createElement('button'), { type: 'submit', className: 'primary' });
  form.append(field('visits.household', household), field('visits.day', day), field('visits.note', note), field('visits.photo', photo), message, submit);
  section.append(title, form);
  container.append(section);

  const render = () => {
    title.textContent = t('visits.title');
    submit.textContent = t('visits.record');
    for (const span of form.querySelectorAll('span[data-key]')) span.textContent = t(span.dataset.key);
  };
  render();
  onLangChange(render);

  const households = (await getAllFeatures('/api/households')).features.map(f => f.properties);
  household.replaceChildren(...households.map(h => new Option(`${h.name}（${t(`kind.${h.kind}`)}）`, h.id)));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    message.textContent = '';
    if (!note.value.trim()) {
      message.textContent = t('visits.needNote');
      note.focus();
      return;
    }
    submit.disabled = true;
    try {
      const visit = await postJson(`/api/households/${household.value}/visits`, { visitedOn: day.value, note: note.value });
      if (photo.files[0]) await postFile(`/api/visits/${visit.id}/photo`, photo.files[0]);
      message.textContent = t('visits.recorded', { day: visit.visitedOn });
      form.dataset.recorded = String(visit.id);
      note.value = '';
      photo.value = '';
    } catch (error) {
      console.error(error);
      const reason = error instanceof HttpError ? Object.values(error.problem?.errors ?? {}).flat()[0] ?? error.message : error.message;
      message.textContent = t('visits.failed', { reason });
    } finally {
      submit.disabled = false;
    }
  });
  section.dataset.ready = 'true';
  return section;
}

let user = null;
const signedIn = () => (user ??= getJson('/api/auth/me'));

/**
 * The household popup's badge (亮身份: a demonstration, leading … household shows its kind) and,
 * for roles that see personal data, the service record of the members registered from it.
 */
export function addServiceRecord(box, household) {
  if (household.kind && household.kind !== 'member') {
    const badge = textElement(t('visits.badge', { kind: t(`kind.${household.kind}`) }), `badge badge-${household.kind}`);
    box.querySelector('h3')?.after(badge);
  }
  if (household.id == null) return;
  signedIn().then(async me => {
    if (!me.may.includes('households.service-record')) return;
    const record = await getJson(`/api/households/${household.id}/service-record`);
    const list = document.createElement('ul');
    list.className = 'service-record';
    const number = n => Number(n).toLocaleString(currentLang());
    for (const m of record.members) {
      list.append(Object.assign(document.createElement('li'), {
        textContent: t('visits.member', { name: m.name, visits: number(m.visitsMade), hours: number(m.hoursServed) }),
      }));
    }
    const received = textElement(t('visits.received', { n: number(record.visitsReceived.last90Days) }), 'visits-received');
    box.append(Object.assign(document.createElement('h4'), { textContent: t('visits.serviceRecord') }), list, received);
  }).catch(error => console.error(error));
}
