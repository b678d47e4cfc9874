import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { api } from '@/api/client'
import type { AsyncStatus } from '@/common/async-status'
import { useSessionStore } from '@/stores/session'
import type { ChatContext } from '@/wecom/chat-context'
import type {
  EventKind,
  EventPage,
  OrderPage,
  PhoneRevealResponse,
  SidebarResponse,
} from '../../../../../bff/contract/customer.ts'
import type { StageHistoryResponse } from '../../../../../bff/contract/journey.ts'

/** Why the sidebar cannot show a customer. Each kind has its own screen. */
export type SidebarErrorKind =
  /** 404 unknown_contact: WeCom knows the contact, our database does not (yet). */
  | 'unknown_contact'
  /** 404 not_your_customer: the customer exists but this staff member does not serve them. */
  | 'not_your_customer'
  /** The BFF could not be reached (ApiError status 0). */
  | 'unreachable'
  /** 5xx */
  | 'server'
  /** 401: the session is gone; retrying signs in again. */
  | 'unauthorized'
  /** The WeCom client failed or timed out while telling us who the chat is with. */
  | 'wecom'
  | 'other'

export interface SidebarError {
  kind: SidebarErrorKind
  title: string
  message: string
}

/** What the page shows; derived from status, error and chat context. */
export type SidebarPhase =
  | 'loading'
  | 'ready'
  /** Opened from a group chat's toolbar. */
  | 'group'
  /** Opened from somewhere else (工作台, …). */
  | 'other'
  | 'unknown'
  | 'not-yours'
  | 'error'

/** The shape of the API client's ApiError, checked structurally so tests can throw plain objects. */
interface ApiErrorLike { status: number, message: string, code?: string }

function isApiError(e: unknown): e is ApiErrorLike {
  return typeof e === 'object' && e !== null && typeof (e as { status?: unknown }).status === 'number'
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : typeof e === 'string' ? e : ''
}

/** Turn what the API client threw into a screen the staff member understands. */
export function toSidebarError(e: unknown): SidebarError {
  if (!isApiError(e))
    return { kind: 'other', title: '加载失败', message: messageOf(e) || '出了点问题，请重试。' }
  if (e.status === 404 && e.code === 'unknown_contact')
    return { kind: 'unknown_contact', title: '系统里还没有这位客户的资料', message: e.message }
  if (e.status === 404 && e.code === 'not_your_customer')
    return { kind: 'not_your_customer', title: '这位客户不在你的客户列表中', message: e.message }
  if (e.status === 0)
    return { kind: 'unreachable', title: '连接中断', message: e.message || '无法连接服务器，请检查网络后重试' }
  if (e.status >= 500)
    return { kind: 'server', title: '服务暂时不可用', message: '服务器出了点问题，请稍后重试。' }
  if (e.status === 401)
    return { kind: 'unauthorized', title: '登录已失效', message: e.message || '请点击重试重新登录。' }
  return { kind: 'other', title: '加载失败', message: e.message || `请求失败（${e.status}）` }
}

const PAGE_SIZE = 20
const SIGN_IN_FAILED: SidebarError = { kind: 'other', title: '登录失败', message: '请重试。' }

/**
 * The customer in the current 1:1 chat: who they are, what they bought, what they did.
 * Lists page on from the first pages in `data`; components own their paging state and ask this
 * store for further pages (`fetchOrders`, `fetchEvents`).
 */
