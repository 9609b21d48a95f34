// Who is signed in, and getting them signed in. The token travels as an HttpOnly cookie the
// server sets at sign-in, so fetches on this origin carry it without any script seeing it.
import { t } from './i18n.js';

const SIGN_IN_PAGE = '/login.html';

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function goToSignIn() {
  const here = location.pathname + location.search;
  location.assign(here.startsWith(SIGN_IN_PAGE) ? SIGN_IN_PAGE : `${SIGN_IN_PAGE}?next=${encodeURIComponent(here)}`);
}

/** The signed-in user ({ username, role, area, staffId, may }); anyone else goes to sign in. */
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

/** 'ok', 'wrong' (username or password) or 'limited' (too many attempts). */
export async function signIn(username, password) {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.ok) return 'ok';
  if (response.status === 429) return 'limited';
  if (response.status === 400 || response.status === 401) return 'wrong';
  throw new Error(`${response.status} from /api/auth/login`);
}

export async function signOut() {
  await fetch('/api/auth/logout', { method: 'POST' });
  location.assign(SIGN_IN_PAGE);
}

/** Only a path on this site: never a redirect elsewhere through ?next=. */
export function nextPage() {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** The user's name and a sign-out button in the title bar, before the language switch. */
export function showUser(user) {
  const bar = document.querySelector('.topbar');
  const name = document.createElement('span');
  name.className = 'user';
  name.id = 'user';
  const role = document.createElement('span');
  role.dataset.i18n = `user.role.${user.role}`;
  role.textContent = t(`user.role.${user.role}`);
  name.append(role, ` ${user.username}`);
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'sign-out';
  button.className = 'lang-switch';
  button.dataset.i18n = 'auth.signOut';
  button.textContent = t('auth.signOut');
  button.addEventListener('click', signOut);
  bar.insertBefore(button, document.getElementById('lang-switch'));
  bar.insertBefore(name, button);
}
