import { createRouter, createWebHashHistory } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** The page needs a signed-in staff member; navigation starts signing in (non-blocking). */
    requiresAuth?: boolean
    /** The page talks to the WeCom client (chat toolbar); its SDK handshake starts at navigation. */
    wecom?: boolean
  }
}

// Before the hash history is created: it reads the URL once, at creation (an empty hash becomes
// '#/', which the default route then redirects to /sidebar). Done later, in main.ts's body, it
// came too late: ES imports run first, so `/tasks` opened the sidebar.
if (typeof window !== 'undefined')
  applyInitialHashRoute()

/**
 * Hash history: the part of the URL before '#' is what the JS-SDK signs, so it must not change
 * while the user moves around the app (README of @wecom/jssdk: hash routers sign once).
 */
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/sidebar' },
    {
      path: '/sidebar',
      name: 'sidebar',
      component: () => import('@/features/sidebar/SidebarPage.vue'),
      meta: { requiresAuth: true, wecom: true },
    },
    {
      // Opened from the WeCom app workbench; it opens chats, so the SDK handshake starts early.
      path: '/tasks',
      name: 'tasks',
      component: () => import('@/features/tasks/TasksPage.vue'),
      meta: { requiresAuth: true, wecom: true },
    },
    // The supervisor's page (WeCom app workbench) and its drill-downs; ECharts loads only here.
    { path: '/supervisor', name: 'supervisor', component: () => import('@/features/supervisor/SupervisorPage.vue'), meta: { requiresAuth: true } },
    { path: '/supervisor/staff/:staffId(\\d+)', name: 'supervisor-staff', component: () => import('@/features/supervisor/SupervisorStaffPage.vue'), meta: { requiresAuth: true } },
    { path: '/supervisor/customers/:customerId(\\d+)', name: 'supervisor-customer', component: () => import('@/features/supervisor/SupervisorCustomerPage.vue'), meta: { requiresAuth: true } },
    { path: '/demo', name: 'demo', component: () => import('@/features/demo/DemoPage.vue') },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('@/common/NotFoundPage.vue') },
  ],
})

/**
 * The BFF serves index.html at `/sidebar`, `/tasks`, … (the URLs configured in WeCom). With no
 * hash route yet, the page path picks the route: `/sidebar` → `/sidebar#/sidebar`. Only the
 * hash changes, so the signed URL stays the same.
 */
export function initialHashRoute(pathname: string, hash: string): string | null {
  if (hash && hash !== '#' && hash !== '#/')
    return null
  const page = pathname.split('/').filter(Boolean).pop()
  // `/` and files such as `/index.html` fall through to the router's own default.
  return page && !page.includes('.') ? `/${page}` : null
}

function applyInitialHashRoute(loc: Location = window.location, hist: History = window.history): void {
  const route = initialHashRoute(loc.pathname, loc.hash)
  if (route)
    hist.replaceState(hist.state, '', `${loc.pathname}${loc.search}#${route}`)
}
