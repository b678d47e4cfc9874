/**
 * Customers left unanswered (seed 003: a reply within the service deadline): the customer wrote to
 * a staff member and no reply from that member came within SERVICE_REPLY_HOURS working hours.
 * Only the customer's latest message per staff member counts, and only messages of the last
 * 7 days: older silence is the journey's job (沉默激活), not a service alert.
 */
import type { Db } from '#db/client.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { SupervisorUnanswered, UnansweredItem } from '../contract/supervisor.ts'
import { DAY, HOUR, MINUTE } from '../engine/rules/time-units.ts'
import { addWorkingHours, workingMsBetween } from '../engine/rules/working-hours.ts'
import { preparedPerDb } from './prepared.ts'
import type { ScopeStaff, Selection } from './supervisor-scope.ts'

export const UNANSWERED_LOOKBACK = 7 * DAY
/** Per staff member on the overview; the drill-down shows more. */
const ITEMS_PER_STAFF = 5
const ITEMS_IN_DETAIL = 50

interface Candidate { staffId: number, customerId: number, lastIn: number, customerName: string, remark: string | null, lastMessage: string | null }

const SQL = {
  candidates: sqlRows<Candidate, { staff: string, since: number, latest: number }>(`select x.staffId, x.customerId, x.lastIn, c.name as customerName, sc.remark,
      (select e.content from events e where e.customer_id = x.customerId and e.type = 'message_in' and e.staff_id = x.staffId
        and e.occurred_at = x.lastIn order by e.id desc limit 1) as lastMessage
    from (select staff_id as staffId, customer_id as customerId, max(occurred_at) as lastIn from events
      where staff_id ${inJsonList('@staff')} and type = 'message_in' and occurred_at >= @since and occurred_at <= @latest
      group by staff_id, customer_id) x
    join customers c on c.id = x.customerId
    join staff_customers sc on sc.staff_id = x.staffId and sc.customer_id = x.customerId and sc.status = 'active'
    where not exists (select 1 from events o where o.customer_id = x.customerId and o.type = 'message_out'
      and o.staff_id = x.staffId and o.occurred_at >= x.lastIn)`),
}

const statements = preparedPerDb((db: Db) => prepareAllSql(db.$client, SQL))

/** Every unanswered customer past the deadline, per staff id, longest waiting first. */
export function findUnanswered(db: Db, staffIdsJson: string, hours: number, now: number): Map<number, UnansweredItem[]> {
  // The deadline is never sooner than `hours` of wall time, so newer messages cannot be late yet.
  const rows = statements(db).candidates.all({ staff: staffIdsJson, since: now - UNANSWERED_LOOKBACK, latest: now - hours * HOUR })
  const out = new Map<number, UnansweredItem[]>()
  for (const r of rows) {
    const deadline = addWorkingHours(r.lastIn, hours)
    if (deadline > now)
      continue
    const item: UnansweredItem = {
      customerId: r.customerId,
      customerName: r.customerName,
      remark: r.remark,
      lastMessage: r.lastMessage,
      writtenAt: new Date(r.lastIn).toISOString(),
      deadlineAt: new Date(deadline).toISOString(),
      waitingMinutes: Math.floor(workingMsBetween(r.lastIn, now) / MINUTE),
    }
    out.set(r.staffId, [...(out.get(r.staffId) ?? []), item])
  }
  for (const items of out.values()) items.sort((a, b) => a.writtenAt.localeCompare(b.writtenAt))
  return out
}

export function getSupervisorUnanswered(db: Db, selection: Selection, hours: number, now: number): SupervisorUnanswered {
  const found = findUnanswered(db, selection.staffIdsJson, hours, now)
  const staff = selection.staff
    .filter(s => found.has(s.id))
    .map((s: ScopeStaff) => ({ staffId: s.id, userId: s.userId, name: s.name, count: found.get(s.id)!.length, items: found.get(s.id)!.slice(0, ITEMS_PER_STAFF) }))
    .sort((a, b) => b.count - a.count || a.staffId - b.staffId)
  return { deadlineHours: hours, total: staff.reduce((n, s) => n + s.count, 0), staff }
}

export function unansweredOf(db: Db, staffId: number, hours: number, now: number): UnansweredItem[] {
  return (findUnanswered(db, JSON.stringify([staffId]), hours, now).get(staffId) ?? []).slice(0, ITEMS_IN_DETAIL)
}
