// Every visible string, in Chinese (the default) and English. Static page text carries
// data-i18n* attributes; modules that draw text call t() and re-draw on onLangChange().

const STORAGE_KEY = 'gridmap.lang';

export const tables = {
  'zh-CN': {
    'app.title': '网格地图',
    'lang.other': 'English',
    'lang.switch': '切换语言',
    'map.label': '地图',

    'level.district': '区',
    'level.street': '街道',
    'level.community': '社区',
    'level.grid': '网格',
    'level.micro_grid': '微网格',

    'layer.district': '区界',
    'layer.street': '街道',
    'layer.community': '社区',
    'layer.grid': '党建网格',
    'layer.households': '党员户',
    'layer.stations': '党群服务中心/站',
    'layer.staff': '网格员与下沉党员',

    'area.tooltip': '{level} {name}（{code}）',

    'locate.loading': '定位中…',
    'locate.outside': '不在任何区域内',
    'locate.notYours': '不在您的管辖区域内',
    'locate.failed': '定位失败，请稍后再试',

    'kind.demonstration': '党员示范户',
    'kind.leading': '党员引领户',
    'kind.prosperity': '致富示范户',
    'kind.civility': '文明示范户',
    'kind.member': '党员户',
    'household.kind': '类型',
    'household.members': '家庭成员',
    'household.membersValue': '{n} 人',
    'household.phone': '电话',

    'station.level.district': '区级党群服务中心',
    'station.level.street': '街道党群服务中心',
    'station.level.community': '社区党群服务中心',
    'station.level.grid': '网格党群服务站',
    'station.status.open': '运行中',
    'station.status.planned': '规划中',
    'station.level': '级别',
    'station.status': '状态',
    'station.hours': '开放时间',
    'station.services': '服务项目',
    'station.radius': '服务半径',
    'station.radiusValue': '{m} 米',
    'list.separator': '、',

    'staff.role.grid_leader': '网格长',
    'staff.role.grid_worker': '网格员',
    'staff.role.party_member': '下沉党员',
    'staff.role': '身份',
    'staff.duty': '状态',
    'staff.onDuty': '在岗',
    'staff.offDuty': '不在岗',
    'staff.phone': '电话',
    'staff.locatedAt': '定位时间',

    'legend.title': '图例',
    'legend.areas': '区域',
    'legend.households': '党员户',
    'legend.stations': '党群服务阵地',
    'legend.station': '服务中心/站',
    'legend.radius': '服务半径',
    'legend.planned': '规划中',

    'status.loadFailed': '{layer}加载失败',
    'status.noAreas': '暂无区域数据',

    'login.title': '登录',
    'login.username': '用户名',
    'login.password': '密码',
    'login.submit': '登录',
    'login.wrong': '用户名或密码错误',
    'login.limited': '尝试次数过多，请一分钟后再试',
    'login.failed': '登录失败，请稍后再试',
    'auth.signOut': '退出',
    'auth.noMap': '此账号只能通过上报入口提交诉求，没有地图权限',
    'role.admin': '管理员',
    'role.command_centre': '指挥中心',
    'role.grid_leader': '网格长',
    'role.grid_worker': '网格员',
    'role.planner': '规划人员',
    'role.reporter': '公众上报',
  },
  en: {
    'app.title': 'GridMap',
    'lang.other': '中文',
    'lang.switch': 'Switch language',
    'map.label': 'Map',

    'level.district': 'District',
    'level.street': 'Street',
    'level.community': 'Community',
    'level.grid': 'Grid',
    'level.micro_grid': 'Micro-grid',

    'layer.district': 'District boundary',
    'layer.street': 'Streets',
    'layer.community': 'Communities',
    'layer.grid': 'Party-building grids',
    'layer.households': 'Party-member households',
    'layer.stations': 'Party-mass service centres',
    'layer.staff': 'Grid workers and Party members',

    'area.tooltip': '{level} {name} ({code})',

    'locate.loading': 'Locating…',
    'locate.outside': 'Not inside any area',
    'locate.notYours': 'Outside your area',
    'locate.failed': 'Could not locate this point, please try again',

    'kind.demonstration': 'Party-member demonstration household',
    'kind.leading': 'Party-member leading household',
    'kind.prosperity': 'Prosperity demonstration household',
    'kind.civility': 'Civility demonstration household',
    'kind.member': 'Party-member household',
    'household.kind': 'Type',
    'household.members': 'Members',
    'household.membersValue': '{n}',
    'household.phone': 'Phone',

    'station.level.district': 'District Party-mass service centre',
    'station.level.street': 'Street Party-mass service centre',
    'station.level.community': 'Community Party-mass service centre',
    'station.level.grid': 'Grid Party-mass service station',
    'station.status.open': 'Open',
    'station.status.planned': 'Planned',
    'station.level': 'Level',
    'station.status': 'Status',
    'station.hours': 'Opening hours',
    'station.services': 'Services',
    'station.radius': 'Service radius',
    'station.radiusValue': '{m} m',
    'list.separator': ', ',

    'staff.role.grid_leader': 'Grid leader',
    'staff.role.grid_worker': 'Grid worker',
    'staff.role.party_member': 'In-service Party member',
    'staff.role': 'Role',
    'staff.duty': 'Status',
    'staff.onDuty': 'On duty',
    'staff.offDuty': 'Off duty',
    'staff.phone': 'Phone',
    'staff.locatedAt': 'Located at',

    'legend.title': 'Legend',
    'legend.areas': 'Areas',
    'legend.households': 'Party-member households',
    'legend.stations': 'Service centres',
    'legend.station': 'Centre / station',
    'legend.radius': 'Service radius',
    'legend.planned': 'Planned',

    'status.loadFailed': 'Could not load {layer}',
    'status.noAreas': 'No areas yet',

    'login.title': 'Sign in',
    'login.username': 'Username',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.wrong': 'Wrong username or password',
    'login.limited': 'Too many attempts; try again in a minute',
    'login.failed': 'Sign-in failed; try again later',
    'auth.signOut': 'Sign out',
    'auth.noMap': 'This account can only report concerns through the intake; it has no map',
    'role.admin': 'Administrator',
    'role.command_centre': 'Command centre',
    'role.grid_leader': 'Grid leader',
    'role.grid_worker': 'Grid worker',
    'role.planner': 'Planner',
    'role.reporter': 'Public reporter',
  },
};

