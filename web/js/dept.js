// 职能部门: a department's inbox of 吹哨 summonses. Each is 报到'd with one click; one not 报到'd by
// its due time, or 报到'd after it, is late and shows red (the command centre hears of a late
// 报到 over the live push). New summonses, their lateness and their 报到 are pushed live (the hub's
// SubscribeMine); the inbox is read again over HTTP only while the push is down. The first page
// holds what is left to answer and the latest 报到; older ones come a page at a time (加载更多), or
// one by its case number (查找).
import { getJsonPage, HttpError } from './api.js';
import { CaseNames, formatTime, loadCase, problemText, SUMMONS_MOST as MOST, SUMMONS_PAGE as PAGE, takeAction } from './cases.js';
import { caseCard, fieldPageReady, mapLink, nameCards, openFieldPage, replaceCards } from './field.js';
import { onLangChange, t, translated } from './i18n.js';
import { CaseKeeper, LiveFeed, liveIndicator, MINE } from './live.js';

/** The role this page acts in. */
const ROLE = 'department';
/** How often lateness is looked at anew, and the inbox read again while the push is down. */
const REFRESH_MS = 30_000;

const user = await openFieldPage('dept');
/** The catalogue's names, and those of the cases' places and handlers (nameCards). */
const names = await CaseNames.fromCatalogue();
/** The cases the department was summoned to, as last read or pushed; drawn, then named. */
const cases = new CaseKeeper(() => {
  render();
  nameCards(names, cases.values, render);
});
/** What the last 报到 attempt said, by case id. */
const said = new Map();
/** The link to the inbox's next, older page; null when the inbox is read to its end. */
let older = null;
const more = translated('button', 'case.list.more', { type: 'button', hidden: true });
more.addEventListener('click', readOlder);
document.getElementById('inbox').after(more);

/** The department's own summonses, in the order of GET /api/summons: unconfirmed first, the earliest due first, then confirmed, the latest 报到 first. */
const summonses = () => cases.values
  .flatMap(c => c.summons.filter(s => s.department === user.departmentCode).map(s => ({ ...s, caseId: c.id, case: c })))
  .sort((a, b) => Number(Boolean(a.confirmedAt)) - Number(Boolean(b.confirmedAt))
    || (a.confirmedAt ? Date.parse(b.confirmedAt) - Date.parse(a.confirmedAt) : Date.parse(a.dueAt) - Date.parse(b.dueAt))
    || a.caseId - b.caseId);

/** Late: 报到'd after it was due, or still not 报到'd past it (before the overdue watcher has flagged it). */
const isLate = s => s.late || (!s.confirmedAt && Date.now() > Date.parse(s.dueAt));

/** Reads the inbox again, as far down as it is shown (older pages the user opened stay open, up to MOST). */
async function load() {
  try {
    await cases.reload(async () => {
      const page = await getJsonPage('/api/summons', { limit: Math.min(MOST, Math.max(PAGE, summonses().length)) });
      older = page.next;
      return page.items.map(entry => entry.case);
    });
    document.getElementById('status').textContent = '';
  } catch (error) {
    console.error(error);
    document.getElementById('status').textContent = t('status.casesFailed');
  }
  render();
  await fieldPageReady();
}

async function readOlder() {
  more.disabled = true;
  try {
    const page = await getJsonPage(older);
    older = page.next;
    cases.take(page.items.map(entry => entry.case));
    document.getElementById('status').textContent = '';
  } catch (error) {
    console.error(error);
    document.getElementById('status').textContent = t('status.casesFailed');
  } finally {
    more.disabled = false;
  }
}

function render() {
  // Whose inbox this is: the title bar names the account's area.
  document.getElementById('department-name').textContent = names.department(user.departmentCode);
  more.hidden = older === null;
  const inbox = summonses();
  // What is left to answer, not the length of the list: a department's answered summonses run to thousands, and the list holds the latest.
  document.getElementById('inbox-count').textContent = t('dept.pending', { n: inbox.filter(s => !s.confirmedAt).length });
  const list = document.getElementById('inbox');
  if (inbox.length === 0) {
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: t('dept.empty') }));
    return;
  }
  replaceCards(list, inbox.map(s => {
    const late = isLate(s);
    const state = document.createElement('p');
    state.className = 'summons-state';
    state.textContent = s.confirmedAt ? t('dept.confirmed', { time: formatTime(s.confirmedAt) }) : t('dept.due', { time: formatTime(s.dueAt) });
    if (late) state.append(' · ', Object.assign(document.createElement('strong'), { className: 'late', textContent: t('dept.late') }));
    const nodes = [state, mapLink(s.case)];
    if (!s.confirmedAt) {
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'primary', textContent: t('dept.confirm') });
      button.dataset.action = 'confirm_escalation';
      button.addEventListener('click', () => reportIn(s, button));
      nodes.push(button);
    }
    const message = Object.assign(document.createElement('p'), { className: 'form-message', textContent: said.get(s.case.id) ?? '' });
    message.setAttribute('role', 'alert');
    nodes.push(message);
    const card = caseCard(s.case, names, ...nodes);
    card.classList.add('summons');
    card.classList.toggle('is-late', late);
    card.dataset.department = s.department;
    return card;
  }));
}

/** 报到: one click, on the case as the inbox read it. */
async function reportIn(s, button) {
  button.disabled = true;
  said.delete(s.case.id);
  try {
    cases.take([await takeAction(s.case, 'confirm_escalation', ROLE, { department: s.department })]);
  } catch (error) {
    said.set(s.case.id, t('dept.failed', { reason: problemText(error, names) }));
    await load();
  }
}

/**
 * Finds a summons by its case's number (a caller quotes it on the phone), however far down the
 * year it lies: read on its own when the inbox does not hold it, then shown and focused.
 */
async function findCase(event) {
  event.preventDefault();
  const id = Number(event.target.elements.id.value);
  const status = document.getElementById('status');
  status.textContent = '';
  try {
    if (!cases.has(id)) cases.take([await loadCase(id)]);
  } catch (error) {
    const missing = error instanceof HttpError && error.status === 404;
    if (!missing) console.error(error);
    status.textContent = missing ? t('dept.notFound', { id }) : t('status.casesFailed');
    return;
  }
  const card = document.querySelector(`#inbox li[data-case-id="${id}"]`);
  if (!card) {
    status.textContent = t('dept.notFound', { id });
    return;
  }
  card.tabIndex = -1;
  card.scrollIntoView({ block: 'center' });
  card.focus();
}
document.getElementById('find-case').addEventListener('submit', findCase);

const feed = new LiveFeed({
  onChange: change => cases.take([change.case]),
  onResync: load,
  onState: liveIndicator(document.getElementById('live-state')),
});
onLangChange(render);
await feed.watch(MINE);
setInterval(() => (feed.state === 'live' ? render() : load()), REFRESH_MS);
// For tests and the curious.
window.gridmap = Object.freeze({ cases, feed });
