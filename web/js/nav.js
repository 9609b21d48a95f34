// The desk pages' navigation, written once. A desk page puts <nav class="pages" data-page="NAME"></nav>
// in its title bar and loads this module before its own script (module scripts run in document
// order), so the links are there when the page translates itself and enterPage (auth.js) drops
// those the user's role may not open.
import { PAGE_URLS } from './auth.js';
import { t } from './i18n.js';

/** The desk pages, in the order the title bar lists them (names as in auth.js). */
const DESK_PAGES = ['map', 'command', 'leader', 'planner', 'kpi', 'edit', 'import'];

const nav = document.querySelector('nav.pages[data-page]');
nav.dataset.i18nAriaLabel = 'nav.label';
nav.setAttribute('aria-label', t('nav.label'));
nav.replaceChildren(...DESK_PAGES.map(page => {
  const link = Object.assign(document.createElement('a'), { href: PAGE_URLS[page], textContent: t(`nav.${page}`) });
  link.dataset.i18n = `nav.${page}`;
  if (page === nav.dataset.page) link.setAttribute('aria-current', 'page');
  return link;
}));