export const DEFAULT_LANG = 'zh-CN';

/** 'en-GB' → 'en', 'zh' → 'zh-CN'; null when neither table fits. */
function normalise(lang) {
  if (!lang) return null;
  const lower = lang.toLowerCase();
  if (lower.startsWith('en')) return 'en';
  if (lower.startsWith('zh')) return 'zh-CN';
  return null;
}

function storedLang() {
  try { return localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

// A link with ?lang= wins over the remembered choice, so that it can be shared.
let lang = normalise(new URLSearchParams(location.search).get('lang')) ?? normalise(storedLang()) ?? DEFAULT_LANG;
const listeners = [];

export const currentLang = () => lang;

/** The string for key in the current language, with {name} placeholders filled from vars. */
export function t(key, vars = {}) {
  const text = tables[lang][key] ?? tables[DEFAULT_LANG][key];
  if (text === undefined) {
    console.warn(`i18n: no text for ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function onLangChange(listener) {
  listeners.push(listener);
}

export function setLang(next) {
  const chosen = normalise(next) ?? DEFAULT_LANG;
  if (chosen === lang) return;
  lang = chosen;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode: the choice lasts this page only */ }
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
  }
  translatePage();
  for (const listener of listeners) listener(lang);
}

export const otherLang = () => (lang === 'en' ? 'zh-CN' : 'en');

/** Fills the page's static text: data-i18n (text), data-i18n-title, data-i18n-aria-label. */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  document.title = t('app.title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}
