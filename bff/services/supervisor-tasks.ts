/** Task lists a supervisor drills into: one person's overdue, skipped and expired tasks, one customer's tasks. */
import type { Db } from '#db/client.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { TaskRef } from '../contract/supervisor.ts'
import type { TaskStatus } from '../contract/tasks.ts'
import { preparedPerDb } from './prepared.ts'

const LIST_LIMIT = 50
const SELECT = `select t.id, t.sop_name as sopName, t.step_name as stepName, t.status, t.due_at as dueAt, t.closed_at as closedAt,
    t.skip_reason as skipReason, t.skip_note as skipNote, c.id as customerId, c.name as customerName, sc.remark
  from tasks t join customers c on c.id = t.customer_id
  left join staff_customers sc on sc.staff_id = t.staff_id and sc.customer_id = t.customer_id`

interface Row { id: number, sopName: string, stepName: string, status: TaskStatus, dueAt: number, closedAt: number | null, skipReason: TaskRef['skipReason'], skipNote: string | null, customerId: number, customerName: string, remark: string | null }

const SQL = {
  overdue: sqlRows<Row, { staffId: number, todayStart: number, now: number }>(`${SELECT} where t.staff_id = @staffId and t.status in ('pending', 'snoozed') and t.due_at < @todayStart and t.expires_at > @now
    order by t.due_at, t.id limit ${LIST_LIMIT}`),
  overdueCount: sqlRows<{ n: number, oldest: number | null }, { staffId: number, todayStart: number, now: number }>(`select count(*) as n, min(due_at) as oldest from tasks
    where staff_id = @staffId and status in ('pending', 'snoozed') and due_at < @todayStart and expires_at > @now`),
  closed: sqlRows<Row, { staffId: number, status: 'skipped' | 'expired', from: number, to: number }>(`${SELECT} where t.staff_id = @staffId and t.due_at >= @from and t.due_at < @to and t.status = @status
    order by t.due_at desc, t.id desc limit ${LIST_LIMIT}`),
  ofCustomer: sqlRows<Row, { customerId: number, staff: string }>(`${SELECT} where t.customer_id = @customerId and t.staff_id ${inJsonList('@staff')}
    order by t.due_at desc, t.id desc limit 20`),
}

const statements = preparedPerDb((db: Db) => prepareAllSql(db.$client, SQL))

function toRef(r: Row): TaskRef {
  return {
    id: r.id,
    sopName: r.sopName,
    stepName: r.stepName,
    status: r.status,
    dueAt: new Date(r.dueAt).toISOString(),
    closedAt: r.closedAt === null ? null : new Date(r.closedAt).toISOString(),
    skipReason: r.skipReason,
    skipNote: r.skipNote,
    customer: { id: r.customerId, name: r.customerName, remark: r.remark },
  }
}

export function overdueTasks(db: Db, staffId: number, todayStart: number, now: number): TaskRef[] {
  return statements(db).overdue.all({ staffId, todayStart, now }).map(toRef)
}

/** How many tasks are overdue for this person now, and since when. */
export function overdueCount(db: Db, staffId: number, todayStart: number, now: number): { n: number, oldest: number | null } {
  // An aggregate without group by always returns its one row.
  return statements(db).overdueCount.get({ staffId, todayStart, now })!
}

export function closedTasks(db: Db, staffId: number, status: 'skipped' | 'expired', from: number, to: number): TaskRef[] {
  return statements(db).closed.all({ staffId, status, from, to }).map(toRef)
}

export function customerTasksOfTeam(db: Db, customerId: number, staffIdsJson: string): TaskRef[] {
  return statements(db).ofCustomer.all({ customerId, staff: staffIdsJson }).map(toRef)
}
