// 综合评价: how an area's cases were handled over the last 30 days, as the server counts them
// (/api/kpis): four totals, then the area's grids ranked.
import { getJson } from './api.js';
import { t } from './i18n.js';
import { exportLinks } from './exportlinks.js';

/**
 * While cases keep changing, the evaluation is asked for at most once in this many ms, and at the
 * latest this long after a change: a busy area's figures stay fresh at one request per period.
 */
export const REFRESH_MS = 3000;

/** The ranking shows this many grids (a district has thousands: a table of them all would hold up the page). */
const RANKED_ROWS = 20;

/** Per-cent formats by language, made once: making one costs more than formatting a table of rates. */
const percentFormats = new Map();
const percent = rate => {
  if (rate === null || rate === undefined) return '—';
  const lang = document.documentElement.lang;
  if (!percentFormats.has(lang)) percentFormats.set(lang, new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }));
  return percentFormats.get(lang).format(rate);
};

/** The evaluation panel (element) of the area areaId() names at the time of asking. */
export class KpiPanel {
  #element;
  #areaId;
  #report = null;
  #timer = null;
  #askedAt = -Infinity;

  constructor(element, areaId) {
    this.#element = element;
    this.#areaId = areaId;
    // The ranking of every grid as a file: the same area and period (the last 30 days) as the panel.
    element.before(exportLinks('kpis', () => ({ areaId: areaId() })));
  }

  /** A case of the area changed: the figures are asked for again within REFRESH_MS, not sooner than REFRESH_MS after the last time. */
  changed() {
    if (this.#timer !== null) return; // the refresh already waiting starts after this change, so it counts it
    const wait = Math.max(0, this.#askedAt + REFRESH_MS - Date.now());
    this.#timer = setTimeout(() => this.refresh(), wait);
  }

  /** Asks for the area's figures now, and draws them. */
  async refresh() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#askedAt = Date.now();
    const areaId = this.#areaId();
    try {
      const report = await getJson('/api/kpis', { areaId, by: 'grid' });
      if (areaId !== this.#areaId()) return; // another area was chosen meanwhile; its own answer follows
      this.#report = report;
      this.render();
    } catch (error) {
      console.error(error);
      this.#element.replaceChildren(Object.assign(document.createElement('p'), { textContent: t('kpi.failed') }));
    }
  }

  /** Draws the last answer again (in the current language). */
  render() {
    if (!this.#report) return;
    const { total, groups } = this.#report;
    const tile = (key, value, className = '') => {
      const box = document.createElement('div');
      box.className = `kpi-tile ${className}`.trim();
      box.dataset.kpi = key;
      box.append(Object.assign(document.createElement('strong'), { textContent: value }),
        Object.assign(document.createElement('span'), { textContent: t(`kpi.${key}`) }));
      return box;
    };
    const tiles = document.createElement('div');
    tiles.className = 'kpi-tiles';
    tiles.append(
      tile('due', String(total.due)),
      tile('closureRate', percent(total.closureRate)),
      tile('onTimeClosureRate', percent(total.onTimeClosureRate)),
      tile('overdueOpen', String(total.overdueOpen), total.overdueOpen > 0 ? 'is-alert' : ''));

    const table = document.createElement('table');
    table.className = 'kpi-ranking';
    const head = table.createTHead().insertRow();
    for (const key of ['rank', 'grid', 'due', 'closureRate', 'onTimeClosureRate', 'overdueOpen']) {
      head.append(Object.assign(document.createElement('th'), { textContent: t(`kpi.${key}`), scope: 'col' }));
    }
    const body = table.createTBody();
    for (const g of groups.slice(0, RANKED_ROWS)) {
      const row = body.insertRow();
      row.dataset.gridId = g.key;
      const cells = [g.rank, g.key === '' ? t('kpi.noGrid') : g.name, g.figures.due, percent(g.figures.closureRate),
        percent(g.figures.onTimeClosureRate), g.figures.overdueOpen];
      for (const value of cells) row.insertCell().textContent = value;
    }
    if (groups.length > RANKED_ROWS) {
      body.insertRow().append(Object.assign(document.createElement('td'), { colSpan: 6, textContent: t('kpi.more', { n: groups.length - RANKED_ROWS }) }));
    }
    if (groups.length === 0) {
      body.insertRow().append(Object.assign(document.createElement('td'), { colSpan: 6, textContent: t('kpi.none') }));
    }
    this.#element.replaceChildren(tiles, table);
  }
}
