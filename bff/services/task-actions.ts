/**
 * What a staff member does with a task: complete it (sent from the sidebar or by hand), skip it
 * with a reason, snooze it. Each change and its task_events row are written in one transaction,
 * so the record of who did what and when is never missing a change.
 */
import { eq } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { taskEvents, tasks } from '#db/schema.ts'
import type { CompleteTaskBody, SkipTaskBody, SnoozeTaskBody } from '../contract/tasks.ts'
import type { Guardrails } from '../engine/journey/index.ts'
import { dueOutsideQuietHours } from '../engine/journey/guardrails.ts'
import { HOUR } from '../engine/rules/time-units.ts'
import { ClientError } from './http-error.ts'
import { requireOwnTask, type TaskRow } from './tasks.ts'

export interface TaskChange {
  task: TaskRow
  /** False when an idempotent retry found the change already made. */
  changed: boolean
}

const CLOSED_MESSAGES = {
  done: '这个任务已经完成了',
  skipped: '这个任务已跳过，不能再操作',
  expired: '这个任务已过期，不能再操作',
  withdrawn: '客户已达成目标或已离开该阶段，这个任务已撤回',
} as const

/** Pending and snoozed tasks can be acted on; closed ones answer 409 saying why not. */
function requireOpen(task: TaskRow): void {
  if (task.status === 'pending' || task.status === 'snoozed')
    return
  throw new ClientError(409, CLOSED_MESSAGES[task.status], `task_${task.status}`)
}

/**
 * Marks the task done, recording how and what was sent. The idempotency key makes a retried
 * tap harmless: the same key again returns the task as it is, recording nothing.
 */
export function completeTask(db: Db, staffId: number, taskId: number, body: CompleteTaskBody, now: number): TaskChange {
  return db.transaction((tx) => {
    const earlier = tx.select({ taskId: taskEvents.taskId, staffId: taskEvents.staffId }).from(taskEvents)
      .where(eq(taskEvents.idempotencyKey, body.idempotencyKey)).get()
    if (earlier) {
      if (earlier.taskId !== taskId || earlier.staffId !== staffId)
        throw new ClientError(409, 'idempotencyKey 已用于另一个操作，请换一个新的', 'idempotency_key_reused')
      return { task: requireOwnTask(tx, staffId, taskId), changed: false }
    }
    const task = requireOwnTask(tx, staffId, taskId)
    requireOpen(task)
    const sentText = body.sentText ?? null
    const updated = tx.update(tasks)
      .set({ status: 'done', completedAt: now, closedAt: now, completionMethod: body.method, sentText })
      .where(eq(tasks.id, taskId)).returning().get()
    tx.insert(taskEvents).values({
      taskId,
      staffId,
      action: 'done',
      at: now,
      detail: { method: body.method, sentText, from: task.status },
      idempotencyKey: body.idempotencyKey,
    }).run()
    return { task: updated, changed: true }
  }, { behavior: 'immediate' })
}

/** Closes the task without sending, with one of the listed reasons (and a note for 'other'). */
export function skipTask(db: Db, staffId: number, taskId: number, body: SkipTaskBody, now: number): TaskChange {
  return db.transaction((tx) => {
    const task = requireOwnTask(tx, staffId, taskId)
    requireOpen(task)
    const note = body.note?.trim() || null
    const updated = tx.update(tasks)
      .set({ status: 'skipped', skipReason: body.reason, skipNote: note, closedAt: now })
      .where(eq(tasks.id, taskId)).returning().get()
    tx.insert(taskEvents).values({ taskId, staffId, action: 'skipped', at: now, detail: { reason: body.reason, note, from: task.status } }).run()
    return { task: updated, changed: true }
  }, { behavior: 'immediate' })
}

/**
 * Due again `hours` from now, moved out of the customer's quiet hours (21:00–09:00 → 09:00). A
 * snooze that would land at or past the task's expiry is refused: the task would silently vanish.
 */
export function snoozeTask(db: Db, staffId: number, taskId: number, body: SnoozeTaskBody, guardrails: Guardrails, now: number): TaskChange {
  return db.transaction((tx) => {
    const task = requireOwnTask(tx, staffId, taskId)
    requireOpen(task)
    const until = dueOutsideQuietHours(now + body.hours * HOUR, guardrails)
    if (until >= task.expiresAt)
      throw new ClientError(409, '推迟后会超过任务的有效期，不能再推迟了', 'snooze_past_expiry')
    const updated = tx.update(tasks)
      .set({ status: 'snoozed', dueAt: until, snoozedUntil: until })
      .where(eq(tasks.id, taskId)).returning().get()
    tx.insert(taskEvents).values({ taskId, staffId, action: 'snoozed', at: now, detail: { hours: body.hours, from: task.dueAt, to: until } }).run()
    return { task: updated, changed: true }
  }, { behavior: 'immediate' })
}
