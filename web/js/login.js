// The sign-in page: username and password, then back to the page that sent the user here.
import { nextPage, signIn } from './auth.js';
import { otherLang, setLang, t, translatePage } from './i18n.js';

translatePage();
document.getElementById('lang-switch').addEventListener('click', () => setLang(otherLang()));

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');

form.addEventListener('submit', async event => {
  event.preventDefault();
  error.textContent = '';
  error.removeAttribute('data-i18n');
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const { outcome, role } = await signIn(form.username.value.trim(), form.password.value);
    if (outcome === 'ok') {
      location.assign(nextPage(role));
      return;
    }
    error.dataset.i18n = outcome === 'limited' ? 'login.limited' : 'login.wrong';
  } catch (e) {
    console.error(e);
    error.dataset.i18n = 'login.failed';
  } finally {
    button.disabled = false;
  }
  error.textContent = t(error.dataset.i18n);
  form.password.value = '';
  form.password.focus();
});
