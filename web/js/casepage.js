// What both case pages are built on (指挥中心 command.html, 网格长 leader.html): a user signed in
// in a role that works there, one area watched live and named in the address, its cases as pins
// and a list (the board) filtered by status, and one case open beside them with a line saying
// how the last move went. Each page adds what it does with the area and with the open case.
import { enterPage } from './auth.js';
import { addCaseLegend, askCases, CaseBoard, CaseNames, loadCase, problemText, statusOptions } from './cases.js';
import { markFirstDraw, nextTask } from './firstdraw.js';
import { onLangChange, t, translatePage } from './i18n.js';
import { LiveFeed, liveIndicator } from './live.js';
import { createMap } from './map.js';

/** Options added to the picker in one task. */
const PICKER_SLICE = 500;

/**
 * The status line of a case page: say(key) shows the message with that i18n key (null clears
 * it) and shows it again in the new language when the language changes.
 */
export function statusLine(element) {
  const say = key => {
    element.dataset.key = key ?? '';
    element.textContent = key ? t(key) : '';
  };
  onLangChange(() => say(element.dataset.key || null));
  return say;
}

/**
 * Puts in the markup both case pages have, so that it is written once (a page's HTML holds only
 * its own): after the title bar's links, the area picker, the status line and the live push's
 * state; the map before the page's side panel (.console > aside.side), the status filter first
 * in its #filters, and at its end the case list and the open case. Constant text in the current
 * language; translatePage keeps it so.
 */
function addSharedMarkup({ param, pickerLabel, listTitle }) {
  document.querySelector('.topbar nav.pages').insertAdjacentHTML('afterend', `
    <label class="picker"><span data-i18n="${pickerLabel}">${t(pickerLabel)}</span><select id="${param}"></select></label>
    <p id="status" class="status" role="status" aria-live="polite"></p>
    <span id="live-state" class="live-state" data-state="connecting" role="status"></span>`);
  const side = document.querySelector('.console > aside.side');
  side.insertAdjacentHTML('beforebegin', `
    <main id="map" class="map" data-i18n-aria-label="map.label" aria-label="${t('map.label')}"></main>`);
  document.getElementById('filters').insertAdjacentHTML('afterbegin', `
    <label><span data-i18n="filter.status">${t('filter.status')}</span><select id="filter-status"></select></label>`);
  side.insertAdjacentHTML('beforeend', `
    <section class="cases" aria-labelledby="case-list-title">
      <h2 id="case-list-title"><span data-i18n="${listTitle}">${t(listTitle)}</span> <span id="case-count" class="count"></span></h2>
      <ol id="case-list" class="case-list"></ol>
    </section>
    <section id="case-detail" class="case-detail" hidden aria-labelledby="case-detail-title">
      <header>
        <h2 id="case-detail-title"></h2>
        <button id="case-detail-close" type="button" class="close" data-i18n-aria-label="case.close" aria-label="${t('case.close')}">×</button>
      </header>
      <div id="case-detail-body"></div>
    </section>`);
}

