// Cases (民情诉求案件) as both case views show them: the names behind their codes, the set kept
// in step with the live push, their pins on the map, the list beside it, the audit trail, and
// moves sent to the workflow.
import { bboxParam, getAllFeatures, getJson, getJsonPage, HttpError, postJson } from './api.js';
import { currentLang, t, translated } from './i18n.js';
import { addLegendControl, popupContent, textElement } from './map.js';
import { loadAreas } from './territory.js';
import { loadStaff } from './staff.js';
import { clusterStyle, dotSize, isCluster, loadTileJson, vectorTileLayer } from './tiles.js';
import { yieldTask } from './firstdraw.js';

/** Finished: closed or voided, as the server says in every case it sends (case_snapshots.sql). */
const isOpen = c => !c.finished;

/** How long a new case's pin pulses, in ms (the CSS animation runs for the same time). */
const PULSE_MS = 4000;
/** Zoom a case opened from the list (or a field card's map link) is shown at: its street and neighbours readable. */
export const CASE_ZOOM = 17;

/**
 * Cases the list asks for at a time (newest first; more on request). An area with no more cases
 * than this that match the filter is held whole, its cases drawn as pins at every zoom; a larger
 * one (a district's hundreds of thousands) is drawn from the cases' vector tiles, and as pins only
 * in the view once zoomed in to PIN_ZOOM.
 */
export const LIST_PAGE = 100;
/** From this zoom on, a large area's cases in view are pins (a street or two on screen). */
export const PIN_ZOOM = 16;
/** At most this many pins in view: the newest, should a crowded view hold more. */
const PIN_LIMIT = 500;
/** Tiles are fetched again at most this often while cases change (they show the change). */
const TILE_REFRESH_MS = 5000;

/** A page of cases over HTTP (GeoJSON points): each feature's properties are the case as GET /api/cases/{id} and the live push show it. */
async function loadCasePage(pathOrNext, params = {}) {
  const page = await getJson(pathOrNext, params);
  return { cases: page.features.map(f => f.properties), next: page.links?.find(link => link.rel === 'next')?.href ?? null };
}

/** The filter a view starts with: the open cases, of every category, in the whole area watched. */
const NEW_FILTER = Object.freeze({ status: 'open', category: '', areaId: null, areaLevel: null });

/**
 * The first page of the cases matching a query (the area and the filter as the server takes them)
 * and, with tiles, their tiles' TileJSON: { filter (the query as a key), page, tiles }.
 */
function askMatching(query, tiles) {
  const page = loadCasePage('/api/cases', { ...query, limit: LIST_PAGE });
  const tilejson = tiles ? loadTileJson('cases', query) : null;
  for (const answer of [page, tilejson]) answer?.catch(() => {}); // told where awaited; unused for a small area
  return { filter: JSON.stringify(query), page, tiles: tilejson };
}

/**
 * What CaseBoard.load(areaId) reads first, asked for before the board is made: the area's first
 * page (whether it is held whole) and the first page and tiles of the cases of the filter a view
 * starts with. A page asks for them as soon as it is subscribed to the area, while its names are
 * still on their way; read after the subscription, they miss no change (as any load).
 */
export function askCases(areaId) {
  const all = loadCasePage('/api/cases', { areaId, limit: LIST_PAGE });
  all.catch(() => {}); // told where awaited
  const matching = loadCatalogue().then(({ statuses }) => askMatching({ areaId, ...serverFilter(NEW_FILTER, statuses) }, true));
  matching.catch(() => {});
  return { areaId, all, matching };
}

/**
 * The catalogue (GET /api/case-categories): categories, departments and statuses with their
 * names and the moves each role may make in them, all from the server's one definition. Loaded
 * once per page.
 */
let catalogue = null;
export const loadCatalogue = () => (catalogue ??= getJson('/api/case-categories').catch(error => { catalogue = null; throw error; }));

/** A case with what each role may do in its status now (the buttons to show), from the catalogue. */
async function withAllowedActions(view) {
  const { statuses } = await loadCatalogue();
  return { ...view, allowedActions: statuses.find(s => s.code === view.status)?.allowedActions ?? {} };
}

export const loadCase = id => getJson(`/api/cases/${id}`).then(withAllowedActions);
export const loadEvents = id => getJson(`/api/cases/${id}/events`);
/** Every open case the user may list (a grid worker: the tasks sent to it), every page of /api/cases. */
export const loadOpenCases = statuses => getAllFeatures('/api/cases', serverFilter({ status: 'open' }, statuses)).then(c => c.features.map(f => f.properties));
/** Summonses in a page of a department's inbox, and at most in one read (GET /api/summons's default and maximum limit). */
export const SUMMONS_PAGE = 200, SUMMONS_MOST = 1000;
/** The open cases a department was summoned to, answered or not, up to SUMMONS_MOST. */
export const loadSummonedCases = () => getJsonPage('/api/summons', { open: true, limit: SUMMONS_MOST }).then(page => page.items.map(s => s.case));

const areaEntry = f => ({ ...f.properties, id: f.properties.id ?? f.id, geometry: f.geometry });
const staffEntry = f => ({ ...f.properties, id: f.properties.id ?? f.id });

/** Ids asked for by name at a time (the server's ids filter takes at most 500). */
const NAMES_AT_A_TIME = 500;

