import { createRouter, createWebHashHistory } from 'vue-router'
import type { RouteRecordRaw, RouterHistory } from 'vue-router'
import CollectView from './views/CollectView.vue'
import { STEPS } from './steps'
import type { PlaceholderStep } from './steps'
import type { Capability } from '../../shared/domain/permissions'

declare module 'vue-router' {
  interface RouteMeta {
    /** What the signed-in operator's role needs for this screen; the nav hides it otherwise. */
    capability?: Capability
  }
}

// Collect is the first screen, so it ships in the main chunk; the rest load on demand.
const placeholderRoutes: RouteRecordRaw[] = STEPS.filter((s): s is PlaceholderStep => s !== 'collect').map(
  (step) => ({
    path: `/${step}`,
    name: step,
    component: () => import('./components/app/StepPlaceholder.vue'),
    props: { step },
  }),
)

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/collect' },
  { path: '/collect', name: 'collect', component: CollectView },
  ...placeholderRoutes,
  { path: '/dashboard', name: 'dashboard', component: () => import('./views/DashboardView.vue'), meta: { capability: 'stats' } },
  { path: '/communities', name: 'communities', component: () => import('./views/CommunitiesView.vue') },
  { path: '/data', name: 'data', component: () => import('./views/DataView.vue'), meta: { capability: 'backup' } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { capability: 'auditRead' } },
  { path: '/operators', name: 'operators', component: () => import('./views/OperatorsView.vue'), meta: { capability: 'manageOperators' } },
  { path: '/:pathMatch(.*)*', redirect: '/collect' },
]

/** Hash history: the app is served from a custom protocol or a file, never a web server path. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({ history, routes })
}