/** The id of the area the address names (param), or null. */
function askedId(param) {
  const id = Number(new URLSearchParams(location.search).get(param));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Opens a case page ('command' or 'leader'): anyone not signed in goes to sign in, a role that
 * has no business here to its own page. Then the page's text, its map and, once the names
 * behind the codes are loaded, its board: resolves to the CasePage, or to null (the failure
 * said) when the names cannot be loaded. The page then calls start(area).
 */
export async function openCasePage(page, settings) {
  addSharedMarkup(settings);
  // The names, the map and the hub's connection are made at once, with the sign-in check: one
  // after the other, each a round trip, they held back the asking for the cases.
  const asked = askedId(settings.param);
  const loadingNames = CaseNames.load({ ...settings.names, areaIds: asked ? [asked] : [] });
  loadingNames.catch(() => {}); // said below, once awaited
  const makingMap = createMap(document.getElementById('map'));
  let casePage = null;
  // The area the address names is subscribed to now, with the sign-in check and while the names
  // come (the hub refuses anyone not signed in, who is sent to sign in), and its first cases
  // asked for as soon as the subscription is made (askCases): read after it, as every load is, so
  // no change falls between. What the push brings before the page is made is kept (heard) and
  // put over the first read when the page watches that area (CasePage.watch); another area
  // chosen instead is watched, and read, afresh. A subscription refused (an area not the user's)
  // or a hub out of reach asks for nothing here: the page reads when it watches.
  const early = asked ? { areaId: asked, heard: [], resynced: false, read: null } : null;
  const live = new LiveFeed({
    onChange: ({ case: c }) => (casePage?.area ? casePage.caseChanged(c) : early?.heard.push(c)),
    onResync: () => {
      if (casePage?.area) casePage.resync();
      else if (early) {
        early.resynced = true;
        if (live.state === 'live') early.read = askCases(early.areaId);
      }
    },
    onState: liveIndicator(document.getElementById('live-state')),
  });
  if (asked) live.watch({ id: asked });
  else live.connect();
  await enterPage(page);
  translatePage();
  const map = await makingMap;
  const say = statusLine(document.getElementById('status'));
  let names;
  try {
    names = await loadingNames;
  } catch (error) {
    console.error(error);
    say('status.casesFailed');
    map.getContainer().dataset.ready = 'true';
    return null;
  }
  return casePage = new CasePage(map, say, names, live, settings, early);
}

/**
 * settings:
 * - param: the address parameter that names the watched area, and the id of its picker;
 * - pickerLabel, listTitle: the i18n keys of the picker's label and of the case list's title;
 * - names: what of the names to load up front (CaseNames.load; default all areas and staff);
 * - pickable(): the areas the picker offers (the page calls fillPicker() when they change; an area
 *   without its geometry is read by id when picked); label(area): an area as the picker names it;
 * - flyToCase (default true): opening a case from the list flies the map to its pin;
 * - hooks, each optional:
 *   watched(area)       another area is watched (its cases are being loaded);
 *   changed(c)          a case of the area changed (the board has it);
 *   reloaded()          the area's cases were loaded again over HTTP;
 *   filtered()          a filter other than the status was changed (the board is drawn after);
 *   langChanged()       the language changed (the board and the open case are drawn after);
 *   load(id)            reads what the page shows of a case: { view, … } (default: the case);
 *   opened(id)          a case was opened and read;
 *   left()              the open case was closed, or another one opened;
 *   detail(view, message) the nodes below the open case's title, message among them (default: message).
 */
export class CasePage {
  /** The case open beside the map: its id, what load() read of it, and what the last move said ({kind, text}). */
  detail = { id: null, view: null, message: null };
  /** The area watched (an entry of names.areas). */
  area = null;
  /** Settled once the page has drawn its first cases (or said why it cannot): work it does not need waits for it. */
  drawn;
  #drew;

  #settings;
  #hooks;
  /** The picker's fill under way (fillPicker). */
  #pickerFilling = null;
  #element = document.getElementById('case-detail');
  #statusFilter = document.getElementById('filter-status');
  /** The area the address named, subscribed to before the page was made: { areaId, heard, resynced, read } (openCasePage). */
  #early;

  constructor(map, say, names, live, settings, early = null) {
    this.map = map;
    this.say = say;
    this.names = names;
    this.#settings = { flyToCase: true, ...settings };
    this.#hooks = settings.hooks ?? {};
    addCaseLegend(map, names);
    this.board = new CaseBoard(map, names, {
      listElement: document.getElementById('case-list'),
      countElement: document.getElementById('case-count'),
      onOpen: (id, how) => this.openCase(id, how),
    });
    this.live = live;
    this.#early = early;
    ({ promise: this.drawn, resolve: this.#drew } = Promise.withResolvers());
  }

  /** The area the address names, if it is one the user sees (the page checks it is one it watches). */
  async askedArea() {
    const id = askedId(this.#settings.param);
    if (id) await this.names.need({ areaIds: [id] });
    return this.names.areas.get(id);
  }

  /** Wires the controls and watches area; with none to watch, says so. exposed: more for window.gridmap. */
  start(area, exposed = {}) {
    const filters = document.getElementById('filters');
    filters.addEventListener('submit', event => event.preventDefault());
    filters.addEventListener('change', () => {
      this.board.filter.status = this.#statusFilter.value;
      this.#hooks.filtered?.();
      this.board.filterChanged().catch(error => {
        console.error(error);
        this.say('status.casesFailed');
      });
    });
    const picker = document.getElementById(this.#settings.param);
    picker.addEventListener('change', () => this.#pick(Number(picker.value)).catch(error => {
      console.error(error);
      this.say('status.casesFailed');
    }));
    document.getElementById('case-detail-close').addEventListener('click', () => this.closeCase());
    onLangChange(() => {
      this.fillPicker();
      this.#fillStatusFilter();
      this.#hooks.langChanged?.();
      this.board.refresh();
      this.renderDetail();
    });
    if (!area) {
      this.say('status.noAreas');
      this.#ready();
      return;
    }
    this.area = area;
    // The picker after the start, which asks for the cases only at its end: a city's thousands of
    // grids as the grid leader's options were a third of it.
    setTimeout(() => this.fillPicker(), 0);
    this.#fillStatusFilter();
    this.watch(area);
    // For tests and the curious.
    window.gridmap = Object.freeze({ map: this.map, board: this.board, live: this.live, names: this.names, ...exposed });
  }

  /** Watches area instead: in the address, its cases loaded and pushed live, no case open. */
  watch(area) {
    this.area = area;
    const url = new URL(location.href);
    url.searchParams.set(this.#settings.param, area.id);
    history.replaceState(null, '', url);
    this.closeCase();
    this.board.clear();
    this.#hooks.watched?.(area);
    const early = this.#early?.areaId === area.id ? this.#early : null;
    this.#early = null;
    // Subscribed already when the address named this area: loaded now if the subscription has
    // answered (with its first reads, if asked for), else once it does (resync).
    this.live.watch({ id: area.id, level: area.level });
    if (!early) return;
    for (const c of early.heard) this.caseChanged(c);
    // In a task of its own, as when the subscription's answer starts it: with the page's start
    // (the map fitted, the outline drawn) and the cases already in, it was one long task.
    if (early.resynced) nextTask().then(() => { if (this.area === area) this.resync(early.read); });
  }

  async openCase(id, { fly = true } = {}) {
    if (this.detail.id !== id) {
      this.detail.message = null;
      this.#hooks.left?.();
    }
    this.detail.id = id;
    this.board.select(id, { fly: fly && this.#settings.flyToCase });
    await this.loadDetail();
    if (id === this.detail.id) await this.#hooks.opened?.(id);
  }

  closeCase() {
    this.detail.id = null;
    this.detail.view = null;
    this.detail.message = null;
    this.#hooks.left?.();
    this.#element.hidden = true;
    this.map.closePopup();
    this.board.select(null);
  }

  /** Reads the open case again and shows it; a failure is said in its message line. */
  async loadDetail() {
    const id = this.detail.id;
    try {
      const read = await (this.#hooks.load?.(id) ?? loadCase(id).then(view => ({ view })));
      const { view } = read;
      await this.names.need({ areaIds: [view.gridId, view.communityId, view.streetId], staffIds: [view.assigneeId] });
      if (id !== this.detail.id) return;
      Object.assign(this.detail, read);
      this.board.take(read.view);
    } catch (error) {
      console.error(error);
      if (id !== this.detail.id) return;
      this.detail.message = { kind: 'error', text: problemText(error, this.names) };
    }
    this.renderDetail();
  }

  renderDetail() {
    const view = this.detail.view;
    if (!view) return;
    this.#element.hidden = false;
    this.#element.dataset.caseId = view.id;
    this.#element.dataset.version = view.version;
    document.getElementById('case-detail-title').textContent = this.names.title(view);
    const message = document.createElement('p');
    message.className = `case-message${this.detail.message ? ` is-${this.detail.message.kind}` : ''}`;
    message.setAttribute('role', 'alert');
    message.textContent = this.detail.message?.text ?? '';
    document.getElementById('case-detail-body').replaceChildren(...(this.#hooks.detail?.(view, message) ?? [message]));
  }

  /** A case of the watched area changed (the live push). */
  caseChanged(c) {
    if (!this.board.receive(c)) return;
    if (c.id === this.detail.id) this.loadDetail();
    this.#hooks.changed?.(c);
  }

  /**
   * Loads the watched area's cases over HTTP (after a fresh subscription: nothing falls between);
   * asked: its first reads asked for already (askCases).
   */
  async resync(asked = null) {
    const area = this.area;
    if (!area) return;
    await this.#load(asked);
    if (area !== this.area) return;
    this.#ready();
    this.#hooks.reloaded?.();
    if (this.detail.id !== null) this.loadDetail();
  }

  /** The first page of the watched area's cases that match the filter (the board draws them). */
  async #load(asked) {
    const area = this.area;
    try {
      await this.board.load(area.id, asked);
      if (area === this.area) this.say(null);
    } catch (error) {
      console.error(error);
      if (area === this.area) this.say('status.casesFailed');
    }
  }

  /**
   * Fills the picker with pickable(), the watched area chosen; PICKER_SLICE options a task, so that
   * a city's thousands of grids make no long task (a fill started again ends the one under way).
   */
  async fillPicker() {
    const { pickable, label } = this.#settings;
    const picker = document.getElementById(this.#settings.param);
    const areas = pickable();
    const filling = this.#pickerFilling = Symbol('filling');
    for (let i = 0; i < areas.length || i === 0; i += PICKER_SLICE) {
      if (i > 0) await nextTask();
      if (filling !== this.#pickerFilling) return;
      const options = areas.slice(i, i + PICKER_SLICE).map(a => new Option(label(a), a.id, false, a.id === this.area?.id));
      if (i === 0) picker.replaceChildren(...options);
      else picker.append(...options);
    }
  }

  /** Watches the area picked, its boundary read first when the picker's list came without (a city's grids, communities). */
  async #pick(id) {
    await this.names.need({ areaIds: [id] });
    await this.names.boundaries([id]);
    const area = this.names.areas.get(id);
    if (area?.geometry) this.watch(area);
  }

  #fillStatusFilter() {
    this.#statusFilter.replaceChildren(...statusOptions(this.names, this.board.filter.status));
  }

  #ready() {
    this.map.getContainer().dataset.ready = 'true';
    markFirstDraw();
    this.#drew();
  }
}
