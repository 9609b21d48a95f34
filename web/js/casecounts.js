// 案件统计: how many of the watched area's cases stand in each status, for a window of report
// dates the user chooses (none: all time), as the server counts them (GET /api/cases/counts).
// The counts are what the command centre knows of a district's whole case load without loading it.
import { getJson } from './api.js';
import { t } from './i18n.js';
import { FigurePanel, figureTile } from './figures.js';
import { REFRESH_MS } from './kpis.js';

/** A date input's day as the instant it starts in China Standard Time (to: the next day's start, as the window's end is exclusive). */
function dayStart(value, { next = false } = {}) {
  if (!value) return null;
  const start = Date.parse(`${value}T00:00:00+08:00`);
  return new Date(start + (next ? 86_400_000 : 0)).toISOString();
}

/** The counts panel (element) of the area areaId() names, for the window the from/to date inputs give. */
export class CaseCountsPanel extends FigurePanel {
  #element;
  #areaId;
  #names;
  #from;
  #to;
  #counts = null;

  constructor(element, { from, to }, areaId, names) {
    super(REFRESH_MS);
    this.#element = element;
    this.#from = from;
    this.#to = to;
    this.#areaId = areaId;
    this.#names = names;
    for (const input of [from, to]) input.addEventListener('change', () => this.refresh());
  }

  /** Counts (FigurePanel.refresh says when), and draws them. */
  async ask() {
    const areaId = this.#areaId();
    const query = { areaId, from: dayStart(this.#from.value), to: dayStart(this.#to.value, { next: true }) };
    try {
      const counts = await getJson('/api/cases/counts', query);
      if (areaId !== this.#areaId() || query.from !== dayStart(this.#from.value) || query.to !== dayStart(this.#to.value, { next: true })) return;
      this.#counts = counts;
      this.render();
    } catch (error) {
      console.error(error);
      this.#element.replaceChildren(Object.assign(document.createElement('p'), { textContent: t('counts.failed') }));
    }
  }

  /** Draws the last answer again (in the current language): totals, then each status with cases. */
  render() {
    if (!this.#counts) return;
    const { total, open, overdue, byStatus } = this.#counts;
    const number = n => new Intl.NumberFormat(document.documentElement.lang).format(n);
    const tile = (key, value, className) => figureTile('count', key, `counts.${key}`, number(value), className);
    const tiles = document.createElement('div');
    tiles.className = 'kpi-tiles';
    tiles.append(tile('total', total), tile('open', open), tile('overdue', overdue, overdue > 0 ? 'is-alert' : ''));
    const list = document.createElement('ul');
    list.className = 'status-counts';
    for (const [status, n] of Object.entries(byStatus).filter(([, n]) => n > 0)) {
      const item = document.createElement('li');
      item.dataset.status = status;
      item.append(Object.assign(document.createElement('i'), { className: `swatch case-dot status-${status}` }),
        Object.assign(document.createElement('span'), { textContent: this.#names.status(status) }),
        Object.assign(document.createElement('strong'), { textContent: number(n) }));
      list.append(item);
    }
    this.#element.replaceChildren(tiles, list);
  }
}
