import { defineStore } from 'pinia'
import { computed, reactive, ref, watch } from 'vue'
import type { CompleteTaskBody, SkipReason, SkipTaskBody, SnoozeTaskBody, TaskItem, TaskList } from '#contract/tasks.ts'
import { ApiError, api } from '@/api/client'
import { newIdempotencyKey } from '@/common/idempotency-key'
import { useResource } from '@/common/useResource'
import { useSidebarStore } from '@/features/sidebar/stores/sidebar'
import { WecomError } from '@/wecom/errors'
import type { SendStep } from '../send-plan'
import { buildSendPlan } from '../send-plan'
import { type SnoozeHours, dueByTodayView, needsAction, sortTasks } from '../task-format'

/** What a task card is busy with (its buttons spin or wait). */
export type TaskBusy = 'send' | 'manual' | 'skip' | 'snooze'

/**
 * One card's send in progress. Kept until the completion is recorded, so a retry reuses the
 * idempotency key and never sends again what already reached the chat.
 */
export interface SendAttempt {
  idempotencyKey: string
  /** Messages of the plan already in the chat. */
  stepsSent: number
  totalSteps: number
}

export type TaskActionResult
  = | { kind: 'done', task: TaskItem }
  /** 409: the task is closed already (done elsewhere, expired…); the list has been reloaded. */
    | { kind: 'conflict', message: string }
    | { kind: 'failed', message: string }

export type SendResult
  = | TaskActionResult
  /** The user backed out in WeCom: nothing recorded. `partial`: earlier messages went out. */
    | { kind: 'cancelled', partial: boolean }
  /** WeCom could not send; nothing (more) went out. */
    | { kind: 'send-failed', message: string, partial: boolean }
  /** Everything went out but the BFF did not record it: retrying records only. */
    | { kind: 'record-failed', message: string }
  /** Another action on this task is running. */
    | { kind: 'busy' }

function messageOf(e: unknown, fallback: string): string {
  return e instanceof Error && e.message ? e.message : fallback
}

async function runStep(step: SendStep): Promise<void> {
  // The send module pulls in the WeCom loader: fetched on the first send, not with the sidebar.
  const wecom = await import('@/wecom/send')
  if (step.kind === 'text')
    await wecom.sendText(step.content)
  else if (step.kind === 'news')
    await wecom.sendNews(step.news)
  else
    await wecom.sendMiniprogram(step.miniprogram)
}

/**
 * The current sidebar customer's SOP tasks for this staff member: seeded from the sidebar
 * response, reloadable on its own, and acted on here (send, mark done, skip, snooze).
 */