/** Asks ask(ids) for the ids, at most NAMES_AT_A_TIME a request, all at once; resolves to the answers. */
const byIds = (ids, ask) => {
  const parts = [];
  for (let i = 0; i < ids.length; i += NAMES_AT_A_TIME) parts.push(ask(ids.slice(i, i + NAMES_AT_A_TIME).join(',')));
  return Promise.all(parts);
};

/**
 * The names behind codes and ids: categories and departments (catalogue), areas, staff. The
 * catalogue is loaded once per page, areas of the levels asked for up front, and the rest as the
 * page shows them (need); an area or person not known (yet, or not the user's) shows as #id.
 */
export class CaseNames {
  /** 'area:id', 'staff:id' and needCases' 'case:…' asked for already, known or not. */
  #asked = new Set();
  /** The reads under way, by the keys they ask for: a page asking again waits for the same answer. */
  #reading = new Map();

  constructor(catalogue, areas, staff) {
    this.categories = catalogue.categories;
    this.departments = catalogue.departments;
    this.statuses = catalogue.statuses;
    this.areas = new Map(areas.map(a => [a.id, a]));
    this.staff = new Map(staff.map(s => [s.id, s]));
  }

  /**
   * The catalogue and the areas of levels the user sees, and those of areaIds (at most
   * NAMES_AT_A_TIME: the area a page's address names, read with the rest rather than after it);
   * with staff, every staff member too. A case page of a city district asks for the upper levels
   * only and names the rest on demand. The areas of levels in unbounded come without their
   * boundaries (names only; boundaries() reads them when a page draws them); those of areaIds with.
   */
  static async load({ levels = ['district', 'street', 'community', 'grid'], unbounded = [], staff = true, areaIds = [] } = {}) {
    const named = areaIds.length > 0 ? [getAllFeatures('/api/areas', { ids: areaIds.join(',') })] : [];
    const [catalogue, areaCollections, people] = await Promise.all([
      loadCatalogue(),
      Promise.all([...levels.map(level => (unbounded.includes(level)
        ? getAllFeatures('/api/areas', { level, boundary: false }) : loadAreas(level))), ...named]),
      staff ? loadStaff(null).catch(error => { console.warn('cases: staff names unavailable', error); return { features: [] }; }) : { features: [] },
    ]);
    return new CaseNames(catalogue, areaCollections.flatMap(c => c.features.map(areaEntry)), people.features.map(staffEntry));
  }

