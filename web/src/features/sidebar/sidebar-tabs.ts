import { type Component, defineAsyncComponent } from 'vue'
import { recoSidebarTab } from '@/features/reco/sidebar-tab'
import { tasksSidebarTab } from '@/features/tasks/sidebar-tab'
import SidebarProfileTab from './components/SidebarProfileTab.vue'

/**
 * The tabs under the header card. Other features add theirs here (任务, 推荐): an entry with a
 * lazily loaded component, an optional badge and, for 任务, `preferred` so it opens first when
 * something is due. Tabs render in `order`; the first preferred tab (else the default tab, else
 * the first) is active when the page opens.
 */
export interface SidebarTab {
  name: string
  title: string
  order: number
  component: Component
  /** Read during render, so it may read any store: a count (0 hides it) or a short text. */
  badge?: () => number | string | undefined
  /** Read once when the page opens: whether this tab should be the one shown first. */
  preferred?: () => boolean
  /** The tab shown first when no tab is preferred. */
  default?: boolean
  /** Download the tab's code ahead of time (the async component's loader). */
  prefetch?: () => Promise<unknown>
  /** Prefetch as soon as the page opens, alongside the customer's data (a likely first tab). */
  warm?: boolean
}

function lazyTab(loader: () => Promise<{ default: Component }>) {
  return { component: defineAsyncComponent({ loader, delay: 0 }), prefetch: loader }
}

const sidebarTabs: SidebarTab[] = [
  // 任务 comes first and is opened first when something is due (features/tasks).
  tasksSidebarTab,
  // 画像 is the default tab: part of the first screen, so it ships with the page.
  { name: 'profile', title: '画像', order: 20, component: SidebarProfileTab, default: true },
  { name: 'orders', title: '订单', order: 30, ...lazyTab(() => import('./components/SidebarOrderList.vue')) },
  { name: 'trail', title: '轨迹', order: 40, ...lazyTab(() => import('./components/SidebarTrail.vue')) },
  // 推荐 comes with its feature (features/reco): loads its data when opened.
  recoSidebarTab,
]

/** The tabs in display order. */
export function orderedSidebarTabs(): SidebarTab[] {
  return [...sidebarTabs].sort((a, b) => a.order - b.order)
}

let prefetched = false
let warmed = false

/** Start downloading the `warm` tabs' code now, while the page loads the customer. */
export function warmSidebarTabs(): void {
  if (warmed)
    return
  warmed = true
  for (const tab of sidebarTabs.filter(t => t.warm)) {
    tab.prefetch?.().catch((err: unknown) => {
      console.warn('[sidebar] warm-up failed', tab.name, err)
    })
  }
}

/** Download the lazy tabs' code once the first screen is up, when the browser is idle. */
export function prefetchSidebarTabs(): void {
  if (prefetched)
    return
  prefetched = true
  const run = () => {
    for (const tab of sidebarTabs.filter(t => !t.warm)) {
      tab.prefetch?.().catch((err: unknown) => {
        // Not fatal: the tab retries the download when opened.
        console.warn('[sidebar] prefetch failed', tab.name, err)
      })
    }
  }
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(run, { timeout: 2000 })
  else
    setTimeout(run, 300)
}