export const useSidebarStore = defineStore('sidebar', () => {
  const status = ref<AsyncStatus>('idle')
  const error = ref<SidebarError | null>(null)
  const context = ref<ChatContext | null>(null)
  // shallowRef: the response is read-only display data, no need for deep reactivity.
  const data = shallowRef<SidebarResponse | null>(null)

  const revealedPhone = ref<string | null>(null)
  const phoneRevealStatus = ref<AsyncStatus>('idle')

  // The stage history is fetched when the stage sheet is first opened, not with the sidebar.
  const stageHistory = shallowRef<StageHistoryResponse | null>(null)
  const stageHistoryStatus = ref<AsyncStatus>('idle')
  const stageHistoryError = ref<SidebarError | null>(null)

  const externalUserId = computed(() =>
    context.value?.kind === 'single' ? context.value.externalUserId : null)

  const phase = computed<SidebarPhase>(() => {
    if (status.value === 'idle' || status.value === 'loading')
      return 'loading'
    if (status.value === 'error') {
      if (error.value?.kind === 'unknown_contact')
        return 'unknown'
      if (error.value?.kind === 'not_your_customer')
        return 'not-yours'
      return 'error'
    }
    if (context.value?.kind === 'group')
      return 'group'
    if (context.value?.kind === 'other')
      return 'other'
    return data.value ? 'ready' : 'error'
  })

  // Each load gets a number; answers of an older load (a retry tapped twice) are dropped.
  let generation = 0

  /**
   * Sign in, ask WeCom who the chat is with, and fetch that customer's sidebar.
   * Safe to call again (retry): it starts over from signing in.
   */
  async function load(): Promise<void> {
    const mine = ++generation
    const current = () => mine === generation
    status.value = 'loading'
    error.value = null
    revealedPhone.value = null
    phoneRevealStatus.value = 'idle'
    stageHistory.value = null
    stageHistoryStatus.value = 'idle'
    stageHistoryError.value = null

    const session = useSessionStore()
    try {
      const me = await session.ensureSignedIn()
      if (!current())
        return
      if (!me) {
        // Either signing in failed, or the session store is leaving for the WeCom login / the
        // demo staff picker: then stay on the skeleton, the page is about to go away.
        if (session.status === 'error')
          fail(session.error ? toSidebarError(session.error) : SIGN_IN_FAILED)
        return
      }
    }
    catch (e) {
      if (current())
        fail(isApiError(e) ? toSidebarError(e) : { ...SIGN_IN_FAILED, message: messageOf(e) || SIGN_IN_FAILED.message })
      return
    }

    let resolveChatContext: () => Promise<ChatContext>
    try {
      // Imported here, not at the top: the WeCom SDK must load after the demo emulator is
      // installed, which happens while signing in.
      ({ resolveChatContext } = await import('@/wecom/chat-context'))
    }
    catch (e) {
      // A chunk that fails to download: the network, not WeCom.
      if (current())
        fail({ kind: 'unreachable', title: '页面加载失败', message: messageOf(e) || '请检查网络连接后重试。' })
      return
    }

    let ctx: ChatContext
    try {
      ctx = await resolveChatContext()
    }
    catch (e) {
      if (current())
        fail({ kind: 'wecom', title: '企业微信客户端出错', message: messageOf(e) || '无法获取当前聊天，请重试。' })
      return
    }
    if (!current())
      return
    context.value = ctx
    if (ctx.kind !== 'single') {
      data.value = null
      status.value = 'done'
      return
    }

    try {
      const response = await api.get<SidebarResponse>(`/api/sidebar/${encodeURIComponent(ctx.externalUserId)}`)
      if (!current())
        return
      data.value = response
      status.value = 'done'
    }
    catch (e) {
      if (current())
        fail(toSidebarError(e))
    }
  }

  function fail(e: SidebarError) {
    data.value = null
    error.value = e
    status.value = 'error'
  }

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

  /**
   * Reveal the full phone number. The BFF logs every reveal; call only after the staff member
   * confirmed. Throws what the API threw (the caller tells the user).
   */
  async function revealPhone(): Promise<string> {
    phoneRevealStatus.value = 'loading'
    try {
      const { phone } = await api.post<PhoneRevealResponse>(customerPath('phone-reveal'))
      revealedPhone.value = phone
      phoneRevealStatus.value = 'done'
      return phone
    }
    catch (e) {
      phoneRevealStatus.value = 'error'
      throw e
    }
  }

  /**
   * The customer's stage visits, newest first (for the stage sheet). Loads once per customer;
   * call again after an error to retry. Failures end up in `stageHistoryError`.
   */
  async function loadStageHistory(): Promise<void> {
    if (stageHistoryStatus.value === 'loading' || stageHistoryStatus.value === 'done')
      return
    const mine = generation
    stageHistoryStatus.value = 'loading'
    stageHistoryError.value = null
    try {
      const response = await api.get<StageHistoryResponse>(customerPath('stage'))
      if (mine !== generation)
        return
      stageHistory.value = response
      stageHistoryStatus.value = 'done'
    }
    catch (e) {
      if (mine !== generation)
        return
      stageHistoryError.value = toSidebarError(e)
      stageHistoryStatus.value = 'error'
    }
  }

  return {
    status,
    error,
    context,
    data,
    externalUserId,
    phase,
    revealedPhone,
    phoneRevealStatus,
    load,
    fetchOrders,
    fetchEvents,
    revealPhone,
    stageHistory,
    stageHistoryStatus,
    stageHistoryError,
    loadStageHistory,
  }
})