  /**
   * Reads the names of the places and handlers of these cases not known yet (GET
   * /api/cases/names), for a page whose user may not list the areas and staff where they lie (a
   * department; a grid worker sent to another grid); resolves to true when any came.
   */
  async needCases(cases) {
    const named = c => [c.gridId, c.communityId, c.streetId].every(id => id == null || this.areas.has(id))
      && (c.assigneeId == null || this.staff.has(c.assigneeId));
    // Asked again when the case moves to another handler or place, not each time it is drawn.
    const key = c => `case:${c.id}:${c.assigneeId}:${c.gridId ?? c.communityId ?? c.streetId}`;
    return this.#ask(cases.filter(c => !named(c)).map(c => ({ key: key(c), id: c.id })), async fresh => {
      try {
        for (const { areas, staff } of await byIds([...new Set(fresh.map(w => w.id))], ids => getJson('/api/cases/names', { ids }))) {
          for (const a of areas) this.areas.set(a.id, a);
          for (const p of staff) this.staff.set(p.id, p);
        }
        return true;
      } catch (error) {
        console.warn('cases: names of cases unavailable', error);
        for (const { key } of fresh) this.#asked.delete(key); // asked again with the next read or push
        return false;
      }
    });
  }

  /** Adds areas the page has read (GeoJSON features of /api/areas). */
  addAreas(collection) {
    for (const f of collection.features) this.areas.set(f.properties.id ?? f.id, areaEntry(f));
  }

  /**
   * Reads the areas and staff of these ids that are neither known nor asked for before (the
   * server gives only the user's own); resolves to true when any came, so the page draws again.
   */
  async need({ areaIds = [], staffIds = [] }) {
    const unknown = (kind, ids, known) => [...new Set(ids)].filter(id => id != null && !known.has(id)).map(id => ({ key: `${kind}:${id}`, id }));
    const idsOf = (kind, keys) => keys.filter(w => w.key.startsWith(kind)).map(w => w.id);
    return this.#ask([...unknown('area', areaIds, this.areas), ...unknown('staff', staffIds, this.staff)],
      fresh => this.#read(idsOf('area:', fresh), idsOf('staff:', fresh)));
  }

  /**
   * Reads with read() the wanted keys ({ key, id }) not asked for before, and waits for every read
   * under way of the wanted ones, this one's and those an earlier call started, so that a page
   * drawn once this resolves has every name on its way; true when any read brought names.
   */
  async #ask(wanted, read) {
    const fresh = wanted.filter(w => !this.#asked.has(w.key));
    if (fresh.length > 0) {
      for (const { key } of fresh) this.#asked.add(key);
      const reading = read(fresh);
      for (const { key } of fresh) this.#reading.set(key, reading);
      reading.finally(() => { for (const { key } of fresh) this.#reading.delete(key); });
    }
    const reads = new Set(wanted.map(w => this.#reading.get(w.key)).filter(Boolean));
    return (await Promise.all(reads)).some(Boolean);
  }

  /** Reads the boundaries of the known areas of these ids that came without one (CaseNames.load's unbounded). */
  async boundaries(ids) {
    const wanted = ids.filter(id => this.areas.has(id) && !this.areas.get(id).geometry);
    for (const page of await byIds(wanted, ids => getAllFeatures('/api/areas', { ids }))) this.addAreas(page);
  }

  /** Reads areas and staff by id, at most NAMES_AT_A_TIME a request; resolves to true when any came. */
  async #read(areaIds, staffIds) {
    const read = (path, wanted) => byIds(wanted, ids => getAllFeatures(path, { ids }))
      .catch(error => { console.warn(`cases: names from ${path} unavailable`, error); return []; });
    const [areaPages, staffPages] = await Promise.all([read('/api/areas', areaIds), read('/api/staff', staffIds)]);
    for (const page of areaPages) this.addAreas(page);
    for (const page of staffPages) for (const f of page.features) this.staff.set(f.properties.id ?? f.id, staffEntry(f));
    return areaPages.some(p => p.features.length > 0) || staffPages.some(p => p.features.length > 0);
  }

  /** The names a page without the map's data needs (a resident's, a department's): areas and staff show as #id, but those of the cases needCases named. */
  static async fromCatalogue() {
    return new CaseNames(await loadCatalogue(), [], []);
  }

  #localName(entry, code) {
    if (!entry) return code;
    return currentLang() === 'en' ? entry.nameEn : entry.nameZh;
  }

  category(code) { return this.#localName(this.categories.find(c => c.code === code), code); }
  department(code) { return this.#localName(this.departments.find(d => d.code === code), code); }
  status(code) { return this.#localName(this.statuses.find(s => s.code === code), code); }
  area(id) { return id == null ? null : this.areas.get(id)?.name ?? `#${id}`; }
  person(id) { return id == null ? null : this.staff.get(id)?.name ?? `#${id}`; }
  title(c) { return t('case.title', { id: c.id, category: this.category(c.categoryCode) }); }

  /** Areas of a level, in id order; under (an area id) keeps those inside it. */
  areasOf(level, under = null) {
    return [...this.areas.values()].filter(a => a.level === level && (under == null || this.isInside(a.id, under)));
  }

  isInside(id, ancestorId) {
    for (let a = this.areas.get(id); a; a = this.areas.get(a.parentId)) if (a.id === ancestorId) return true;
    return false;
  }
}

/** One format per language, made once: a list of 100 cases made 200 of them on every move of the map. */
const timeFormats = new Map();

/** A time as China Standard Time, the time the deadlines are set in, whatever the browser's zone. */
export function formatTime(iso) {
  if (!iso) return null;
  const lang = currentLang();
  const format = timeFormats.get(lang) ?? timeFormats.set(lang, new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai', hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  })).get(lang);
  return format.format(new Date(iso));
}

/**
 * How far a case has come: its version, then the overdue mark, which the watcher sets without
 * moving the version (a move that clears it moves the version).
 */
const progress = c => c.version * 2 + (c.overdue ? 1 : 0);

/**
 * The cases a view knows, newest first. A change is taken when it is not behind what is held:
 * from the live push also when level (it is the latest word), from an HTTP load only when ahead
 * (it may have been read before a change that has already arrived).
 */
class CaseStore {
  #cases = new Map();

  put(c, { live = false } = {}) {
    const held = this.#cases.get(c.id);
    if (held && (live ? progress(c) < progress(held) : progress(c) <= progress(held))) return false;
    this.#cases.set(c.id, c);
    return true;
  }

  get(id) { return this.#cases.get(id) ?? null; }
  delete(id) { this.#cases.delete(id); }
  clear() { this.#cases.clear(); }
  all() { return [...this.#cases.values()].sort((a, b) => b.id - a.id); }
}

/** The levels of area a case names (its streetId, communityId, gridId): the others' cases only the server tells. */
const NAMED_LEVELS = ['street', 'community', 'grid'];

/**
 * The filter a view applies: status ('open', 'overdue', 'all' or a status code), category code, area id
 * and level (inArea: for an area a case does not name, such as a micro-grid, the ids the server lists in it).
 */
function matches(c, { status = 'open', category = '', areaId = null } = {}, inArea = null) {
  if (status === 'open' && !isOpen(c)) return false;
  if (status === 'overdue' && !c.overdue) return false;
  if (!['open', 'overdue', 'all'].includes(status) && c.status !== status) return false;
  if (category && c.categoryCode !== category) return false;
  if (areaId != null && !(inArea ? inArea.has(c.id) : [c.gridId, c.communityId, c.streetId].includes(areaId))) return false;
  return true;
}

/** The filter as /api/cases, /tiles/cases and /api/export/cases take it (statuses: the open ones for 'open' and 'overdue'). */
export function serverFilter({ status = 'open', category = '' }, statuses) {
  const open = statuses.filter(s => !s.finished).map(s => s.code).join(',');
  return {
    status: status === 'open' || status === 'overdue' ? open : status === 'all' ? null : status,
    overdue: status === 'overdue' ? true : null,
    category: category || null,
  };
}

/** The colour of a status (its CSS --status-colour), or of overdue, for canvas drawing. */
const colourOf = (() => {
  const known = new Map();
  return className => {
    if (!known.has(className)) {
      const probe = document.body.appendChild(Object.assign(document.createElement('span'), { className, hidden: true }));
      const style = getComputedStyle(probe);
      known.set(className, className.includes('is-overdue') ? style.backgroundColor : style.getPropertyValue('--status-colour').trim() || '#1565c0');
      probe.remove();
    }
    return known.get(className);
  };
})();

/** A case of a tile as a dot of its status colour (red when overdue); a cluster as a dot growing with its count, red when any in it is overdue. */
function caseTileStyle(properties, zoom) {
  if (isCluster(properties)) {
    const fillColor = properties.overdueCount > 0 ? colourOf('case-dot is-overdue') : colourOf('case-dot status-dispatched');
    return clusterStyle(properties.count, fillColor);
  }
  const fillColor = properties.overdue ? colourOf('case-dot is-overdue') : colourOf(`case-dot status-${properties.status}`);
  return { ...dotSize(zoom), fill: true, fillColor, fillOpacity: 1, color: '#fff' };
}

const pinClass = c => `case-dot status-${c.status}${c.overdue ? ' is-overdue' : ''}`;

/** One pin per shown case: coloured by status, red when overdue, pulsing for a few seconds when new. */
export class CaseMarkers {
  #names;
  #layer;
  #markers = new Map();
  #onOpen;

  constructor(map, names, { onOpen }) {
    this.#names = names;
    this.#onOpen = onOpen;
    this.#layer = L.layerGroup().addTo(map);
  }

  /** Shows exactly these cases, updating the pins of those already shown. */
  show(cases) {
    const shown = new Set(cases.map(c => c.id));
    for (const [id, marker] of this.#markers) {
      if (!shown.has(id)) {
        this.#layer.removeLayer(marker);
        this.#markers.delete(id);
      }
    }
    for (const c of cases) {
      const marker = this.#markers.get(c.id) ?? this.#add(c);
      marker.caseSnapshot = c;
      marker.setLatLng([c.lat, c.lon]);
      marker.dot.className = pinClass(c) + (marker.dot.classList.contains('is-new') ? ' is-new' : '');
      marker.dot.title = `${this.#names.title(c)} · ${this.#names.status(c.status)}`;
      if (marker.isPopupOpen()) marker.setPopupContent(this.#popup(c));
    }
  }

  #add(c) {
    const dot = document.createElement('span');
    dot.dataset.caseId = c.id;
    const marker = L.marker([c.lat, c.lon], {
      icon: L.divIcon({ className: 'case-pin', html: dot, iconSize: [20, 20] }),
      riseOnHover: true,
      keyboard: true,
    });
    marker.dot = dot;
    marker.bindPopup(() => this.#popup(marker.caseSnapshot), { className: 'case-popup-box' });
    marker.on('click', () => this.#onOpen(marker.caseSnapshot.id));
    this.#markers.set(c.id, marker);
    this.#layer.addLayer(marker);
    return marker;
  }

  #popup(c) {
    const n = this.#names;
    return popupContent(n.title(c), [
      [t('case.status'), n.status(c.status) + (c.overdue ? ` · ${t('case.overdue')}` : '')],
      [t('case.description'), c.description],
      [t('case.where'), n.area(c.gridId ?? c.communityId ?? c.streetId)],
      [t('case.assignee'), n.person(c.assigneeId)],
      [t('case.deadline'), formatTime(c.deadline)],
    ], 'case-popup');
  }

  /** What a click on a case drawn from a tile shows: what the tile knows of it. */
  tilePopup(p) {
    const n = this.#names;
    return popupContent(n.title({ id: p.id, categoryCode: p.category }), [
      [t('case.status'), n.status(p.status) + (p.overdue ? ` · ${t('case.overdue')}` : '')],
      [t('case.reportedAt'), formatTime(p.reportedAt)],
    ], 'case-popup');
  }

  /** A new case: its pin pulses for a few seconds. */
  pulse(id) {
    const marker = this.#markers.get(id);
    if (!marker) return;
    marker.dot.classList.add('is-new');
    setTimeout(() => marker.dot.classList.remove('is-new'), PULSE_MS);
  }

  /** Opens a shown case's popup; false when it has no pin. */
  openPopup(id) {
    const marker = this.#markers.get(id);
    marker?.openPopup();
    return marker !== undefined;
  }

  refresh() {
    for (const marker of this.#markers.values()) {
      if (marker.isPopupOpen()) marker.setPopupContent(this.#popup(marker.caseSnapshot));
    }
  }
}

/** The list beside the map: one button per case, the same cases as the pins, newest first. */
class CaseList {
  #element;
  #names;
  #onOpen;
  #items = new Map();

  constructor(element, names, { onOpen }) {
    this.#element = element;
    this.#names = names;
    this.#onOpen = onOpen;
  }

  show(cases, selectedId = null) {
    const items = cases.map(c => {
      const item = this.#items.get(c.id) ?? this.#create(c.id);
      this.#fill(item, c, c.id === selectedId);
      return item;
    });
    for (const id of this.#items.keys()) if (!cases.some(c => c.id === id)) this.#items.delete(id);
    this.#element.replaceChildren(...items);
    if (cases.length === 0) this.#element.append(textElement(t('case.list.empty'), 'case-list-empty'));
  }

  /** A new case: its entry flashes for a few seconds, as its pin pulses. */
  flash(id) {
    const item = this.#items.get(id);
    if (!item) return;
    item.classList.add('is-new');
    setTimeout(() => item.classList.remove('is-new'), PULSE_MS);
  }

  /** Brings a case's entry into view (after it was opened on the map). */
  reveal(id) {
    this.#items.get(id)?.scrollIntoView({ block: 'nearest' });
  }

  #create(id) {
    const item = document.createElement('li');
    item.dataset.caseId = id;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'case-item-button';
    button.addEventListener('click', () => this.#onOpen(id));
    item.append(button);
    this.#items.set(id, item);
    return item;
  }

  #fill(item, c, selected) {
    const n = this.#names;
    const flashing = item.classList.contains('is-new');
    item.className = `case-item status-${c.status}${c.overdue ? ' is-overdue' : ''}${selected ? ' is-selected' : ''}${flashing ? ' is-new' : ''}`;
    const button = item.firstChild;
    if (selected) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
    const top = textElement('', 'case-item-top');
    top.append(
      textElement(n.title(c), 'case-item-title'),
      textElement(n.status(c.status), `case-chip status-${c.status}`),
      ...(c.overdue ? [textElement(t('case.overdue'), 'case-chip is-overdue')] : []));
    const where = [n.area(c.gridId ?? c.communityId ?? c.streetId), n.person(c.assigneeId)].filter(Boolean).join(' · ');
    const when = c.deadline && isOpen(c)
      ? t('case.list.due', { time: formatTime(c.deadline) })
      : t('case.list.reported', { time: formatTime(c.reportedAt) });
    button.replaceChildren(top, textElement(c.description, 'case-item-text'), textElement(`${where} · ${when}`, 'case-item-meta'));
  }
}

/** The audit trail, oldest first: when, who in which role, what, from which status to which, why. */
export function auditTrail(events, names) {
  const list = document.createElement('ol');
  list.className = 'audit-trail';
  for (const e of events) {
    const item = document.createElement('li');
    item.dataset.action = e.action;
    const role = t(`role.${e.actorRole}`);
    const who = e.actor === e.actorRole ? role : t('audit.who', { name: e.actor, role });
    const move = e.fromStatus && e.fromStatus !== e.toStatus
      ? `${names.status(e.fromStatus)} → ${names.status(e.toStatus)}`
      : names.status(e.toStatus);
    item.append(
      textElement(formatTime(e.at), 'audit-time'),
      textElement(t(`case.action.${e.action}`), 'audit-action'),
      textElement(move, 'audit-move'),
      textElement(who, 'audit-who'),
      ...(e.note ? [textElement(e.note, 'audit-note')] : []));
    list.append(item);
  }
  return list;
}

/** Sends a move on the version of the case the user saw; resolves to the case after it. */
export const takeAction = (c, action, role, extra = {}) =>
  postJson(`/api/cases/${c.id}/transitions`, { action, version: c.version, actorRole: role, ...extra }).then(withAllowedActions);

/** What a refused move means to the user, in their language. */
export function problemText(error, names) {
  const problem = error instanceof HttpError ? error.problem : null;
  if (error instanceof HttpError && error.status === 409 && problem?.currentVersion !== undefined) return t('case.problem.stale');
  if (error instanceof HttpError && error.status === 409 && problem?.currentStatus)
    return t('case.problem.notAllowed', { status: names.status(problem.currentStatus) });
  if (error instanceof HttpError && error.status === 404) return t('case.problem.gone');
  if (error instanceof HttpError && problem?.errors)
    return t('case.problem.invalid', { reason: Object.values(problem.errors).flat().join(t('list.separator')) });
  return t('case.problem.failed');
}

/** A 409: the case is not what the user saw, so the view reloads it. */
export const isConflict = error => error instanceof HttpError && error.status === 409;

/** Label/value rows as a definition list (values are text, never markup). */
function factList(rows, className = 'facts') {
  const list = document.createElement('dl');
  list.className = className;
  for (const [label, value] of rows.filter(([, v]) => v !== null && v !== undefined && v !== '')) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    if (value instanceof Node) dd.append(value);
    else dd.textContent = value;
    list.append(dt, dd);
  }
  return list;
}

/** What a case view says about a case: status, text, where, who, when; a possible duplicate opens it. */
export function caseFacts(view, names, { onOpenCase = null } = {}) {
  let duplicate = null;
  if (view.possibleDuplicateOf != null) {
    duplicate = document.createElement('button');
    duplicate.type = 'button';
    duplicate.className = 'link-button';
    duplicate.textContent = `#${view.possibleDuplicateOf}`;
    if (onOpenCase) duplicate.addEventListener('click', () => onOpenCase(view.possibleDuplicateOf));
  }
  const summons = (view.summons ?? []).map(s =>
    t(s.state === 'confirmed' ? 'case.summons.confirmed' : 'case.summons.pending', { department: names.department(s.department) })
    + (s.late ? ` · ${t('case.summons.late')}` : ''));
  return factList([
    [t('case.status'), names.status(view.status) + (view.overdue ? ` · ${t('case.overdue')}` : '')],
    [t('case.category'), names.category(view.categoryCode)],
    [t('case.description'), view.description],
    // Areas the page was not given (above the user's own, or none for a resident) are left out.
    [t('case.where'), [view.gridId, view.communityId, view.streetId].filter(id => names.areas.has(id)).map(id => names.area(id)).join(' · ')],
    [t('case.reporter'), view.reporter],
    [t('case.reportedAt'), formatTime(view.reportedAt)],
    [t('case.deadline'), formatTime(view.deadline)],
    [t('case.assignee'), names.person(view.assigneeId)],
    [t('case.duplicateOf'), duplicate],
    [t('case.summons'), summons.join(t('list.separator'))],
  ], 'facts case-facts');
}

/**
 * An area's cases on a page: the store, the pins and the list, filtered alike and kept in step.
 * The page feeds it from the live push (receive) and over HTTP (load, more, take). The list holds
 * the newest cases a page (LIST_PAGE) at a time; the store holds those pages, the pins in view
 * and what the live push brought, never a whole district.
 */
export class CaseBoard {
  store = new CaseStore();
  filter = { ...NEW_FILTER };
  selectedId = null;
  /** With an area filter that cases do not name (a micro-grid): the ids of the cases the server lists in it. */
  #inArea = null;
  #map;
  #names;
  #markers;
  #list;
  #count;
  #more;
  #areaId = null;
  /** The list's pages: the next page's link (null: none), and the oldest case they hold. */
  #next = null;
  #oldest = Infinity;
  /** True when the area's cases matching the filter all fit the first page (held whole). */
  #whole = true;
  #loading = 0;
  #tiles = null;
  #tileFilter = null;
  #tileRefresh = null;
  #pinsInView = new Set();
  #pendingPopup = null;
  #moving = false;
  #onOpen;
  /**
   * The live changes received since a read of the area's cases was asked for (null when none is
   * on its way). A read answers what was stored when it ran, and a change pushed while its answer
   * was on the way may be newer: those changes are put again over the answer, the newer of each
   * case kept (CaseStore.put), so that nothing the push said is lost.
   */
  #heard = null;

  constructor(map, names, { listElement, countElement, onOpen }) {
    this.#map = map;
    this.#names = names;
    this.#markers = new CaseMarkers(map, names, { onOpen: id => onOpen(id, { fly: false }) });
    this.#list = new CaseList(listElement, names, { onOpen: id => onOpen(id, { fly: true }) });
    this.#count = countElement;
    this.#onOpen = id => onOpen(id, { fly: false });
    this.#more = translated('button', 'case.list.more', { type: 'button', className: 'case-more', hidden: true });
    this.#more.addEventListener('click', () => this.more());
    listElement.after(this.#more);
    map.on('movestart', () => { this.#moving = true; });
    map.on('moveend', () => {
      this.#moving = false;
      this.#viewChanged();
    });
  }

  /** True when the area is too large to hold: its cases are drawn from tiles, pins only zoomed in. */
  get large() { return !this.#whole; }

  /** The cases the list holds: every held one matching the filter, down to the oldest of the pages loaded. */
  #listed() {
    return this.store.all().filter(c => matches(c, this.filter, this.#inArea) && (this.#whole || c.id >= this.#oldest));
  }

  /** The pins: all of a held area's; of a large one, those in view once zoomed in (and the open case). */
  #pinned() {
    const shown = this.store.all().filter(c => matches(c, this.filter, this.#inArea));
    if (this.#whole) return shown;
    const zoomedIn = this.#map.getZoom() >= PIN_ZOOM;
    const bounds = this.#map.getBounds();
    return shown.filter(c => c.id === this.selectedId || (zoomedIn && bounds.contains([c.lat, c.lon]))).slice(0, PIN_LIMIT);
  }

  render() {
    const listed = this.#listed();
    const pinned = this.#pinned();
    this.#markers.show(pinned);
    this.#list.show(listed, this.selectedId);
    this.#count.textContent = t(this.#next ? 'case.list.countMore' : 'case.list.count', { n: listed.length });
    this.#more.hidden = this.#next === null;
    this.#openPendingPopup();
    this.#nameShown([...listed, ...pinned]);
  }

  /** Reads the names of the places and assignees shown that the page does not know yet, and draws again once they are in. */
  #nameShown(cases) {
    this.#names.need({ areaIds: cases.map(c => c.gridId ?? c.communityId ?? c.streetId), staffIds: cases.map(c => c.assigneeId) })
      .then(more => { if (more) this.render(); }, error => console.error(error));
  }

  /**
   * Loads the area's cases (areaId: the area watched): held whole when they fit a page, every
   * filter then applied here at once; else the first page of those matching the filter, and the
   * rest drawn from tiles (pins once zoomed in).
   */
  async load(areaId, asked = null) {
    this.#areaId = areaId;
    const loading = ++this.#loading;
    return this.#hearing(loading, () => this.#load(areaId, asked, loading));
  }

  /** Runs read (numbered loading), keeping the changes pushed meanwhile to put again over its answer (#hold). */
  async #hearing(loading, read) {
    this.#heard ??= [];
    try {
      return await read();
    } catch (error) {
      // The changes heard stay put in the store; none is to be put again over a read that failed.
      if (loading === this.#loading) this.#heard = null;
      throw error;
    }
  }

  async #load(areaId, asked, loading) {
    // A large area's first page matching the filter and its tiles are asked for together with
    // the page that tells whether the area is large, not after it: one after the other they were
    // three round trips before the list was drawn. A small area leaves the two answers unused.
    // Those asked for already (askCases) are taken when they are of this area and filter.
    const early = asked?.areaId === areaId ? asked : null;
    const earlyMatching = early && await early.matching.catch(() => null);
    if (loading !== this.#loading) return;
    const matching = earlyMatching?.filter === JSON.stringify(this.#matchingQuery()) ? earlyMatching : this.#askMatching();
    const { cases, next } = await (early?.all ?? loadCasePage('/api/cases', { areaId, limit: LIST_PAGE }));
    if (loading !== this.#loading) return;
    if (next === null) {
      const inArea = await this.#askInArea();
      if (loading !== this.#loading) return;
      this.#inArea = inArea;
      this.#hold(cases, null, true);
      await this.#drawTiles();
    } else await this.#loadMatching(loading, matching);
  }

  /** The query of a large area's list and tiles, with the filter as it is now. */
  #matchingQuery() {
    return { areaId: this.filter.areaId ?? this.#areaId, ...serverFilter(this.filter, this.#names.statuses) };
  }

  /** Asks for the first page of the cases matching the filter and, below PIN_ZOOM, for their tiles' TileJSON. */
  #askMatching() {
    return askMatching(this.#matchingQuery(), this.#map.getZoom() < PIN_ZOOM);
  }

  /**
   * The filter changed: a large area asks the server; a whole one is drawn again at once, but for
   * an area filter cases do not name, whose cases the server lists (all fit a page, as the area's do).
   */
  async filterChanged() {
    const loading = ++this.#loading;
    if (!this.#whole) return this.#hearing(loading, () => this.#loadMatching(loading));
    const inArea = await this.#askInArea();
    if (loading !== this.#loading) return;
    this.#inArea = inArea;
    this.render();
  }

  /** Of a whole area, the ids of the cases in the filter's area when only the server knows them (else null). */
  async #askInArea() {
    if (!this.#areaAskedOfServer) return null;
    const { cases } = await loadCasePage('/api/cases', { areaId: this.filter.areaId, limit: LIST_PAGE });
    return new Set(cases.map(c => c.id));
  }

  get #areaAskedOfServer() {
    return this.filter.areaId != null && !NAMED_LEVELS.includes(this.filter.areaLevel);
  }

  /** Notes the cases the server listed for the filter, when only the server knows which lie in its area. */
  #listedInArea(cases) {
    if (this.#areaAskedOfServer) for (const c of cases) this.#inArea.add(c.id);
  }

  /** The first page of a large area's cases matching the filter, its tiles, and its pins in view. */
  async #loadMatching(loading, asked = this.#askMatching()) {
    const { cases, next } = await asked.page;
    if (loading !== this.#loading) return;
    this.#inArea = this.#areaAskedOfServer ? new Set() : null;
    this.#listedInArea(cases);
    this.#hold(cases, next, false);
    // The list in a task of its own, the tiles in the next: together, on a city's district, one
    // long task of the page's opening.
    await yieldTask();
    if (loading !== this.#loading) return;
    await this.#drawTiles(asked);
    if (this.#map.getZoom() >= PIN_ZOOM) await this.#loadPinsInView();
  }

  #hold(cases, next, whole) {
    this.store.clear();
    this.#pinsInView.clear();
    for (const c of cases) this.store.put(c);
    for (const c of this.#heard ?? []) this.store.put(c, { live: true });
    this.#heard = null;
    this.#next = next;
    this.#oldest = Math.min(...cases.map(c => c.id));
    this.#whole = whole;
    this.render();
  }

  /** The list's next page. */
  async more() {
    if (!this.#next) return;
    const loading = this.#loading;
    this.#more.disabled = true;
    try {
      const { cases, next } = await loadCasePage(this.#next);
      if (loading !== this.#loading) return;
      this.#listedInArea(cases);
      for (const c of cases) this.store.put(c);
      this.#next = next;
      this.#oldest = Math.min(this.#oldest, ...cases.map(c => c.id));
      this.render();
    } finally {
      this.#more.disabled = false;
    }
  }

  /**
   * A large area's cases as vector tiles below PIN_ZOOM (clusters where crowded), filtered as the
   * list is. asked: { filter, tiles } already asked for (askMatching), used when it is of the filter as it is now.
   */
  async #drawTiles(asked = null) {
    const wanted = !this.#whole && this.#map.getZoom() < PIN_ZOOM;
    const query = this.#matchingQuery();
    const filter = JSON.stringify(query);
    if (wanted && this.#tiles && this.#tileFilter === filter) return;
    this.#tiles?.remove();
    this.#tiles = null;
    this.#tileFilter = null;
    if (!wanted) return;
    const loading = this.#loading;
    const tilejson = await (asked?.filter === filter && asked.tiles ? asked.tiles : loadTileJson('cases', query));
    if (loading !== this.#loading || this.#tiles) return;
    this.#tileFilter = filter;
    this.#tiles = vectorTileLayer('cases', tilejson, { style: caseTileStyle, popup: p => {
      this.#onOpen(p.id);
      return this.#markers.tilePopup(p);
    } }).addTo(this.#map);
  }

  /** The cases in view, newest first, as pins (a large area zoomed in); cases neither listed nor in view are let go. */
  async #loadPinsInView() {
    const loading = this.#loading;
    const query = {
      areaId: this.filter.areaId ?? this.#areaId, ...serverFilter(this.filter, this.#names.statuses),
      bbox: bboxParam(this.#map.getBounds()), limit: PIN_LIMIT,
    };
    const { cases } = await loadCasePage('/api/cases', query);
    if (loading !== this.#loading) return;
    this.#listedInArea(cases);
    const inView = new Set(cases.map(c => c.id));
    for (const id of this.#pinsInView) {
      if (!inView.has(id) && id < this.#oldest && id !== this.selectedId) this.store.delete(id);
    }
    this.#pinsInView = inView;
    for (const c of cases) this.store.put(c);
    this.render();
  }

  #viewChanged() {
    if (this.#areaId === null) return;
    if (this.#whole) return this.#openPendingPopup();
    this.#drawTiles().catch(error => console.error(error));
    if (this.#map.getZoom() >= PIN_ZOOM) this.#loadPinsInView().catch(error => console.error(error));
    else {
      // The list does not follow the view: the pins alone (a list drawn again cost a long task a move).
      this.#markers.show(this.#pinned());
      this.#openPendingPopup();
    }
  }

  #openPendingPopup() {
    if (this.#pendingPopup === null || this.#moving) return;
    if (this.#markers.openPopup(this.#pendingPopup)) this.#pendingPopup = null;
  }

  /** The tiles show a change within TILE_REFRESH_MS. */
  #refreshTiles() {
    if (!this.#tiles || this.#tileRefresh !== null) return;
    this.#tileRefresh = setTimeout(() => {
      this.#tileRefresh = null;
      this.#tiles?.redraw();
    }, TILE_REFRESH_MS);
  }

  /** A change from the live push (or a move's answer); a case new to the page pulses in. */
  receive(c) {
    const isNew = this.store.get(c.id) === null;
    this.#heard?.push(c);
    if (!this.store.put(c, { live: true })) return false;
    this.render();
    this.#refreshTiles();
    if (isNew) {
      this.#markers.pulse(c.id);
      this.#list.flash(c.id);
      // Whether a new case lies in an area it does not name, only the server can say.
      if (this.#areaAskedOfServer) this.filterChanged().catch(error => console.error(error));
    }
    return true;
  }

  /** Puts a case read over HTTP (kept only if newer than the one held). */
  take(c) {
    if (this.store.put(c)) this.render();
  }

  clear() {
    ++this.#loading;
    this.#heard = [];
    this.store.clear();
    this.#pinsInView.clear();
    this.#next = null;
    this.#oldest = Infinity;
    this.#whole = true;
    this.#inArea = null;
    this.#tiles?.remove();
    this.#tiles = null;
    this.selectedId = null;
    this.render();
  }

  select(id, { fly = false } = {}) {
    this.selectedId = id;
    this.#pendingPopup = null;
    this.render();
    if (id === null) return;
    if (fly) this.#flyTo(id);
    this.#list.reveal(id);
  }

  /** Flies to a case and opens its popup once there (and, in a large area, once the pins in view are in). */
  #flyTo(id) {
    const c = this.store.get(id);
    if (!c) return;
    const target = L.latLng(c.lat, c.lon);
    const zoom = Math.max(this.#map.getZoom(), CASE_ZOOM);
    this.#pendingPopup = id;
    if (this.#map.getCenter().distanceTo(target) < 1 && this.#map.getZoom() === zoom) this.#openPendingPopup();
    else this.#map.flyTo(target, zoom, { duration: 0.8 });
  }

  refresh() {
    this.#more.textContent = t('case.list.more');
    this.render();
    this.#markers.refresh();
  }
}

/** The status filter's choices: open (the default), overdue, all, then each status. */
export function statusOptions(names, selected) {
  const groups = ['open', 'overdue', 'all'];
  return [...groups, ...names.statuses.map(s => s.code)].map(code =>
    new Option(groups.includes(code) ? t(`filter.status.${code}`) : names.status(code), code, false, code === selected));
}

/** Pin colours on the map, one entry per colour (statuses sharing one are named together). */
const LEGEND_ROWS = [['reported'], ['registered'], ['dispatched'], ['in_progress'], ['returned'],
  ['extension_requested', 'extended'], ['parked'], ['feedback_submitted', 'checking'], ['closed'], ['voided']];

export function addCaseLegend(map, names) {
  return addLegendControl(map, 'legend.cases', box => {
    const list = document.createElement('ul');
    const row = (className, label) => {
      const item = document.createElement('li');
      item.append(Object.assign(document.createElement('i'), { className: `swatch ${className}` }), textElement(label));
      return item;
    };
    list.append(...LEGEND_ROWS.map(statuses => row(`case-dot status-${statuses[0]}`, statuses.map(s => names.status(s)).join(' / '))),
      row('case-dot is-overdue', t('case.overdue')));
    box.replaceChildren(list);
  }, { position: 'bottomleft', className: 'legend case-legend' });
}
