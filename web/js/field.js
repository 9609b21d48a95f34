// What the pages for people in the field share (我要上报 report.html, 网格员 worker.html, 职能部门
// dept.html): a phone page opened for its role with the markup every one of them has (the app's
// links in the head, the title bar with the language switch, the connection line, the outbox),
// the outbox shown, photos picked, the phone's position, and a case as a card.
import { HttpError } from './api.js';
import { enterPage, showUser } from './auth.js';
import { caseFacts, problemText } from './cases.js';
import { markFirstDraw } from './firstdraw.js';
import { onLangChange, t, translated, translatePage } from './i18n.js';
import { titleBar } from './nav.js';
import { MADE_ID } from './outbox.js';

/** At most this many photos go with a report or a handler's feedback. */
const MAX_PHOTOS = 3;
/** Longest side a photo is sent at: enough to see the problem, small enough for a weak signal. */
const PHOTO_MAX_PX = 1600;

/** Who was signed in when a field page last reached the server: a phone without signal opens its page for them. */
const USER_KEY = 'gridmap.field.user';

/** The pages each field page links to in its title bar, itself first (enterPage drops those the role may not open). */
const LINKS = {
  report: [['report.html', 'nav.report']],
  worker: [['worker.html', 'nav.worker'], ['./', 'nav.map']],
  dept: [['dept.html', 'nav.dept'], ['./', 'nav.map']],
};

/** The head's links that make the field pages one installable app (manifest.webmanifest, sw.js). */
const HEAD = `
  <meta name="theme-color" content="#b71c1c">
  <link rel="manifest" href="manifest.webmanifest">
  <link rel="apple-touch-icon" href="icons/icon-192.png">`;

const OUTBOX = `
  <h2 id="outbox-title"><span data-i18n="outbox.title">待发送</span> <span class="outbox-count count"></span></h2>
  <ol class="outbox-list"></ol>
  <button type="button" class="outbox-send" data-i18n="outbox.sendNow">立即发送</button>`;

/**
 * Puts in the markup every field page has, so that it is written once: the head's app links, the
 * title bar and the connection line before the page's own content, and the outbox's inside a
 * page's <section id="outbox">. Constant text only; translatePage fills in the language.
 */
function addSharedMarkup(page) {
  document.head.insertAdjacentHTML('beforeend', HEAD);
  const bar = Object.assign(document.createElement('header'), { className: 'topbar' });
  titleBar(bar, { links: LINKS[page], current: LINKS[page][0][1] });
  const connection = Object.assign(document.createElement('p'), { id: 'connection', className: 'connection' });
  connection.setAttribute('role', 'status');
  document.body.prepend(bar, connection);
  const outbox = document.getElementById('outbox');
  if (outbox) {
    outbox.classList.add('outbox');
    outbox.setAttribute('aria-labelledby', 'outbox-title');
    outbox.innerHTML = OUTBOX;
  }
}

/**
 * Opens a field page for the signed-in user (others go to sign in or to their own page); resolves
 * to the user. Without signal it opens for the user who last opened it: the page then works from
 * what it kept, and the server checks the sign-in again when the writes go out.
 */
export async function openFieldPage(page) {
  addSharedMarkup(page);
  translatePage();
  connectionLine(document.getElementById('connection'));
  try {
    const user = await enterPage(page);
    localStorage.setItem(USER_KEY, JSON.stringify(user));
    return user;
  } catch (error) {
    const kept = JSON.parse(localStorage.getItem(USER_KEY) ?? 'null');
    if (navigator.onLine || !kept) throw error;
    console.warn('field: no connection; the page opens for the user who last opened it', error);
    showUser(kept);
    return kept;
  }
}

/** The last naming of the cards drawn (nameCards), which fieldPageReady waits for. */
let naming = Promise.resolve();

/**
 * Asks for the names of the cases' places and handlers that the user may not look up in the
 * territory or the staff list (CaseNames.needCases: a task in another grid, a department's
 * summonses), and draws the cards again with draw() when any came.
 */
export function nameCards(names, cases, draw) {
  naming = names.needCases(cases).then(came => { if (came) draw(); });
}

/**
 * The field page has drawn what it read: its first draw, and the mark the tests wait for, once the
 * last naming of its cards is done (nameCards): a card drawn again after the mark is a new element
 * under a tap already aimed at the old one, and the tap is lost.
 */
export async function fieldPageReady() {
  await naming;
  document.getElementById('field').dataset.ready = 'true';
  markFirstDraw();
}

