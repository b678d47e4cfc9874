/**
 * How tasks read on screen: goal chips, due times, skip reasons, what a finished task did.
 * Pure functions (no Vue), unit-tested in task-format.test.ts.
 */
import type { SkipReason, TaskItem } from '#contract/tasks.ts'
import { chinaDayStart } from '#rules/china-time.ts'
import { DAY, HOUR, MINUTE } from '#rules/time-units.ts'
import { calendarDaysAgo, formatClock, shanghaiParts } from '@/common/format'

export type TaskGoal = TaskItem['goal']

export interface ChipLook { color: string, background: string }

/** 培育 nurture, 激活 activate, 复购 repurchase, 关怀 care. */
export const GOAL_LOOKS: Readonly<Record<TaskGoal, ChipLook>> = {
  培育: { color: '#1677ff', background: '#e8f3ff' },
  激活: { color: '#7232dd', background: '#f3ebff' },
  复购: { color: '#d46b08', background: '#fff3e3' },
  关怀: { color: '#d63384', background: '#fdebf4' },
}

export const SKIP_REASONS: readonly { value: SkipReason, label: string }[] = [
  { value: 'customer_bought', label: '客户已购买' },
  { value: 'not_interested', label: '客户不需要' },
  { value: 'contacted_elsewhere', label: '已通过其他方式联系' },
  { value: 'content_unfit', label: '内容不合适' },
  { value: 'other', label: '其他' },
]

export function skipReasonLabel(reason: SkipReason | null): string {
  return SKIP_REASONS.find(r => r.value === reason)?.label ?? '其他'
}

export type SnoozeHours = 1 | 3 | 24

export const SNOOZE_OPTIONS: readonly { hours: SnoozeHours, label: string }[] = [
  { hours: 1, label: '1小时后' },
  { hours: 3, label: '3小时后' },
  { hours: 24, label: '明天' },
]

export const TOUCHPOINT_LABELS: Readonly<Record<TaskItem['touchpoint'], string>> = {
  single_chat: '私聊',
  group: '客户群',
  moments: '朋友圈',
}

/** Still to be done: pending, or snoozed (it comes back). */
export function isOpen(task: TaskItem): boolean {
  return task.status === 'pending' || task.status === 'snoozed'
}

/**
 * Overdue the way the BFF counts it (the /tasks summary): still open and due before today,
 * i.e. carried over from an earlier day. A task merely past its hour today is "已到期", not overdue.
 */
export function isOverdue(task: TaskItem, now: number = Date.now()): boolean {
  return isOpen(task) && (task.overdue || Date.parse(task.dueAt) < chinaDayStart(now))
}

/** Snoozed and the snooze is not over yet. */
export function isAsleep(task: TaskItem, now: number = Date.now()): boolean {
  return task.status === 'snoozed' && task.snoozedUntil !== null && Date.parse(task.snoozedUntil) > now
}

/** Whether the task wants attention now: pending, or snoozed and the snooze is over. */
export function needsAction(task: TaskItem, now: number = Date.now()): boolean {
  return task.status === 'pending' || (task.status === 'snoozed' && !isAsleep(task, now))
}

/**
 * What the sidebar's 任务 tab shows (as the sidebar response does): open tasks due by the end
 * of today, and those done today. Applied to the fuller per-customer list when it is reloaded.
 */
export function dueByTodayView(items: readonly TaskItem[], now: number = Date.now()): TaskItem[] {
  const start = chinaDayStart(now)
  const end = start + DAY
  return items.filter(t => (isOpen(t) && Date.parse(t.dueAt) < end)
    || (t.status === 'done' && t.completedAt !== null && Date.parse(t.completedAt) >= start))
}

/** A span of time for "已逾期 …": "5分钟", "3小时", "2天". */
export function formatSpan(ms: number): string {
  if (ms < HOUR)
    return `${Math.max(1, Math.floor(ms / MINUTE))}分钟`
  if (ms < DAY)
    return `${Math.floor(ms / HOUR)}小时`
  return `${Math.floor(ms / DAY)}天`
}

/** "15:00", "明天 10:00", "11月25日 10:00" (China time), relative to `now`'s calendar day. */
export function formatDayClock(iso: string, now: number = Date.now()): string {
  const days = -calendarDaysAgo(iso, now)
  if (days === 0)
    return formatClock(iso)
  if (days === 1)
    return `明天 ${formatClock(iso)}`
  if (days === -1)
    return `昨天 ${formatClock(iso)}`
  const p = shanghaiParts(iso)
  return `${p.month}月${p.day}日 ${formatClock(iso)}`
}

export interface DueLabel {
  text: string
  /** Carried over from an earlier day: red. */
  overdue: boolean
  /** Past its hour today, or due within the hour: orange. */
  soon: boolean
}

/**
 * "已逾期 3小时" (from an earlier day) / "已到期 · 10:00" (past its hour today) / "40分钟后到期" /
 * "今天 18:00 前" (compact: "18:00") / "明天 10:00 前"; a sleeping snoozed task: "稍后提醒 · 15:30".
 */
export function formatDue(task: TaskItem, now: number = Date.now(), options: { compact?: boolean } = {}): DueLabel {
  if (isAsleep(task, now))
    return { text: `稍后提醒 · ${formatDayClock(task.snoozedUntil!, now)}`, overdue: false, soon: false }
  const due = Date.parse(task.dueAt)
  if (isOverdue(task, now))
    return { text: `已逾期 ${formatSpan(now - due)}`, overdue: true, soon: false }
  if (due <= now)
    return { text: `已到期 · ${formatClock(task.dueAt)}`, overdue: false, soon: true }
  if (due - now < HOUR)
    return { text: `${Math.max(1, Math.ceil((due - now) / MINUTE))}分钟后到期`, overdue: false, soon: true }
  const day = formatDayClock(task.dueAt, now)
  // Compact (a list of today's tasks): the clock time says it all.
  if (options.compact)
    return { text: day, overdue: false, soon: false }
  return { text: calendarDaysAgo(task.dueAt, now) === 0 ? `今天 ${day} 前` : `${day} 前`, overdue: false, soon: false }
}

/** What a finished task did, for its collapsed row: "已发送 · 14:03", "已跳过 · 客户已购买". */
export function finishedLabel(task: TaskItem): string {
  const at = task.completedAt ? ` · ${formatClock(task.completedAt)}` : ''
  switch (task.status) {
    case 'done':
      return task.completion?.method === 'sent' ? `已发送${at}` : `已手动完成${at}`
    case 'skipped':
      return `已跳过 · ${skipReasonLabel(task.skipReason)}`
    case 'expired':
      return '已过期'
    case 'withdrawn':
      return '已撤回 · 客户已达成目标'
    default:
      return ''
  }
}

/** How staff know the customer: their remark if they wrote one, else the name. */
export function customerLabel(customer: TaskItem['customer']): string {
  return customer.remark || customer.name
}

/**
 * Open tasks first (what wants attention now, then by due time), finished ones after (latest
 * first). The list keeps this order while the tab is open: a task finished in place stays put.
 */
export function sortTasks(items: readonly TaskItem[], now: number = Date.now()): TaskItem[] {
  const rank = (t: TaskItem) => (needsAction(t, now) ? 0 : isOpen(t) ? 1 : 2)
  return [...items].sort((a, b) => {
    const r = rank(a) - rank(b)
    if (r !== 0)
      return r
    if (rank(a) === 2)
      return Date.parse(b.completedAt ?? b.dueAt) - Date.parse(a.completedAt ?? a.dueAt)
    return Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.id - b.id
  })
}