export const useCustomerTasksStore = defineStore('customer-tasks', () => {
  const sidebar = useSidebarStore()

  const externalUserId = ref<string | null>(null)
  const tasks = useResource<TaskItem[]>()
  const items = computed(() => tasks.data.value ?? [])
  /** Per task id: what it is busy with. */
  const busy = reactive(new Map<number, TaskBusy>())
  /** Per task id: the send (or manual completion) not yet recorded. */
  const attempts = reactive(new Map<number, SendAttempt>())

  /** Tasks that want attention now (the tab's badge). */
  const dueCount = computed(() => items.value.filter(t => needsAction(t)).length)
  const openCount = computed(() => items.value.filter(t => t.status === 'pending' || t.status === 'snoozed').length)

  function reset(id: string, list: readonly TaskItem[]) {
    externalUserId.value = id
    tasks.set(sortTasks(list))
    busy.clear()
    attempts.clear()
  }

  // A new sidebar response (another customer, or a reload) brings this customer's tasks along.
  watch(() => sidebar.data, (data) => {
    if (data)
      reset(data.customer.externalUserId, data.tasks)
  }, { immediate: true })

  /** (Re)load this customer's tasks from `GET /api/customers/:id/tasks`. */
  async function load(): Promise<void> {
    const id = externalUserId.value ?? sidebar.externalUserId
    if (!id)
      return
    externalUserId.value = id
    await tasks.run(async () => {
      const { items: list } = await api.get<TaskList>(`/api/customers/${encodeURIComponent(id)}/tasks`)
      // The per-customer list also holds future and older tasks: keep the tab's view (today's).
      return sortTasks(dueByTodayView(list))
    })
  }

  function replace(task: TaskItem) {
    // In place, not through tasks.set(): a reload on its way (after a 409) still lands.
    if (items.value.some(t => t.id === task.id))
      tasks.data.value = items.value.map(t => (t.id === task.id ? task : t))
  }

  function find(id: number): TaskItem | undefined {
    return items.value.find(t => t.id === id)
  }

  function attemptFor(task: TaskItem): SendAttempt {
    let attempt = attempts.get(task.id)
    if (!attempt) {
      attempt = { idempotencyKey: newIdempotencyKey(`task-${task.id}`), stepsSent: 0, totalSteps: buildSendPlan(task.content).length }
      attempts.set(task.id, attempt)
    }
    return attempts.get(task.id)!
  }

  /** POSTs an action; maps 409 (no longer open) to a reload. */
  async function post(task: TaskItem, action: 'complete' | 'skip' | 'snooze', body: CompleteTaskBody | SkipTaskBody | SnoozeTaskBody): Promise<TaskActionResult> {
    try {
      const updated = await api.post<TaskItem>(`/api/tasks/${task.id}/${action}`, body)
      replace(updated)
      return { kind: 'done', task: updated }
    }
    catch (e) {
      // task_done / task_skipped / task_expired: closed meanwhile. Other 409s (a snooze past the
      // task's expiry) leave the task open: just say why.
      if (e instanceof ApiError && e.status === 409 && e.code?.startsWith('task_')) {
        attempts.delete(task.id)
        void load()
        return { kind: 'conflict', message: e.message }
      }
      return { kind: 'failed', message: messageOf(e, '请稍后重试') }
    }
  }

  async function complete(task: TaskItem, body: CompleteTaskBody): Promise<TaskActionResult> {
    const result = await post(task, 'complete', body)
    if (result.kind === 'done')
      attempts.delete(task.id)
    return result
  }

  /**
   * Sends the task's content into the current chat (words, then link card, then mini-program
   * card) and records it as done with what went out. A cancel in WeCom records nothing; a retry
   * continues with what did not go out yet and completes with the same idempotency key.
   */
  async function send(taskId: number): Promise<SendResult> {
    const task = find(taskId)
    if (!task || busy.has(taskId))
      return { kind: 'busy' }
    const plan = buildSendPlan(task.content)
    const attempt = attemptFor(task)
    busy.set(taskId, 'send')
    try {
      for (let i = attempt.stepsSent; i < plan.length; i++) {
        try {
          await runStep(plan[i]!)
        }
        catch (e) {
          const partial = attempt.stepsSent > 0
          if (e instanceof WecomError && e.code === 'cancelled')
            return { kind: 'cancelled', partial }
          return { kind: 'send-failed', message: messageOf(e, '企业微信发送失败'), partial }
        }
        attempt.stepsSent = i + 1
      }
      const text = task.content.text.trim()
      const result = await complete(task, {
        method: 'sent',
        ...(text ? { sentText: text } : {}),
        idempotencyKey: attempt.idempotencyKey,
      })
      return result.kind === 'failed' ? { kind: 'record-failed', message: result.message } : result
    }
    finally {
      busy.delete(taskId)
    }
  }

  /** Marks the task done by hand (sent some other way, or a group / moments task). */
  async function completeManually(taskId: number): Promise<TaskActionResult | { kind: 'busy' }> {
    const task = find(taskId)
    if (!task || busy.has(taskId))
      return { kind: 'busy' }
    busy.set(taskId, 'manual')
    try {
      return await complete(task, { method: 'manual', idempotencyKey: attemptFor(task).idempotencyKey })
    }
    finally {
      busy.delete(taskId)
    }
  }

  /** Skips the task with a reason from the short list. */
  async function skip(taskId: number, reason: SkipReason, note?: string): Promise<TaskActionResult | { kind: 'busy' }> {
    const task = find(taskId)
    if (!task || busy.has(taskId))
      return { kind: 'busy' }
    busy.set(taskId, 'skip')
    try {
      return await post(task, 'skip', note ? { reason, note } : { reason })
    }
    finally {
      busy.delete(taskId)
    }
  }

  /** Puts the task off for 1 h, 3 h or until tomorrow. */
  async function snooze(taskId: number, hours: SnoozeHours): Promise<TaskActionResult | { kind: 'busy' }> {
    const task = find(taskId)
    if (!task || busy.has(taskId))
      return { kind: 'busy' }
    busy.set(taskId, 'snooze')
    try {
      return await post(task, 'snooze', { hours })
    }
    finally {
      busy.delete(taskId)
    }
  }

  return {
    externalUserId,
    items,
    status: tasks.status,
    error: tasks.error,
    busy,
    attempts,
    dueCount,
    openCount,
    load,
    send,
    completeManually,
    skip,
    snooze,
  }
})
