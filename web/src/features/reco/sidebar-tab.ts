import { defineAsyncComponent } from 'vue'
import type { SidebarTab } from '@/features/sidebar/sidebar-tabs'

const loader = () => import('./components/RecoSidebarTab.vue')

/**
 * The sidebar's 推荐 tab: coupons and products picked for this customer. Its data is fetched
 * when the tab opens, never with the first screen.
 */
export const recoSidebarTab: SidebarTab = {
  name: 'reco',
  title: '推荐',
  order: 50,
  component: defineAsyncComponent({ loader, delay: 0 }),
  prefetch: loader,
}
