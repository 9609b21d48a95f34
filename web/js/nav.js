// The title bar every page but sign-in has, written once: the app's name (or the page's), the
// pages the user may go to, and the language switch, around what the page itself puts in its bar.
// A desk page writes <header class="topbar" data-page="NAME"> with its own controls only and
// loads this module before its own script (module scripts run in document order), so the bar is
// whole when the page translates itself and enterPage (auth.js) drops the links the user's role
// may not open. The field pages build theirs with titleBar (field.js).
import { PAGE_URLS } from './auth.js';
import { otherLang, setLang, t, translated } from './i18n.js';

/**
 * The pages a desk page's title bar links to, in its order (names as in auth.js; enterPage drops
 * those the user may not open): a grid worker's tasks and a department's inbox first, as their
 * phones' own bars have them, so that the map opened from a card leads back.
 */
const DESK_PAGES = ['worker', 'dept', 'map', 'command', 'leader', 'planner', 'kpi', 'edit', 'import'];

/**
 * Makes bar the page's title bar: the title (i18n key) and the links ([href, i18n key], current:
 * the key of the page itself) before what bar holds, the language switch after it; and the app's icon.
 */
export function titleBar(bar, { title = 'app.title', links, current }) {
  const nav = document.createElement('nav');
  nav.className = 'pages';
  nav.dataset.i18nAriaLabel = 'nav.label';
  nav.setAttribute('aria-label', t('nav.label'));
  nav.append(...links.map(([href, key]) => {
    const link = translated('a', key, { href });
    if (key === current) link.setAttribute('aria-current', 'page');
    return link;
  }));
  const langSwitch = translated('button', 'lang.other', { id: 'lang-switch', type: 'button', className: 'lang-switch' });
  langSwitch.dataset.i18nTitle = 'lang.switch';
  langSwitch.addEventListener('click', () => setLang(otherLang()));
  bar.prepend(translated('h1', title), nav);
  bar.append(langSwitch);
  document.head.append(Object.assign(document.createElement('link'), { rel: 'icon', href: 'favicon.svg', type: 'image/svg+xml' }));
}

const desk = document.querySelector('header.topbar[data-page]');
if (desk) {
  titleBar(desk, {
    title: desk.dataset.title,
    links: DESK_PAGES.map(page => [PAGE_URLS[page], `nav.${page}`]),
    current: `nav.${desk.dataset.page}`,
  });
}
