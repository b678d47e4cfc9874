import { defineStore } from 'pinia'
import { reactive, ref, watch } from 'vue'
import type { ChatMessage, RecordSendBody, RecoResponse, SendKind, SendRecord } from '#contract/reco.ts'
import { ApiError, api } from '@/api/client'
import { newIdempotencyKey } from '@/common/idempotency-key'
import { useResource } from '@/common/useResource'
import { useSidebarStore } from '@/features/sidebar/stores/sidebar'
import { WecomError } from '@/wecom/errors'
import { sendChatMessage } from '../send-message'

export type SendResult
  = | { kind: 'done', record: SendRecord }
  /** The user backed out in WeCom: nothing was sent, nothing recorded. */
    | { kind: 'cancelled' }
    | { kind: 'send-failed', message: string }
  /** It reached the chat but the BFF did not record it: tapping again records only. */
    | { kind: 'record-failed', message: string }
    | { kind: 'busy' }

/** A send that reached the chat and is not recorded yet: a retry records it without sending again. */
interface PendingRecord { idempotencyKey: string, message: ChatMessage }

const itemKey = (kind: SendKind, refId: number) => `${kind}:${refId}`

function messageOf(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback
}

/**
 * The 推荐 tab's data for the sidebar's customer: loaded when the tab opens, reloaded after a
 * send (a sent coupon moves from 推荐 to 已有). Sends go through WeCom, then are recorded.
 */
export const useRecoStore = defineStore('reco', () => {
  const sidebar = useSidebarStore()
  const externalUserId = ref<string | null>(null)
  const { data, status, error, run, clear } = useResource<RecoResponse>()
  /** Per item ('coupon:3'): a send in progress. */
  const busy = reactive(new Set<string>())
  /** Per item: sent into the chat, record pending. */
  const pending = reactive(new Map<string, PendingRecord>())

  // Another customer (or a reload of the sidebar): start over; the tab loads again when shown.
  watch(() => sidebar.externalUserId, (id) => {
    if (id !== externalUserId.value) {
      externalUserId.value = id
      clear()
      busy.clear()
      pending.clear()
    }
  }, { immediate: true })

  async function load(): Promise<void> {
    const id = externalUserId.value
    if (id)
      await run(() => api.get<RecoResponse>(`/api/customers/${encodeURIComponent(id)}/recommendations`))
  }

  /**
   * Sends the item's message into the chat, then records it. A cancel in WeCom records nothing;
   * a failed record is retried with the same key and without sending again.
   */
  async function send(kind: SendKind, refId: number, message: ChatMessage): Promise<SendResult> {
    const id = externalUserId.value
    const key = itemKey(kind, refId)
    if (!id || busy.has(key))
      return { kind: 'busy' }
    busy.add(key)
    try {
      let attempt = pending.get(key)
      if (!attempt) {
        try {
          await sendChatMessage(message)
        }
        catch (e) {
          if (e instanceof WecomError && e.code === 'cancelled')
            return { kind: 'cancelled' }
          return { kind: 'send-failed', message: messageOf(e, '企业微信发送失败') }
        }
        attempt = { idempotencyKey: newIdempotencyKey(`${kind}-${refId}`), message }
        pending.set(key, attempt)
      }
      try {
        const body: RecordSendBody = { kind, refId, message: attempt.message, idempotencyKey: attempt.idempotencyKey }
        const record = await api.post<SendRecord>(`/api/customers/${encodeURIComponent(id)}/sends`, body)
        pending.delete(key)
        void load()
        return { kind: 'done', record }
      }
      catch (e) {
        // A 4xx will not pass on a retry either: drop the attempt and show the list as it is now.
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401) {
          pending.delete(key)
          void load()
        }
        return { kind: 'record-failed', message: messageOf(e, '请稍后重试') }
      }
    }
    finally {
      busy.delete(key)
    }
  }

  const isBusy = (kind: SendKind, refId: number) => busy.has(itemKey(kind, refId))
  const isPending = (kind: SendKind, refId: number) => pending.has(itemKey(kind, refId))

  return { externalUserId, data, status, error, load, send, isBusy, isPending }
})
