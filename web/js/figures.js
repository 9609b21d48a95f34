// What the panels of figures share (the evaluation kpis.js and kpi.js, the case counts
// casecounts.js): a figure as a tile, rates as per cents, and asking the server again as cases change.
import { t } from './i18n.js';

/**
 * A figure as a tile: its value above its name (i18n key label); data-NAME=key (attribute names
 * the data attribute) lets styles and tests find it.
 */
export function figureTile(attribute, key, label, value, className = '') {
  const box = document.createElement('div');
  box.className = `kpi-tile ${className}`.trim();
  box.dataset[attribute] = key;
  box.append(Object.assign(document.createElement('strong'), { textContent: value }),
    Object.assign(document.createElement('span'), { textContent: t(label) }));
  return box;
}

/**
 * A rate (0–1) as a per cent to a tenth, as both the page's languages write it (12.5%); none as a
 * dash. Written out rather than by Intl.NumberFormat, whose first format of a page loads the
 * locale's data: some 45 ms of the evaluation page's opening on a city's figures.
 */
export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/**
 * A panel of figures the server counts: refresh() asks for them (the panel's ask()) at once;
 * changed() asks at most once in periodMs while changes keep coming, and at the latest periodMs
 * after a change, so a busy area's figures stay fresh at one request a period.
 */
export class FigurePanel {
  #periodMs;
  #timer = null;
  #askedAt = -Infinity;

  constructor(periodMs) {
    this.#periodMs = periodMs;
  }

  /** A case of the area changed. */
  changed() {
    if (this.#timer !== null) return; // the request already waiting starts after this change, so it counts it
    this.#timer = setTimeout(() => this.refresh(), Math.max(0, this.#askedAt + this.#periodMs - Date.now()));
  }

  refresh() {
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#askedAt = Date.now();
    return this.ask();
  }
}
