import { markRaw, type Component } from 'vue'
import { createRouter, createWebHashHistory } from 'vue-router'
import type { RouteRecordRaw, Router, RouterHistory } from 'vue-router'
import { Avatar, Box, Calendar, DataAnalysis, DocumentChecked, FolderOpened, OfficeBuilding, Search, Setting, TrendCharts, Upload, User } from '@element-plus/icons-vue'
import type { Role } from '../../shared/domain/vocab'
import { stepNumber } from './steps'
import { prefetchStreetDashboard } from './stores/street-dashboard'
import type { Capability } from '../../shared/domain/permissions'

declare module 'vue-router' {
  interface RouteMeta {
    /** What the signed-in operator's role needs for this screen; the nav hides it otherwise. */
    capability?: Capability
  }
}

/** The nav's sections, in order: the six steps, data (统计分析), system management (系统管理). */
export const NAV_SECTIONS = ['steps', 'analysis', 'system'] as const
export type NavSection = (typeof NAV_SECTIONS)[number]

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the screen's name (nav entry and page title) */
    titleKey?: string
    /** nav icon (an Element Plus icon component); steps show their number instead */
    icon?: Component
    /** 1–6 for the six deliberation steps */
    step?: number
    /** the nav section; routes without one are not in the nav */
    section?: NavSection
    /** roles whose nav lists it (all when absent); the backend enforces permissions regardless */
    roles?: readonly Role[]
    /** a screen shown without the header and nav (the projector page) */
    bare?: boolean
    /** roles that open on this screen (their home) */
    homeFor?: readonly Role[]
    /**
     * Asks for the screen's data while its code loads and the shell is drawn (App.vue calls it
     * once an operator who may see the screen is signed in): the page then draws once, with data.
     */
    prefetch?: () => unknown
  }
}

