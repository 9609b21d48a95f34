// 综合评价: the leaders' figures. The four GB/T 30428.4 rates of an area's cases reported in a
// period, as the server counts them (/api/kpis): in total, per area one level down (drill-down
// from street to community to grid, breadcrumb back), per week, per category and per person;
// charts with their tables as the text equivalent; the CSV of what is shown; hot spots on the map.
import { getJson } from './api.js';
import { enterPage, may } from './auth.js';
import { figureTile, percent } from './figures.js';
import { markFirstDraw, nextTask } from './firstdraw.js';
import { HotSpots } from './hotspots.js';
import { currentLang, onLangChange, t, translatePage } from './i18n.js';
import { createMap } from './map.js';
import { MicroGrids } from './microgrids.js';

/** The rates in the order of GB/T 30428.4, each with its chart colour (contrast ≥ 3:1 on white). */
export const RATES = [
  { key: 'closureRate', color: '#1565c0' },
  { key: 'onTimeClosureRate', color: '#2e7d32' },
  { key: 'reworkRate', color: '#c62828' },
  { key: 'extensionRate', color: '#6a1b9a' },
];
/** The area chart and table show this many areas (a street has tens of communities, a community tens of grids). */
const AREAS_SHOWN = 40;
/** The people's table shows this many more at a time: a city's handlers are thousands, too many rows for one task. */
const ROWS_SHOWN = 50;
/** The period a page opens with: twelve weeks, enough for a trend. */
const DEFAULT_DAYS = 84;
const DAY_MS = 86_400_000;

const $ = id => document.getElementById(id);


/** yyyy-mm-dd of a moment in China Standard Time, the time the figures are shown in. */
const cstDate = ms => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
/** The start of a CST day as the API takes it. */
const cstStart = date => `${date}T00:00:00+08:00`;
const nextDay = date => cstDate(Date.parse(cstStart(date)) + DAY_MS);

const page = {
  user: null,
  crumbs: [], // [{ id (null: everything the user sees), name, level }]
  from: null, // yyyy-mm-dd, inclusive
  to: null, // yyyy-mm-dd, inclusive
  reports: {}, // by grouping: the last answers of /api/kpis
  charts: {},
  map: null,
  hot: null,
  micro: null,
  peopleShown: ROWS_SHOWN,
  categories: [],
  request: 0,
};

const current = () => page.crumbs[page.crumbs.length - 1];

/** The query of every figure on the page: the area and the period (to is exclusive for the API). */
const query = () => ({ areaId: current().id, from: cstStart(page.from), to: cstStart(nextDay(page.to)) });

// --- tables and charts ------------------------------------------------------------------------

/**
 * A table of groups: a name column, the counts and the rates; onPick(group) makes each name a
 * button; more: groups not shown, told in a last row, a button when onMore is given.
 */
function fillTable(table, nameKey, groups, { onPick = null, more = 0, onMore = null } = {}) {
  const caption = table.caption;
  table.replaceChildren();
  if (caption) table.append(caption);
  const head = table.createTHead().insertRow();
  for (const key of [nameKey, 'due', 'closed', ...RATES.map(r => r.key), 'overdueOpen']) {
    head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: t(`kpi.${key}`) }));
  }
  const body = table.createTBody();
  for (const g of groups) {
    const row = body.insertRow();
    row.dataset.key = g.key;
    const name = document.createElement('th');
    name.scope = 'row';
    if (onPick && g.key !== '') {
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: g.name });
      button.addEventListener('click', () => onPick(g));
      name.append(button);
    } else name.textContent = g.key === '' ? t('kpi.noGroup') : g.name;
    row.append(name);
    const f = g.figures;
    for (const value of [f.due, f.closed, ...RATES.map(r => percent(f[r.key])), f.overdueOpen]) row.insertCell().textContent = value;
    for (const [i, r] of RATES.entries()) row.cells[3 + i].dataset.rate = r.key;
  }
  if (groups.length === 0) {
    body.insertRow().append(Object.assign(document.createElement('td'), { colSpan: 8, textContent: t('kpi.none') }));
  }
  if (more > 0) {
    const cell = Object.assign(document.createElement('td'), { colSpan: 8 });
    if (onMore) {
      const button = Object.assign(document.createElement('button'), {
        type: 'button', className: 'link', textContent: t('kpi.moreRows', { shown: groups.length, total: groups.length + more }),
      });
      button.addEventListener('click', onMore);
      cell.append(button);
    } else cell.textContent = t('kpi.moreAreas', { n: more });
    body.insertRow().append(cell);
  }
}

/** The page's charts by canvas id: bars over the areas, a line over the weeks. */
const CHARTS = { 'areas-chart': { type: 'bar', title: 'kpi.byArea' }, 'weeks-chart': { type: 'line', title: 'kpi.byWeek' } };

