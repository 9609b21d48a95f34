// 综合评价: how an area's cases were handled over the last 30 days, as the server counts them
// (/api/kpis): four totals, then the area's grids ranked.
import { getJson } from './api.js';
import { t } from './i18n.js';
import { exportLinks } from './exportlinks.js';
import { FigurePanel, figureTile, percent } from './figures.js';

/**
 * While cases keep changing, the evaluation is asked for at most once in this many ms, and at the
 * latest this long after a change: a busy area's figures stay fresh at one request per period.
 */
export const REFRESH_MS = 3000;

/** The ranking shows this many grids (a district has thousands: a table of them all would hold up the page). */
const RANKED_ROWS = 20;

/** The evaluation panel (element) of the area areaId() names at the time of asking. */
export class KpiPanel extends FigurePanel {
  #element;
  #areaId;
  #report = null;

  constructor(element, areaId) {
    super(REFRESH_MS);
    this.#element = element;
    this.#areaId = areaId;
    // The ranking of every grid as a file: the same area and period (the last 30 days) as the panel.
    element.before(exportLinks('kpis', () => ({ areaId: areaId() })));
  }

  /** Asks for the figures (FigurePanel.refresh says when), and draws them. */
  async ask() {
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
    const tile = (key, value, className) => figureTile('kpi', key, `kpi.${key}`, value, className);
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
