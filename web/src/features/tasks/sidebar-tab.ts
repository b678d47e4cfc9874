import { defineAsyncComponent } from 'vue'
import type { SidebarTab } from '@/features/sidebar/sidebar-tabs'
import { useCustomerTasksStore } from './stores/customer-tasks'

const loader = () => import('./components/TaskSidebarTab.vue')

/**
 * The sidebar's 任务 tab: first in the bar, opened first when something is due, with the count
 * of tasks that want attention. Its code is fetched while the customer loads (`warm`), since
 * it is often the first thing on screen.
 */
export const tasksSidebarTab: SidebarTab = {
  name: 'tasks',
  title: '任务',
  order: 10,
  component: defineAsyncComponent({ loader, delay: 0 }),
  prefetch: loader,
  warm: true,
  badge: () => useCustomerTasksStore().dueCount,
  preferred: () => useCustomerTasksStore().dueCount > 0,
}
