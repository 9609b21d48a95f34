// 我要上报: a resident reports a problem from a phone. The place from GPS or a tap on the map (the
// grid named as it is picked), a category, what is wrong and up to three photos; the receipt
// gives the tracking code. "My reports" follow the cases live. Without signal the report waits
// in the outbox and goes out, once, when the connection returns.
import { getAllFeatures } from './api.js';
import { CaseNames } from './cases.js';
import { caseCard, CaseFields, caseReport, currentPosition, openFieldPage, showOutbox, trackingCode } from './field.js';
import { onLangChange, t } from './i18n.js';
import { CaseKeeper, LiveFeed, liveIndicator, MINE } from './live.js';
import { createMap } from './map.js';
import { Outbox } from './outbox.js';
import { registerServiceWorker } from './pwa.js';
import { locateContent } from './territory.js';

/** Zoom a place is shown at once picked: its street and neighbours readable. */
const PLACE_ZOOM = 17;

registerServiceWorker();
await openFieldPage('report');
const names = await CaseNames.fromCatalogue();
const form = document.getElementById('report-form');
const message = form.querySelector('.form-message');
const { photos } = new CaseFields(form, names);

// --- the place -------------------------------------------------------------------------------

const map = await createMap(document.getElementById('map'));
let place = null;
let marker = null;
let latestPick = 0;

/** Puts the report at latlng and names the grid there (GET /api/locate). */
async function pick(latlng) {
  const pickNo = ++latestPick;
  place = { lon: Number(latlng.lng.toFixed(7)), lat: Number(latlng.lat.toFixed(7)) };
  marker ??= L.circleMarker(latlng, { radius: 9, color: '#b71c1c', weight: 3, fillColor: '#fff', fillOpacity: 1 }).addTo(map);
  marker.setLatLng(latlng);
  const where = document.getElementById('where');
  delete where.dataset.i18n;
  where.textContent = t('locate.loading');
  const chain = await locateContent(latlng);
  if (pickNo !== latestPick) return;
  where.replaceChildren(chain);
  where.dataset.located = String(!chain.classList.contains('chain-outside') && !chain.classList.contains('chain-error'));
}

map.on('click', event => pick(event.latlng));
// From the keyboard: pan with the arrow keys, then Enter puts the report at the map's centre.
map.getContainer().addEventListener('keydown', event => {
  if (event.key === 'Enter' && event.target === map.getContainer()) pick(map.getCenter());
});

document.getElementById('use-gps').addEventListener('click', async () => {
  const where = document.getElementById('where');
  where.textContent = t('where.locating');
  try {
    const { lon, lat } = await currentPosition();
    map.setView([lat, lon], PLACE_ZOOM);
    await pick(L.latLng(lat, lon));
  } catch (error) {
    console.warn('report: no GPS position', error);
    where.textContent = t('where.gpsFailed');
  }
});

// --- the report --------------------------------------------------------------------------------

const outbox = new Outbox({ onSent: (write, answers) => showReceipt(answers[0], write.steps.length - 1) });
showOutbox(document.getElementById('outbox'), outbox,
  write => t('outbox.report', { category: names.category(write.label.category) }), names);

form.addEventListener('submit', async event => {
  event.preventDefault();
  message.classList.remove('is-done');
  const category = form.elements.category.value;
  const description = form.elements.description.value.trim();
  const missing = !place ? 'report.needWhere' : !category ? 'report.needCategory' : !description ? 'report.needDescription' : null;
  if (missing) {
    message.textContent = t(missing);
    return;
  }
  const submit = form.querySelector('button[type=submit]');
  submit.disabled = true;
  try {
    const files = await photos.files();
    await outbox.add(caseReport('report', { ...place, categoryCode: category, description }, files));
    form.reset();
    photos.clear();
    if (!navigator.onLine) {
      message.classList.add('is-done');
      message.textContent = t('report.queued');
    }
  } finally {
    submit.disabled = false;
  }
});

function showReceipt(c, photoCount) {
  const receipt = document.getElementById('receipt');
  receipt.hidden = false;
  receipt.dataset.caseId = c.id;
  document.getElementById('receipt-code').textContent = trackingCode(c);
  document.getElementById('receipt-status').textContent =
    [names.status(c.status), photoCount > 0 ? t('report.photosSent', { n: photoCount }) : null].filter(Boolean).join(' · ');
  message.textContent = '';
  receipt.focus();
  mine.take([c]);
}

document.getElementById('report-again').addEventListener('click', () => {
  document.getElementById('receipt').hidden = true;
  form.elements.category.focus();
});

// --- my reports --------------------------------------------------------------------------------

const mine = new CaseKeeper(renderMine);

function renderMine() {
  const cases = mine.values.sort((a, b) => b.id - a.id);
  document.getElementById('mine-count').textContent = t('case.list.count', { n: cases.length });
  document.getElementById('mine').replaceChildren(...(cases.length > 0
    ? cases.map(c => caseCard(c, names))
    : [Object.assign(document.createElement('li'), { className: 'empty', textContent: t('report.mineEmpty') })]));
}

async function loadMine() {
  try {
    await mine.reload(async () => (await getAllFeatures('/api/cases/mine')).features.map(f => f.properties));
  } catch (error) {
    console.warn('report: my reports not read', error);
  }
}

/**
 * "My reports" live: the hub's SubscribeMine sends caseChanged for the resident's own reports,
 * replayed after the last seq received when the connection comes back. While the push is down
 * they are read again every MINE_EVERY_MS instead.
 */
const MINE_EVERY_MS = 15_000;
const feed = new LiveFeed({
  onChange: change => mine.take([change.case]),
  onResync: loadMine,
  onState: liveIndicator(document.getElementById('live-state')),
});

onLangChange(renderMine);
renderMine();
await feed.watch(MINE);
setInterval(() => { if (navigator.onLine && feed.state !== 'live') loadMine(); }, MINE_EVERY_MS);
addEventListener('online', () => { if (feed.state !== 'live') loadMine(); });
map.getContainer().dataset.ready = 'true';
// For tests and the curious.
window.gridmap = Object.freeze({ map, outbox, mine, feed });