// Every screen loads on demand: the homes differ by role (收集意见 for secretaries, 街道看板 for leaders),
// so none of them belongs in the main chunk.
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/collect' },
  {
    path: '/collect',
    name: 'collect',
    component: () => import('./views/CollectView.vue'),
    meta: { titleKey: 'nav.collect', step: stepNumber('collect'), section: 'steps', homeFor: ['secretary'] },
  },
  {
    path: '/confirm',
    name: 'confirm',
    component: () => import('./views/ConfirmView.vue'),
    meta: { titleKey: 'nav.confirm', step: stepNumber('confirm'), section: 'steps', homeFor: ['chair'] },
  },
  // 联席会议 (issue 10): the list and setup, one meeting (roster, sign-in, agenda), chair mode,
  // the minutes editor, and the projector page (a second window; no nav, read-only).
  {
    path: '/meet',
    name: 'meet',
    component: () => import('./views/MeetView.vue'),
    meta: { titleKey: 'nav.meet', step: stepNumber('meet'), section: 'steps', capability: 'view' },
  },
  {
    path: '/meet/:id',
    name: 'meeting',
    component: () => import('./views/MeetingView.vue'),
    props: true,
    meta: { titleKey: 'meeting.detailTitle', capability: 'view' },
  },
  {
    path: '/meet/:id/chair',
    name: 'meeting-chair',
    component: () => import('./views/ChairView.vue'),
    props: true,
    meta: { titleKey: 'minutes.chairTitle', capability: 'view' },
  },
  {
    path: '/meet/:id/minutes',
    name: 'meeting-minutes',
    component: () => import('./views/MinutesView.vue'),
    props: true,
    meta: { titleKey: 'minutes.title', capability: 'view' },
  },
  {
    path: '/projector/:id',
    name: 'projector',
    component: () => import('./views/ProjectorView.vue'),
    props: true,
    meta: { titleKey: 'minutes.projectorTitle', bare: true, capability: 'view' },
  },
  // 制定方案 and 推进落实 (issue 11): tasks from the decisions, then the ledger and the board.
  {
    path: '/plan',
    name: 'plan',
    component: () => import('./views/PlanView.vue'),
    meta: { titleKey: 'nav.plan', step: stepNumber('plan'), section: 'steps', capability: 'view' },
  },
  {
    path: '/implement',
    name: 'implement',
    component: () => import('./views/ImplementView.vue'),
    meta: { titleKey: 'nav.implement', step: stepNumber('implement'), section: 'steps', capability: 'view' },
  },
  // 效果评价 (issue 11, step 6): the worklist and the panel (?demand=<id>), and 一事一档 of one demand.
  {
    path: '/evaluate',
    name: 'evaluate',
    component: () => import('./views/EvaluateView.vue'),
    meta: { titleKey: 'nav.evaluate', step: stepNumber('evaluate'), section: 'steps', capability: 'view' },
  },
  {
    path: '/evaluate/:demandId',
    name: 'demand-timeline',
    component: () => import('./views/DemandTimelineView.vue'),
    props: true,
    meta: { titleKey: 'feedback.timelineTitle', capability: 'view' },
  },
  // 街道看板 (issue 12): the whole street compared and ranked — the leader's home. 数据看板 keeps
  // one community's months beside their table.
  {
    path: '/overview',
    name: 'overview',
    component: () => import('./views/StreetDashboardView.vue'),
    meta: {
      titleKey: 'nav.overview',
      icon: markRaw(DataAnalysis),
      section: 'analysis',
      homeFor: ['leader'],
      capability: 'stats',
      prefetch: prefetchStreetDashboard,
    },
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('./views/DashboardView.vue'),
    meta: { titleKey: 'nav.dashboard', icon: markRaw(TrendCharts), section: 'analysis', capability: 'stats' },
  },
  {
    path: '/search',
    name: 'search',
    component: () => import('./views/SearchView.vue'),
    meta: { titleKey: 'search.title', icon: markRaw(Search), section: 'analysis', capability: 'view' },
  },
  {
    path: '/communities',
    name: 'communities',
    component: () => import('./views/CommunitiesView.vue'),
    meta: { titleKey: 'nav.communities', icon: markRaw(OfficeBuilding), section: 'system' },
  },
  {
    path: '/people',
    name: 'people',
    component: () => import('./views/PeopleView.vue'),
    meta: { titleKey: 'people.title', icon: markRaw(Avatar), section: 'system', capability: 'view' },
  },
  {
    path: '/data',
    name: 'data',
    component: () => import('./views/DataView.vue'),
    meta: { titleKey: 'nav.data', icon: markRaw(FolderOpened), section: 'system', capability: 'backup' },
  },
  {
    path: '/package',
    name: 'package',
    component: () => import('./views/PackageView.vue'),
    meta: { titleKey: 'nav.package', icon: markRaw(Box), section: 'system', capability: 'view' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('./views/AuditView.vue'),
    meta: { titleKey: 'nav.audit', icon: markRaw(DocumentChecked), section: 'system', capability: 'auditRead' },
  },
  {
    path: '/operators',
    name: 'operators',
    component: () => import('./views/OperatorsView.vue'),
    meta: { titleKey: 'operator.title', icon: markRaw(User), section: 'system', capability: 'manageOperators' },
  },
  {
    path: '/street',
    name: 'street',
    component: () => import('./views/StreetView.vue'),
    meta: { titleKey: 'street.title', icon: markRaw(Setting), section: 'system', capability: 'manageStreet' },
  },
  {
    // 表格导入 (issue 9): also opened from 收集意见
    path: '/import',
    name: 'import',
    component: () => import('./views/ImportView.vue'),
    meta: { titleKey: 'import.title', icon: markRaw(Upload), section: 'system', capability: 'record' },
  },
  {
    // 历史统计数 (issue 12): the office's monthly counts for months before the app was used
    path: '/history',
    name: 'history',
    component: () => import('./views/HistoryView.vue'),
    meta: { titleKey: 'history.title', icon: markRaw(Calendar), section: 'system', capability: 'enterCounts' },
  },
  { path: '/:pathMatch(.*)*', redirect: '/collect' },
]

export interface NavEntry {
  path: string
  name: string
  titleKey: string
  icon?: Component
  step?: number
}

/** The nav, derived from the routes' meta: sections in order, entries in route order. */
export function navSections(
  list: readonly RouteRecordRaw[] = routes,
  role?: Role,
  /** The signed-in operator's capabilities: a screen needing one the role lacks is not listed. */
  can: (capability: Capability) => boolean = () => true,
): Array<{ section: NavSection; entries: NavEntry[] }> {
  return NAV_SECTIONS.map((section) => ({
    section,
    entries: list
      .filter((r) => r.meta?.section === section && (!role || !r.meta.roles || r.meta.roles.includes(role)))
      .filter((r) => !r.meta?.capability || can(r.meta.capability))
      .map((r) => ({
        path: r.path,
        name: String(r.name ?? r.path),
        titleKey: r.meta!.titleKey ?? String(r.name),
        icon: r.meta!.icon,
        step: r.meta!.step,
      })),
  })).filter((s) => s.entries.length > 0)
}

/** Hash history: the app is served from a custom protocol or a file, never a web server path. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes })
}

/**
 * Starts loading the code of the screen the app opens on. The first navigation asks for it only
 * after the shell has mounted; asked before, it downloads while the shell starts. (The router's
 * own later call gets the same module.)
 */
export function loadOpeningScreen(router: Router): void {
  for (const record of router.resolve(router.options.history.location).matched) {
    const view = record.components?.default
    if (typeof view === 'function') void (view as () => Promise<unknown>)().catch(() => undefined)
  }
}
