/**
 * Reading SOP tasks for the staff member they belong to: one customer's (sidebar, task tab) and
 * today's across customers (/tasks). Every query is scoped by staff_id and served by an index:
 * (staff_id, status, due_at), (customer_id, status) or (staff_id, completed_at).
 */
import { and, asc, count, desc, eq, gt, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerIdentities, customers, staffCustomers, tasks } from '#db/schema.ts'
import { countWhere, inJsonList } from '#db/sql/dialect.ts'
import type { TaskItem, TaskList, TodayTasks } from '../contract/tasks.ts'
import { chinaDayStart } from '../engine/rules/china-time.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { dialectSql } from '#db/sql/dialect-sql.ts'
import { ClientError } from './http-error.ts'
import { preparedPerDb } from './prepared.ts'

export const OPEN_STATUSES = ['pending', 'snoozed'] as const
const CLOSED_STATUSES = ['done', 'skipped', 'expired'] as const
/** Closed tasks this recent still show in a customer's task list. */
const RECENT_CLOSED = 30 * DAY
const RECENT_CLOSED_LIMIT = 20
/** A day's list is never this long in practice; the summary counts stay exact beyond it. */
const TODAY_LIMIT = 500

export type TaskRow = typeof tasks.$inferSelect
/** The database or an open transaction on it. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]

/** The China calendar day `now` falls on: [start, end). */
export function chinaToday(now: number) {
  const start = chinaDayStart(now)
  return { start, end: start + DAY }
}

const externalUserId = sql<string | null>`(select ${customerIdentities.value} from ${customerIdentities}
  where ${customerIdentities.customerId} = ${tasks.customerId} and ${customerIdentities.kind} = 'external_userid'
  order by ${customerIdentities.id} limit 1)`

function selectTasks(db: Db, where: SQL | undefined) {
  return db.select({ task: tasks, customerName: customers.name, remark: staffCustomers.remark, externalUserId })
    .from(tasks)
    .innerJoin(customers, eq(customers.id, tasks.customerId))
    .leftJoin(staffCustomers, and(eq(staffCustomers.staffId, tasks.staffId), eq(staffCustomers.customerId, tasks.customerId)))
    .where(where)
}

type SelectedTask = Awaited<ReturnType<ReturnType<typeof selectTasks>['all']>>[number]

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString())

/**
 * A stored task as the API shows it. Overdue means still open and due before today (China
 * time): carried over from an earlier day, not merely past its hour today.
 */
export function toTaskItem({ task: t, customerName, remark, externalUserId }: SelectedTask, now: number): TaskItem {
  const open = t.status === 'pending' || t.status === 'snoozed'
  return {
    id: t.id,
    sopKey: t.sopKey,
    sopName: t.sopName,
    stepName: t.stepName,
    goal: t.goal,
    touchpoint: t.touchpoint,
    marketing: t.marketing,
    status: t.status,
    dueAt: iso(t.dueAt)!,
    expiresAt: iso(t.expiresAt)!,
    snoozedUntil: iso(t.snoozedUntil),
    overdue: open && t.dueAt < chinaDayStart(now),
    reason: t.reason,
    content: { text: t.content.text, link: t.content.link ?? null, image: t.content.image ?? null, miniprogram: t.content.miniprogram ?? null },
    customer: { externalUserId: externalUserId ?? '', name: customerName, remark },
    completedAt: iso(t.completedAt),
    completion: t.status === 'done' && t.completionMethod ? { method: t.completionMethod, sentText: t.sentText } : null,
    skipReason: t.skipReason,
  }
}

/** Open and not yet past its expiry (the scheduler marks those expired on its next pass). */
const liveOpen = (now: number) => and(inArray(tasks.status, [...OPEN_STATUSES]), gt(tasks.expiresAt, now))

// Ids first, whole rows only when there are any: most customers have no task to show, and
// asking for every column made the empty answer cost twice as much.
const sidebarCandidates = preparedPerDb((db: Db) => ({
  ids: db.select({ id: tasks.id }).from(tasks).where(and(
    eq(tasks.customerId, sql.placeholder('customerId')),
    or(inArray(tasks.status, [...OPEN_STATUSES]), and(eq(tasks.status, 'done'), gte(tasks.completedAt, sql.placeholder('since')))),
  )).prepare(),
  rows: db.select().from(tasks).where(sql`${tasks.id} ${dialectSql(inJsonList, sql.placeholder('ids'))}`).prepare(),
}))