/** The chart on canvas id, made (empty) the first time it is asked for. */
function chartOf(id) {
  const chart = page.charts[id] ??= new Chart($(id), {
    type: CHARTS[id].type,
    data: { labels: [], datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: v => `${v}%` } } },
      plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label}: ${c.raw === null ? '—' : `${c.raw}%`}` } } },
      onClick: (event, elements) => {
        const picked = elements[0] && chart.$groups[elements[0].index];
        if (picked && chart.$onPick) chart.$onPick(picked);
      },
    },
  });
  return chart;
}

/** A chart of the four rates over groups, drawn again in place. */
function drawChart(id, groups, onPick = null) {
  const chart = chartOf(id);
  chart.data.labels = groups.map(g => g.name);
  chart.data.datasets = RATES.map(r => ({
    label: t(`kpi.${r.key}`),
    data: groups.map(g => (g.figures[r.key] === null ? null : Math.round(g.figures[r.key] * 1000) / 10)),
    backgroundColor: r.color,
    borderColor: r.color,
    spanGaps: true,
  }));
  chart.$groups = groups;
  chart.$onPick = onPick;
  chart.update();
  $(id).setAttribute('aria-label', t('kpi.chartLabel', { title: t(CHARTS[id].title), n: groups.length }));
}

function drawTotals(total) {
  const tile = (key, value) => figureTile('kpi', key, `kpi.${key}`, value);
  $('totals').replaceChildren(tile('due', String(total.due)), ...RATES.map(r => tile(r.key, percent(total[r.key]))),
    tile('overdueOpen', String(total.overdueOpen)));
}

/** Everything from the last answers, in the current language: the totals and areas, then the weeks, then the rest. */
async function render() {
  const { area } = page.reports;
  $('area-name').textContent = current().name;
  drawCrumbs();
  if (area) {
    drawTotals(area.total);
    // A grid is the finest level cases are filed in: nothing to drill into.
    const drillable = current().level !== 'grid' && current().level !== 'micro_grid';
    $('areas-section').hidden = !drillable;
    const groups = area.groups.filter(g => g.key !== '').slice(0, AREAS_SHOWN);
    fillTable($('areas-table'), 'area', groups, { onPick: drill, more: area.groups.length - groups.length });
    if (drillable) drawChart('areas-chart', groups, drill);
  }
  await nextTask();
  const { week } = page.reports;
  if (week) {
    fillTable($('weeks-table'), 'week', week.groups);
    drawChart('weeks-chart', week.groups);
  }
  await nextTask();
  const { category, person } = page.reports;
  if (category) fillTable($('categories-table'), 'category', category.groups.map(g => ({ ...g, name: categoryName(g.key) ?? g.name })));
  if (person) drawPeople();
  $('csv').href = `/api/export/kpis.csv?${new URLSearchParams(Object.entries({ ...query(), by: 'area' }).filter(([, v]) => v !== null))}`;
}

/** The people's table, the first page.peopleShown of them; its button shows more and takes the focus to the first of them. */
function drawPeople() {
  const { groups } = page.reports.person;
  const shown = groups.slice(0, page.peopleShown);
  fillTable($('people-table'), 'person', shown, {
    more: groups.length - shown.length,
    onMore: () => {
      page.peopleShown += ROWS_SHOWN;
      drawPeople();
      const first = $('people-table').tBodies[0].rows[shown.length].cells[0];
      first.tabIndex = -1;
      first.focus();
    },
  });
}

const categoryName = code => {
  const c = page.categories.find(x => x.code === code);
  return c ? (currentLang() === 'en' ? c.nameEn ?? c.nameZh : c.nameZh) : null;
};

// --- the area and period -----------------------------------------------------------------------

function drawCrumbs() {
  const list = $('crumbs');
  list.replaceChildren(...page.crumbs.map((crumb, i) => {
    const item = document.createElement('li');
    const last = i === page.crumbs.length - 1;
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'link', textContent: crumb.name });
    if (last) button.setAttribute('aria-current', 'location');
    else button.addEventListener('click', () => { page.crumbs.length = i + 1; load(); });
    item.append(button);
    return item;
  }));
}

function drill(group) {
  page.crumbs.push({ id: Number(group.key), name: group.name, level: null });
  load();
}

/** The groupings of the figures the page shows the user. */
const groupingsShown = () => ['area', 'week', 'category', ...(may(page.user, 'staff') ? ['person'] : [])];

/** The answers of /api/kpis for each grouping, asked for at once. */
function askFigures(q, groupings) {
  const figures = Promise.all(groupings.map(by => getJson('/api/kpis', { ...q, by })));
  figures.catch(() => {}); // told where awaited
  return figures;
}

/** The first load's figures, asked for while the page is set up: { key, figures }. */
let figuresAhead = null;

/** The figures asked for ahead when they are of this query and groupings (once), else null. */
function takeFiguresAhead(q, groupings) {
  const ahead = figuresAhead;
  figuresAhead = null;
  return ahead?.key === JSON.stringify([q, groupings]) ? ahead.figures : null;
}

/** Reads every figure of the area and period, then draws them; the map follows. */
async function load() {
  const request = ++page.request;
  const area = current();
  const url = new URL(location.href);
  if (area.id === null) url.searchParams.delete('area'); else url.searchParams.set('area', area.id);
  url.searchParams.set('from', page.from);
  url.searchParams.set('to', page.to);
  history.replaceState(null, '', url);
  $('status').textContent = t('kpi.loading');
  $('figures').setAttribute('aria-busy', 'true');
  try {
    // Every answer is asked for at once (the map's too): the page waits for the slowest once.
    const groupings = groupingsShown();
    const figures = takeFiguresAhead(query(), groupings) ?? askFigures(query(), groupings);
    const feature = area.id === null ? null : await getJson(`/api/areas/${area.id}`);
    if (feature) area.level = feature.properties.level;
    const bounds = feature ? L.geoJSON(feature).getBounds() : null;
    const map = Promise.all([page.hot.show({ ...query(), bounds, fit: true }),
      page.micro.show({ bounds, gridId: area.level === 'grid' ? area.id : null })]);
    map.catch(() => {});
    const answers = await figures;
    if (request !== page.request) return; // another area or period was chosen meanwhile
    page.reports = Object.fromEntries(groupings.map((by, i) => [by, answers[i]]));
    page.peopleShown = ROWS_SHOWN;
    $('people-section').hidden = !page.reports.person;
    await render();
    await map;
    if (request !== page.request) return;
    $('status').textContent = '';
    $('figures').dataset.area = area.id ?? 'all';
    $('figures').setAttribute('aria-busy', 'false');
    markFirstDraw();
  } catch (error) {
    console.error(error);
    if (request === page.request) $('status').textContent = t('kpi.failed');
  } finally {
    publish();
  }
}

/**
 * The crumbs from the user's own area (or everything) down to the area asked for (?area=), by the
 * parents the server names; an area outside the user's is refused by the server, so it ends there.
 */
async function crumbsTo(areaId) {
  const own = page.user.area;
  const root = own ? { id: own.id, name: own.name, level: own.level } : { id: null, name: t('kpi.all'), level: null };
  const chain = [];
  for (let id = areaId; id !== null && id !== root.id && chain.length < 6;) {
    const feature = await getJson(`/api/areas/${id}`);
    chain.unshift({ id, name: feature.properties.name, level: feature.properties.level });
    id = feature.properties.parentId ?? null;
  }
  return [root, ...chain];
}

function publish() {
  window.gridmap = Object.freeze({ map: page.map, reports: page.reports, charts: page.charts, hot: page.hot, micro: page.micro, crumbs: page.crumbs });
}

async function start() {
  // The map and the categories are made and read with the sign-in check, and the figures (the
  // slowest answers) as soon as the user is known: asked for after the map and the crumbs, they
  // came three round trips later.
  const setUp = Promise.all([createMap($('map')), getJson('/api/case-categories').then(c => c.categories ?? c, () => [])]);
  setUp.catch(() => {}); // told below, once awaited
  page.user = await enterPage('kpi');
  translatePage();

  const asked = new URLSearchParams(location.search);
  const today = cstDate(Date.now());
  page.to = asked.get('to') ?? today;
  page.from = asked.get('from') ?? cstDate(Date.parse(cstStart(page.to)) - (DEFAULT_DAYS - 1) * DAY_MS);
  $('from').value = page.from;
  $('to').value = page.to;
  const areaId = asked.get('area') === null ? null : Number(asked.get('area'));
  // The area the crumbs end at (crumbsTo): the one asked for, else the user's own.
  const firstQuery = { areaId: areaId ?? page.user.area?.id ?? null, from: cstStart(page.from), to: cstStart(nextDay(page.to)) };
  figuresAhead = { key: JSON.stringify([firstQuery, groupingsShown()]), figures: askFigures(firstQuery, groupingsShown()) };
  // The first chart Chart.js makes is a long task of its own (its code compiled, its defaults
  // worked out): the charts are made, empty, each in a task, while the figures are on their way.
  nextTask().then(() => chartOf('areas-chart')).then(nextTask).then(() => chartOf('weeks-chart'));

  [page.map, page.categories] = await setUp;
  page.hot = new HotSpots(page.map, { list: $('recurring'), section: $('recurring-section'), readsCases: may(page.user, 'cases.read') });
  page.micro = new MicroGrids(page.map);
  page.crumbs = await crumbsTo(areaId);

  fillCategories();
  $('period').addEventListener('submit', event => {
    event.preventDefault();
    if (!$('from').value || !$('to').value || $('from').value > $('to').value) {
      $('status').textContent = t('kpi.badPeriod');
      return;
    }
    page.from = $('from').value;
    page.to = $('to').value;
    load();
  });
  $('hot-controls').addEventListener('change', () => {
    page.hot.category = $('hot-category').value || null;
    page.hot.heatOn = $('heat-on').checked;
    page.hot.show(query());
  });
  onLangChange(() => { fillCategories(); render(); page.hot.render(); });
  await load();
}

function fillCategories() {
  const select = $('hot-category');
  const chosen = select.value;
  select.replaceChildren(new Option(t('filter.all'), ''), ...page.categories.map(c => new Option(categoryName(c.code), c.code, false, c.code === chosen)));
}

start();