/**
 * What a form that reports a case asks (我要上报, a grid worker's patrol), in place of its
 * <div class="case-fields" data-rows="N">: the category (chosen from names' catalogue, named in the
 * current language), the description (N rows high) and up to MAX_PHOTOS photos (photos).
 */
export class CaseFields {
  photos = new PhotoPicker();
  #select;
  #names;

  constructor(form, names) {
    this.#names = names;
    const slot = form.querySelector('.case-fields');
    const category = label('report.category', Object.assign(document.createElement('select'), { name: 'category', required: true }));
    const description = label('report.description', Object.assign(document.createElement('textarea'), {
      name: 'description', rows: Number(slot.dataset.rows), maxLength: 2000, required: true,
    }));
    this.#select = category.querySelector('select');
    slot.replaceWith(category, description, this.photos.fieldset);
    this.fillCategories();
    onLangChange(() => this.fillCategories());
  }

  /** The categories, in the current language, the one chosen kept. */
  fillCategories() {
    const chosen = this.#select.value;
    this.#select.replaceChildren(new Option(t('report.chooseCategory'), ''),
      ...this.#names.categories.map(c => new Option(this.#names.category(c.code), c.code, false, c.code === chosen)));
  }
}

/** A control with its name above it (i18n key), as the field forms show them. */
function label(key, control) {
  const element = document.createElement('label');
  const name = Object.assign(document.createElement('span'), { textContent: t(key) });
  name.dataset.i18n = key;
  element.append(name, control);
  return element;
}

/**
 * The outbox write that reports a case (kind: the outbox's name for it; body: as POST /api/cases
 * takes it) with its photos, each sent to the case the report made.
 */
export function caseReport(kind, body, files) {
  return {
    kind,
    label: { category: body.categoryCode },
    madeIdFrom: 0,
    steps: [
      { method: 'POST', path: '/api/cases', body },
      ...files.map(file => ({ path: `/api/cases/${MADE_ID}/media`, file })),
    ],
  };
}

/** Says whether the phone has a connection, and that what is done meanwhile waits. */
function connectionLine(element) {
  const show = () => {
    element.dataset.state = navigator.onLine ? 'online' : 'offline';
    element.textContent = t(navigator.onLine ? 'field.online' : 'field.offline');
  };
  addEventListener('online', show);
  addEventListener('offline', show);
  onLangChange(show);
  show();
}

/**
 * The outbox (outbox.js) shown in element: how many writes wait, each described by
 * describe(write), a refused one with the reason and a button to discard it, and "send now".
 */
export function showOutbox(element, outbox, describe, names) {
  const count = element.querySelector('.outbox-count');
  const list = element.querySelector('.outbox-list');
  element.querySelector('.outbox-send').addEventListener('click', () => outbox.flush());
  let writes = [];
  const render = () => {
    count.textContent = t('outbox.count', { n: writes.length });
    element.dataset.waiting = writes.length;
    if (writes.length === 0) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'outbox-empty', textContent: t('outbox.empty') }));
      return;
    }
    list.replaceChildren(...writes.map(write => {
      const item = document.createElement('li');
      item.dataset.key = write.key;
      item.append(Object.assign(document.createElement('span'), { textContent: describe(write) }));
      const photos = write.steps.filter(s => s.file).length;
      if (photos > 0) item.append(t('outbox.photos', { n: photos }));
      if (write.failed) {
        item.classList.add('is-failed');
        const reason = problemText(new HttpError(write.failed.status, '', write.failed.problem), names);
        item.append(Object.assign(document.createElement('p'), { className: 'outbox-failed', textContent: t('outbox.failed', { reason }) }));
        const discard = Object.assign(document.createElement('button'), { type: 'button', textContent: t('outbox.discard') });
        discard.addEventListener('click', () => outbox.discard(write.key));
        item.append(discard);
      }
      return item;
    }));
  };
  outbox.onChange(next => { writes = next; render(); });
  onLangChange(render);
}

/**
 * Up to MAX_PHOTOS photos picked with the file input in fieldset, each shown as a thumbnail with
 * a button to remove it. files() gives them ready to send (large ones scaled down).
 */
export class PhotoPicker {
  #photos = [];
  #input;
  #list;
  #note;

  /** The picker's fieldset, the one definition every phone form appends (at most MAX_PHOTOS photos). */
  fieldset;