/**
 * Every task of the customer's the sidebar may show from `now` on, whoever it belongs to: open
 * ones (due dates only come closer) and those done since the start of today.
 */
export function readSidebarTaskCandidates(db: Db, customerId: number, now: number): TaskRow[] {
  const q = sidebarCandidates(db)
  const ids = q.ids.all({ customerId, since: chinaToday(now).start })
  return ids.length ? q.rows.all({ ids: JSON.stringify(ids.map(t => t.id)) }) : []
}

/**
 * The sidebar's task tab, picked from the candidates: this staff member's open tasks due by the
 * end of today (overdue and earlier first), then those done today (latest first).
 */
export function sidebarTasks(candidates: TaskRow[], staffId: number, customer: { externalUserId: string, name: string, remark: string | null }, now: number): TaskItem[] {
  const today = chinaToday(now)
  const done = (t: TaskRow) => t.status === 'done'
  const shown = candidates.filter(t => t.staffId === staffId && (done(t)
    ? t.completedAt! >= today.start
    : t.expiresAt > now && t.dueAt < today.end))
  shown.sort((a, b) => Number(done(a)) - Number(done(b)) || (done(a) ? b.completedAt! - a.completedAt! || b.id - a.id : a.dueAt - b.dueAt || a.id - b.id))
  return shown.map(task => toTaskItem({ task, customerName: customer.name, remark: customer.remark, externalUserId: customer.externalUserId }, now))
}

/** All of this staff member's open tasks for the customer (also future ones), then the recently closed. */
export function listCustomerTasks(db: Db, staffId: number, customerId: number, now: number): TaskList {
  const mine = and(eq(tasks.customerId, customerId), eq(tasks.staffId, staffId))
  const open = selectTasks(db, and(mine, liveOpen(now))).orderBy(asc(tasks.dueAt), asc(tasks.id)).all()
  const closed = selectTasks(db, and(mine, inArray(tasks.status, [...CLOSED_STATUSES]), gte(tasks.closedAt, now - RECENT_CLOSED)))
    .orderBy(desc(tasks.closedAt), desc(tasks.id)).limit(RECENT_CLOSED_LIMIT).all()
  return { items: [...open, ...closed].map(row => toTaskItem(row, now)) }
}

/**
 * The signed-in staff member's day across customers: overdue first, then due today, by due time;
 * then what they handled today (done or skipped), latest first, so 今日已处理 survives a reload.
 */
export function listTodayTasks(db: Db, staffId: number, now: number): TodayTasks {
  const today = chinaToday(now)
  const due = and(eq(tasks.staffId, staffId), liveOpen(now), lt(tasks.dueAt, today.end))
  const open = selectTasks(db, due).orderBy(asc(tasks.dueAt), asc(tasks.id)).limit(TODAY_LIMIT).all()
  const handled = selectTasks(db, and(eq(tasks.staffId, staffId), inArray(tasks.status, ['done', 'skipped']), gte(tasks.closedAt, today.start)))
    .orderBy(desc(tasks.closedAt), desc(tasks.id)).limit(TODAY_LIMIT).all()
  const items = [...open, ...handled]
  const split = db.select({ overdue: sql<number>`coalesce(${dialectSql(countWhere, sql`${tasks.dueAt} < ${today.start}`)}, 0)`, all: count() }).from(tasks).where(due).get()
  const done = db.select({ n: count() }).from(tasks)
    .where(and(eq(tasks.staffId, staffId), gte(tasks.completedAt, today.start), eq(tasks.status, 'done'))).get()
  const overdue = split?.overdue ?? 0
  return {
    items: items.map(row => toTaskItem(row, now)),
    summary: { overdue, dueToday: (split?.all ?? 0) - overdue, doneToday: done?.n ?? 0 },
  }
}

/** One of this staff member's tasks; another's, or none, is the same 404. */
export function requireOwnTask(db: DbOrTx, staffId: number, taskId: number): TaskRow {
  const row = db.select().from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.staffId, staffId))).get()
  if (!row)
    throw new ClientError(404, '任务不存在，或不是你的任务', 'task_not_found')
  return row
}

export function getTaskItem(db: Db, staffId: number, taskId: number, now: number): TaskItem {
  const row = selectTasks(db, and(eq(tasks.id, taskId), eq(tasks.staffId, staffId))).get()
  if (!row)
    throw new ClientError(404, '任务不存在，或不是你的任务', 'task_not_found')
  return toTaskItem(row, now)
}
