// 职能部门: a department's inbox of 吹哨 summonses. Each is 报到'd with one click; one not 报到'd by
// its due time, or 报到'd after it, is late and shows red (the command centre hears of a late
// 报到 over the live push).
import { getJson } from './api.js';
import { CaseNames, formatTime, problemText, takeAction } from './cases.js';
import { caseCard, openFieldPage } from './field.js';
import { onLangChange, t } from './i18n.js';

/** The role this page acts in. */
const ROLE = 'department';
/** How often the inbox is read again, and lateness looked at anew. */
const REFRESH_MS = 30_000;

await openFieldPage('dept');
const names = await CaseNames.fromCatalogue();
let summonses = [];
/** What the last 报到 attempt said, by case id. */
const said = new Map();

/** Late: 报到'd after it was due, or still not 报到'd past it (before the overdue watcher has flagged it). */
const isLate = s => s.late || (!s.confirmedAt && Date.now() > Date.parse(s.dueAt));

async function load() {
  try {
    summonses = await getJson('/api/summons');
    document.getElementById('status').textContent = '';
  } catch (error) {
    console.error(error);
    document.getElementById('status').textContent = t('status.casesFailed');
  }
  render();
  document.getElementById('field').dataset.ready = 'true';
}

function render() {
  document.getElementById('inbox-count').textContent = t('case.list.count', { n: summonses.length });
  const list = document.getElementById('inbox');
  if (summonses.length === 0) {
    list.replaceChildren(Object.assign(document.createElement('li'), { className: 'empty', textContent: t('dept.empty') }));
    return;
  }
  list.replaceChildren(...summonses.map(s => {
    const late = isLate(s);
    const state = document.createElement('p');
    state.className = 'summons-state';
    state.textContent = s.confirmedAt ? t('dept.confirmed', { time: formatTime(s.confirmedAt) }) : t('dept.due', { time: formatTime(s.dueAt) });
    if (late) state.append(' · ', Object.assign(document.createElement('strong'), { className: 'late', textContent: t('dept.late') }));
    const nodes = [state];
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
    await takeAction(s.case, 'confirm_escalation', ROLE, { department: s.department });
  } catch (error) {
    said.set(s.case.id, t('dept.failed', { reason: problemText(error, names) }));
  }
  await load();
}

onLangChange(render);
await load();
setInterval(load, REFRESH_MS);
