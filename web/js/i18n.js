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
    'user.role.admin': '管理员',
    'user.role.command_centre': '指挥中心',
    'user.role.grid_leader': '网格长',
    'user.role.grid_worker': '网格员',
    'user.role.planner': '规划人员',
    'user.role.reporter': '公众上报',
    'page.command': '指挥中心 · 网格地图',
    'page.leader': '网格长 · 网格地图',
    'nav.label': '页面',
    'nav.map': '地图',
    'nav.command': '指挥中心',
    'nav.leader': '网格长',
    'command.area': '辖区',
    'leader.grid': '网格',
    'leader.cases': '本网格案件',
    'area.option': '{name}（{level}）',
    'status.casesFailed': '案件加载失败',

    'live.connecting': '连接中…',
    'live.live': '实时',
    'live.reconnecting': '重连中…',
    'live.offline': '离线',
    'wall.enter': '大屏模式',
    'wall.leave': '退出大屏',

    'filter.label': '筛选',
    'filter.status': '状态',
    'filter.category': '类别',
    'filter.area': '区域',
    'filter.all': '全部',
    'filter.status.open': '未结案',
    'filter.status.overdue': '超期未结',
    'filter.status.all': '全部状态',

    'case.status.reported': '已上报',
    'case.status.registered': '已立案',
    'case.status.voided': '不予立案',
    'case.status.dispatched': '已派遣',
    'case.status.in_progress': '处置中',
    'case.status.returned': '已退回',
    'case.status.extension_requested': '延期申请中',
    'case.status.extended': '已延期',
    'case.status.parked': '挂账',
    'case.status.feedback_submitted': '已反馈',
    'case.status.checking': '核查中',
    'case.status.closed': '已结案',

    'case.action.report': '上报',
    'case.action.overdue': '超期',
    'case.action.register': '立案',
    'case.action.void': '不予立案',
    'case.action.dispatch': '派遣',
    'case.action.accept': '签收',
    'case.action.return': '退回',
    'case.action.request_extension': '申请延期',
    'case.action.approve_extension': '批准延期',
    'case.action.reject_extension': '驳回延期',
    'case.action.park': '挂账',
    'case.action.unpark': '解除挂账',
    'case.action.submit_feedback': '处置反馈',
    'case.action.begin_check': '核查',
    'case.action.close': '结案',
    'case.action.rework': '返工',
    'case.action.escalate': '吹哨',
    'case.action.confirm_escalation': '报到',

    'role.reporter': '上报人',
    'role.command_centre': '指挥中心',
    'role.grid_leader': '网格长',
    'role.grid_worker': '网格员',
    'role.department': '职能部门',
    'role.system': '系统',
    'audit.who': '{name}（{role}）',

    'case.title': '#{id} {category}',
    'case.status': '状态',
    'case.category': '类别',
    'case.description': '描述',
    'case.where': '位置',
    'case.reporter': '上报人',
    'case.reportedAt': '上报时间',
    'case.deadline': '办理时限',
    'case.assignee': '处置人',
    'case.duplicateOf': '疑似重复',
    'case.summons': '吹哨报到',
    'case.summons.confirmed': '{department} 已报到',
    'case.summons.pending': '{department} 待报到',
    'case.summons.late': '超时',
    'case.overdue': '已超期',
    'case.trail': '办理记录',
    'case.close': '关闭',
    'case.note': '备注',
    'case.departments': '吹哨部门',
    'case.noActions': '指挥中心当前无可执行的操作',
    'case.loadingCandidates': '正在查找可派人员…',
    'case.chooseAssignee': '请选择处置人',
    'case.done': '操作成功：{action}',
    'case.problem.stale': '该案件已被他人更改，已重新加载最新内容，请确认后再操作。',
    'case.problem.notAllowed': '案件当前状态为“{status}”，不能执行此操作，已重新加载。',
    'case.problem.gone': '案件不存在',
    'case.problem.invalid': '无法执行：{reason}',
    'case.problem.failed': '操作失败，请稍后再试',
    'case.problem.chooseAssignee': '派遣前请先选择处置人',
    'case.list.title': '案件',
    'case.list.count': '{n} 件',
    'case.list.empty': '暂无符合条件的案件',
    'case.list.due': '时限 {time}',
    'case.list.reported': '上报于 {time}',

    'kpi.title': '综合评价（近30天）',
    'kpi.rank': '排名',
    'kpi.grid': '网格',
    'kpi.due': '应结案数',
    'kpi.closureRate': '结案率',
    'kpi.onTimeClosureRate': '按期结案率',
    'kpi.overdueOpen': '超期未结',
    'kpi.noGrid': '未落网格',
    'kpi.none': '暂无案件',
    'kpi.failed': '综合评价加载失败',

    'candidate.title': '可派人员（按距离）',
    'candidate.tier.own_grid': '本网格',
    'candidate.tier.neighbouring_grid': '相邻网格',
    'candidate.tier.nearby': '附近',
    'candidate.metres': '{metres} 米',
    'candidate.label': '{name} {metres} 米',
    'candidate.option': '{name}（{role}·{tier}·{metres} 米）',
    'candidate.none': '附近暂无在岗人员',
    'candidate.failed': '可派人员加载失败',
    'leader.assign': '指派',
    'leader.isAssignee': '已指派',
    'leader.assigned': '已派遣给 {name}',
    'leader.awaitingRegistration': '案件待指挥中心立案，立案后方可指派。',
    'leader.notAssignable': '案件当前状态为“{status}”，无需指派。',
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
    'user.role.admin': 'Administrator',
    'user.role.command_centre': 'Command centre',
    'user.role.grid_leader': 'Grid leader',
    'user.role.grid_worker': 'Grid worker',
    'user.role.planner': 'Planner',
    'user.role.reporter': 'Public reporter',
    'page.command': 'Command centre · GridMap',
    'page.leader': 'Grid leader · GridMap',
    'nav.label': 'Pages',
    'nav.map': 'Map',
    'nav.command': 'Command centre',
    'nav.leader': 'Grid leader',
    'command.area': 'Area',
    'leader.grid': 'Grid',
    'leader.cases': 'Cases in this grid',
    'area.option': '{name} ({level})',
    'status.casesFailed': 'Could not load the cases',

    'live.connecting': 'Connecting…',
    'live.live': 'Live',
    'live.reconnecting': 'Reconnecting…',
    'live.offline': 'Offline',
    'wall.enter': 'Wall mode',
    'wall.leave': 'Leave wall mode',

    'filter.label': 'Filters',
    'filter.status': 'Status',
    'filter.category': 'Category',
    'filter.area': 'Area',
    'filter.all': 'All',
    'filter.status.open': 'Open',
    'filter.status.overdue': 'Overdue',
    'filter.status.all': 'Any status',

    'case.status.reported': 'Reported',
    'case.status.registered': 'Registered',
    'case.status.voided': 'Voided',
    'case.status.dispatched': 'Dispatched',
    'case.status.in_progress': 'In progress',
    'case.status.returned': 'Returned',
    'case.status.extension_requested': 'Extension requested',
    'case.status.extended': 'Extended',
    'case.status.parked': 'Parked',
    'case.status.feedback_submitted': 'Feedback submitted',
    'case.status.checking': 'Being checked',
    'case.status.closed': 'Closed',

    'case.action.report': 'Reported',
    'case.action.overdue': 'Overdue',
    'case.action.register': 'Register',
    'case.action.void': 'Void',
    'case.action.dispatch': 'Dispatch',
    'case.action.accept': 'Accept',
    'case.action.return': 'Return',
    'case.action.request_extension': 'Request extension',
    'case.action.approve_extension': 'Approve extension',
    'case.action.reject_extension': 'Reject extension',
    'case.action.park': 'Park',
    'case.action.unpark': 'Unpark',
    'case.action.submit_feedback': 'Submit feedback',
    'case.action.begin_check': 'Check',
    'case.action.close': 'Close case',
    'case.action.rework': 'Rework',
    'case.action.escalate': 'Summon departments',
    'case.action.confirm_escalation': 'Confirm (report in)',

    'role.reporter': 'Reporter',
    'role.command_centre': 'Command centre',
    'role.grid_leader': 'Grid leader',
    'role.grid_worker': 'Grid worker',
    'role.department': 'Department',
    'role.system': 'System',
    'audit.who': '{name} ({role})',

    'case.title': '#{id} {category}',
    'case.status': 'Status',
    'case.category': 'Category',
    'case.description': 'Description',
    'case.where': 'Location',
    'case.reporter': 'Reported by',
    'case.reportedAt': 'Reported at',
    'case.deadline': 'Deadline',
    'case.assignee': 'Handler',
    'case.duplicateOf': 'Possible duplicate of',
    'case.summons': 'Departments summoned',
    'case.summons.confirmed': '{department} confirmed',
    'case.summons.pending': '{department} pending',
    'case.summons.late': 'late',
    'case.overdue': 'Overdue',
    'case.trail': 'Audit trail',
    'case.close': 'Close',
    'case.note': 'Note',
    'case.departments': 'Departments to summon',
    'case.noActions': 'Nothing for the command centre to do now',
    'case.loadingCandidates': 'Finding people to send…',
    'case.chooseAssignee': 'Choose a handler',
    'case.done': 'Done: {action}',
    'case.problem.stale': 'The case changed meanwhile; it has been reloaded. Check it and try again.',
    'case.problem.notAllowed': 'The case is now “{status}”, which does not allow this move. It has been reloaded.',
    'case.problem.gone': 'There is no such case',
    'case.problem.invalid': 'Cannot do this: {reason}',
    'case.problem.failed': 'That did not work; please try again',
    'case.problem.chooseAssignee': 'Choose a handler before dispatching',
    'case.list.title': 'Cases',
    'case.list.count': '{n}',
    'case.list.empty': 'No cases match',
    'case.list.due': 'due {time}',
    'case.list.reported': 'reported {time}',

    'kpi.title': 'Evaluation (last 30 days)',
    'kpi.rank': 'Rank',
    'kpi.grid': 'Grid',
    'kpi.due': 'Due',
    'kpi.closureRate': 'Closure rate',
    'kpi.onTimeClosureRate': 'On-time closure rate',
    'kpi.overdueOpen': 'Overdue, open',
    'kpi.noGrid': 'No grid',
    'kpi.none': 'No cases yet',
    'kpi.failed': 'Could not load the evaluation',

    'candidate.title': 'People to send (nearest first)',
    'candidate.tier.own_grid': 'Own grid',
    'candidate.tier.neighbouring_grid': 'Neighbouring grids',
    'candidate.tier.nearby': 'Nearby',
    'candidate.metres': '{metres} m',
    'candidate.label': '{name} {metres} m',
    'candidate.option': '{name} ({role}, {tier}, {metres} m)',
    'candidate.none': 'Nobody on duty nearby',
    'candidate.failed': 'Could not load people to send',
    'leader.assign': 'Assign',
    'leader.isAssignee': 'Assigned',
    'leader.assigned': 'Sent to {name}',
    'leader.awaitingRegistration': 'The command centre has to register this case before it can be assigned.',
    'leader.notAssignable': 'The case is “{status}”: nobody to assign now.',
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

/**
 * Fills the page's static text: data-i18n (text), data-i18n-title, data-i18n-aria-label, and
 * the document title from the root element's data-i18n-doc-title (the app's name by default).
 */
export function translatePage(root = document) {
  document.documentElement.lang = lang;
  document.title = t(document.documentElement.dataset.i18nDocTitle ?? 'app.title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
}
