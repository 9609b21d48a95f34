// Who is signed in, and getting them signed in. The token travels as an HttpOnly cookie the
// server sets at sign-in, so fetches on this origin carry it without any script seeing it.
import { translated } from './i18n.js';

const SIGN_IN_PAGE = '/login.html';

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function goToSignIn() {
  const here = location.pathname + location.search;
  location.assign(here.startsWith(SIGN_IN_PAGE) ? SIGN_IN_PAGE : `${SIGN_IN_PAGE}?next=${encodeURIComponent(here)}`);
}

/** The signed-in user ({ username, role, area, staffId, may, departmentCode, name }, as GET /api/auth/me); anyone else goes to sign in. */
export async function requireUser() {
  const response = await fetch('/api/auth/me', { headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    goToSignIn();
    return new Promise(() => {}); // the page is going away
  }
  if (!response.ok) throw new Error(`${response.status} from /api/auth/me`);
  return response.json();
}

/** True when the user's role may use the feature (a server policy name, e.g. 'staff'). */
export const may = (user, feature) => user.may.includes(feature);

/** { outcome: 'ok' | 'wrong' (username or password) | 'limited' (too many attempts), role }. */
export async function signIn(username, password) {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.ok) return { outcome: 'ok', role: (await response.json()).role };
  if (response.status === 429) return { outcome: 'limited' };
  if (response.status === 400 || response.status === 401) return { outcome: 'wrong' };
  throw new Error(`${response.status} from /api/auth/login`);
}

/** The pages each role may open; the first is where it lands after signing in. */
const PAGES = {
  admin: ['map', 'command', 'leader', 'planner', 'kpi'],
  command_centre: ['command', 'map', 'kpi'],
  grid_leader: ['leader', 'map', 'kpi'],
  grid_worker: ['worker', 'map'],
  planner: ['planner', 'map', 'kpi'],
  reporter: ['report'],
  department: ['dept', 'map'],
};
/** Each page's address, by the names enterPage and the title bars use. */
export const PAGE_URLS = {
  map: '/', command: '/command.html', leader: '/leader.html', planner: '/planner.html',
  report: '/report.html', worker: '/worker.html', dept: '/dept.html', kpi: '/kpi.html', edit: '/edit.html', import: '/import.html',
};
/**
 * Pages for whoever the server's policies (Auth/Access.cs) let use their feature, whatever the
 * role: editing for a role that may edit anything, importing for one that may import.
 */
const PAGE_POLICIES = {
  edit: ['households.edit', 'stations.edit', 'staff.edit', 'areas.edit'],
  import: ['import'],
};

const pagesOf = user => [
  ...(PAGES[user.role] ?? []),
  ...Object.keys(PAGE_POLICIES).filter(page => PAGE_POLICIES[page].some(feature => may(user, feature))),
];

const landingPage = role => PAGE_URLS[(PAGES[role] ?? ['map'])[0]];

/**
 * Opens a page ('map', 'command', 'leader', 'planner', 'report', 'worker', 'dept', 'kpi', 'edit', 'import') for the signed-in user: anyone not signed in goes to
 * sign in, a role that has no business here to its own page. Shows the user, and links only to
 * the pages the role may open. Resolves to the user.
 */
export async function enterPage(page) {
  const user = await requireUser();
  const allowed = pagesOf(user);
  if (!allowed.includes(page)) {
    location.replace(landingPage(user.role));
    return new Promise(() => {});
  }
  showUser(user);
  for (const link of document.querySelectorAll('.pages a')) {
    const target = new URL(link.href).pathname;
    const linked = Object.keys(PAGE_URLS).find(p => PAGE_URLS[p] === target || (p === 'map' && target.endsWith('/index.html')));
    if (linked && !allowed.includes(linked)) link.remove();
  }
  return user;
}

export async function signOut() {
  await fetch('/api/auth/logout', { method: 'POST' });
  location.assign(SIGN_IN_PAGE);
}

/**
 * Where to go after signing in: ?next= when it is a page of this site, else the role's own page.
 * next is resolved as the browser will resolve it (tabs and newlines dropped, backslashes read as
 * slashes, any scheme), so only what really stays on this origin passes.
 */
export function nextPage(role) {
  const next = new URLSearchParams(location.search).get('next');
  if (next) {
    try {
      const url = new URL(next, location.origin);
      if (url.origin === location.origin) return url.pathname + url.search + url.hash;
    } catch {
      // not a URL at all: the role's own page
    }
  }
  return landingPage(role);
}

/**
 * Who is signed in, as the people around them know them: a staff member's name, else the area the
 * account serves (a command centre's street, a department's district), else the username.
 */
const knownAs = user => user.name ?? user.area?.name ?? user.username;

/** The user's name (the username as its tooltip) and a sign-out button in the title bar, before the language switch. */
export function showUser(user) {
  const bar = document.querySelector('.topbar');
  const name = Object.assign(document.createElement('span'), { className: 'user', id: 'user', title: user.username });
  name.append(translated('span', `user.role.${user.role}`), ` ${knownAs(user)}`);
  const button = translated('button', 'auth.signOut', { type: 'button', id: 'sign-out', className: 'lang-switch' });
  button.addEventListener('click', signOut);
  bar.insertBefore(button, document.getElementById('lang-switch'));
  bar.insertBefore(name, button);
}