  constructor() {
    const fieldset = document.createElement('fieldset');
    fieldset.className = 'photos';
    fieldset.innerHTML = `<legend data-i18n="photos.label"></legend>
      <label class="photo-add"><span data-i18n="photos.add"></span>
        <input type="file" accept="image/jpeg,image/png,image/webp" multiple></label>
      <ul class="photo-list"></ul>
      <p class="photo-note note" role="status"></p>`;
    translatePage(fieldset);
    this.fieldset = fieldset;
    this.#input = fieldset.querySelector('input[type=file]');
    this.#list = fieldset.querySelector('.photo-list');
    this.#note = fieldset.querySelector('.photo-note');
    this.#input.addEventListener('change', () => {
      const picked = [...this.#input.files];
      const room = MAX_PHOTOS - this.#photos.length;
      this.#photos.push(...picked.slice(0, room));
      this.#note.textContent = picked.length > room ? t('photos.tooMany', { n: MAX_PHOTOS }) : '';
      this.#input.value = '';
      this.#render();
    });
    onLangChange(() => this.#render());
  }

  /** The photos as they will be sent: over PHOTO_MAX_PX on a side, scaled down and sent as JPEG. */
  files() { return Promise.all(this.#photos.map(scaledDown)); }

  clear() {
    this.#photos = [];
    this.#note.textContent = '';
    this.#render();
  }

  #render() {
    for (const img of this.#list.querySelectorAll('img')) URL.revokeObjectURL(img.src);
    this.#input.disabled = this.#photos.length >= MAX_PHOTOS;
    this.#list.replaceChildren(...this.#photos.map((photo, i) => {
      const item = document.createElement('li');
      item.append(Object.assign(document.createElement('img'), { src: URL.createObjectURL(photo), alt: '' }));
      const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: '×' });
      remove.setAttribute('aria-label', t('photos.remove', { n: i + 1 }));
      remove.addEventListener('click', () => { this.#photos.splice(i, 1); this.#render(); });
      item.append(remove);
      return item;
    }));
  }
}

async function scaledDown(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return file; // not an image the browser reads: the server says what it thinks of it
  }
  const scale = PHOTO_MAX_PX / Math.max(bitmap.width, bitmap.height);
  if (scale >= 1) {
    bitmap.close();
    return file;
  }
  const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  return new File([blob], file.name.replace(/\.\w+$/, '') + '.jpg', { type: 'image/jpeg' });
}

/** The phone's position now: { lon, lat }; rejects when the user or the phone will not say. */
export const currentPosition = () => new Promise((resolve, reject) =>
  navigator.geolocation.getCurrentPosition(
    p => resolve({ lon: p.coords.longitude, lat: p.coords.latitude }),
    reject,
    { enableHighAccuracy: true, timeout: 20_000, maximumAge: 10_000 }));

/**
 * Puts nodes (case cards) in list in place of what it held, the keyboard staying where it was: the
 * card, or the control in it, that had focus is focused again in the card drawn for the same
 * case. The department's inbox is drawn anew every 30 s (lateness) and a worker's tasks on each
 * push; without this each drawing threw a keyboard user back to the top of the page (WCAG 2.4.3).
 */
export function replaceCards(list, nodes) {
  const active = document.activeElement;
  const card = list.contains(active) ? active.closest('li[data-case-id]') : null;
  const at = card ? focusable(card).indexOf(active) : -1;
  list.replaceChildren(...nodes);
  if (at < 0) return;
  const again = list.querySelector(`li[data-case-id="${card.dataset.caseId}"]`);
  const target = again && focusable(again)[at];
  if (!target) return;
  if (target === again) again.tabIndex = -1;
  target.focus({ preventScroll: true });
}

/** A card and the controls in it, in document order. */
const focusable = card => [card, ...card.querySelectorAll('a[href], button, input, select, textarea')];

/** A case as a card in a list: its title, what is known of it, and the page's own nodes after. */
export function caseCard(c, names, ...extra) {
  const item = document.createElement('li');
  item.className = 'case-card';
  item.dataset.caseId = c.id;
  item.dataset.status = c.status;
  const title = document.createElement('h3');
  title.textContent = names.title(c);
  item.append(title, caseFacts(c, names), ...extra);
  return item;
}

/** A link to the map page on the case: its pin and the area it lies in, among what else the user may see there. */
export const mapLink = c => translated('a', 'field.onMap', { className: 'on-map', href: `/index.html?case=${c.id}` });

/** The tracking code a resident keeps and quotes: the case's number, which Open311 also calls service_request_id. */
export const trackingCode = c => String(c.id);
