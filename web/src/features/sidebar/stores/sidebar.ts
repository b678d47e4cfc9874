import { defineStore } from 'pinia'
import { computed } from 'vue'
import { api } from '@/api/client'
import { useResource } from '@/common/useResource'
import { signedInStaff } from '@/stores/signed-in'
import type { ChatContext } from '@/wecom/chat-context'
import type { EventKind, EventPage, OrderPage, SidebarResponse } from '#contract/customer.ts'
import { resolveSidebarChat } from '../chat-context'

/** What the page shows; derived from status, error and chat context. */
export type SidebarPhase
  = | 'loading'
    | 'ready'
  /** Opened from a group chat's toolbar. */
    | 'group'
  /** Opened from somewhere else (工作台, …). */
    | 'other'
  /** Which screen: `errorScreen(error)`. */
    | 'error'

/**
 * One load of the first screen: the page is leaving (for the WeCom login or the demo staff
 * picker), or the chat and, in a 1:1 chat, its customer's card.
 */
type FirstScreen = 'leaving' | { context: ChatContext, card: SidebarResponse | null }

const PAGE_SIZE = 20

/**
 * The customer in the current 1:1 chat: the first screen (who they are, what they bought, what
 * they did), loaded after signing in and asking WeCom which chat this is; and further pages of
 * their orders and trail (`fetchOrders`, `fetchEvents`: the list components own their paging
 * state). The phone reveal and the stage history have stores of their own.
 */
export const useSidebarStore = defineStore('sidebar', () => {
  const screen = useResource<FirstScreen>()

  const status = screen.status
  const error = screen.error
  const loaded = computed(() => (screen.data.value === 'leaving' ? null : screen.data.value))
  const context = computed(() => loaded.value?.context ?? null)
  const externalUserId = computed(() =>
    context.value?.kind === 'single' ? context.value.externalUserId : null)
  const data = computed(() => loaded.value?.card ?? null)

  const phase = computed<SidebarPhase>(() => {
    if (status.value === 'idle' || status.value === 'loading' || screen.data.value === 'leaving')
      return 'loading'
    if (status.value === 'error')
      return 'error'
    if (context.value?.kind === 'group')
      return 'group'
    if (context.value?.kind === 'other')
      return 'other'
    return data.value ? 'ready' : 'error'
  })

  /**
   * Sign in, ask WeCom who the chat is with, and fetch that customer's sidebar.
   * Safe to call again (retry): it starts over from signing in; an older load's answer is dropped.
   */
  async function load(): Promise<void> {
    await screen.run(async () => {
      if (!await signedInStaff())
        return 'leaving'
      const ctx = await resolveSidebarChat()
      if (ctx.kind !== 'single')
        return { context: ctx, card: null }
      const card = await api.get<SidebarResponse>(`/api/sidebar/${encodeURIComponent(ctx.externalUserId)}`)
      return { context: ctx, card }
    })
  }

  /** Shows `context` and its `card` as if just loaded (tests; drops a load on its way). */
  function present(context: ChatContext, card: SidebarResponse | null): void {
    screen.set({ context, card })
  }

  /** `/api/customers/:id/<suffix>` for the current customer; throws without one. */
  function customerPath(suffix: string) {
    const id = externalUserId.value
    if (!id)
      throw new Error('没有当前客户')
    return `/api/customers/${encodeURIComponent(id)}/${suffix}`
  }

  /** The page of orders after `cursor` (null = first page). */
  function fetchOrders(cursor: string | null, signal?: AbortSignal): Promise<OrderPage> {
    return api.get<OrderPage>(customerPath('orders'), { cursor: cursor ?? undefined, limit: PAGE_SIZE }, { signal })
  }

  /** The page of trail events after `cursor`, keeping only `kinds` (empty = all kinds). */
  function fetchEvents(kinds: readonly EventKind[], cursor: string | null, signal?: AbortSignal): Promise<EventPage> {
    const query = {
      kind: kinds.length ? kinds.join(',') : undefined,
      cursor: cursor ?? undefined,
      limit: PAGE_SIZE,
    }
    return api.get<EventPage>(customerPath('events'), query, { signal })
  }

  return { status, error, context, data, externalUserId, phase, load, present, fetchOrders, fetchEvents, customerPath }
})
