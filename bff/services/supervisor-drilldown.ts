/**
 * Drilling down: one staff member of the scope (their figures, overdue tasks, skips with reasons,
 * expired tasks, unanswered customers, the reminders they got and the full phone numbers they
 * saw), and one customer of the team, read-only (masked phone, no reveal).
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerTags, tagGroups, tags } from '#db/schema.ts'
import { countWhere, inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { SupervisorCustomer, SupervisorStaffDetail } from '../contract/supervisor.ts'
import type { RelationStatus } from '../contract/customer.ts'
import { countedOrderSql } from '../engine/rules/order-status.ts'
import { maskPhone } from '../engine/rules/phone.ts'
import { periodAt, type PeriodKey } from '../engine/supervisor/periods.ts'
import { ClientError } from './http-error.ts'
import { phoneRevealCount } from './phone-reveal.ts'
import { preparedPerDb } from './prepared.ts'
import { nudgeStatus } from './supervisor-nudge.ts'
import type { ScopeStaff, Selection } from './supervisor-scope.ts'
import { type Counts, figures, medianDueToDone } from './supervisor-summary.ts'
import { closedTasks, customerTasksOfTeam, overdueCount, overdueTasks } from './supervisor-tasks.ts'
import { unansweredOf } from './supervisor-unanswered.ts'
import type { StageDef } from './supervisor-charts.ts'

interface CustomerRow { id: number, name: string, gender: number, city: string | null, memberLevel: string | null, phone: string | null, stageKey: string | null, stageReason: string | null, stageEnteredAt: number | null, orders: number, spentCents: number, lastOrderAt: number | null }
interface RelationRow { staffId: number, name: string, remark: string | null, status: RelationStatus, firstAddedAt: number }

const SQL = {
  counts: sqlRows<Counts, { staffId: number, from: number, to: number, todayStart: number }>(`select count(*) as due, coalesce(${countWhere(`status = 'done'`)}, 0) as done,
      coalesce(${countWhere(`status = 'skipped'`)}, 0) as skipped, coalesce(${countWhere(`status = 'expired'`)}, 0) as expired,
      coalesce(${countWhere(`due_at >= @todayStart and status in ('pending', 'snoozed')`)}, 0) as inProgress
    from tasks where staff_id = @staffId and due_at >= @from and due_at < @to and status != 'withdrawn'`),
  relations: sqlRows<RelationRow, { customerId: number, staff: string }>(`select sc.staff_id as staffId, s.name, sc.remark, sc.status, sc.first_added_at as firstAddedAt
    from staff_customers sc join staff s on s.id = sc.staff_id
    where sc.customer_id = @customerId and sc.staff_id ${inJsonList('@staff')} order by sc.first_added_at, sc.id`),
  // Orders and spend count what every other screen counts (engine/rules/order-status.ts): an
  // unpaid pending order is neither.
  customer: sqlRows<CustomerRow, [customerId: number]>(`select c.id, c.name, c.gender, c.city, c.member_level as memberLevel, c.phone,
      cs.stage_key as stageKey, cs.reason as stageReason, cs.entered_at as stageEnteredAt,
      (select count(*) from orders o where o.customer_id = c.id and ${countedOrderSql('o.status')}) as orders,
      (select coalesce(sum(paid_cents), 0) from orders o where o.customer_id = c.id and ${countedOrderSql('o.status')}) as spentCents,
      (select max(ordered_at) from orders o where o.customer_id = c.id) as lastOrderAt
    from customers c left join customer_stages cs on cs.customer_id = c.id where c.id = ?`),
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  tags: db.select({ group: tagGroups.name, name: tags.name }).from(customerTags)
    .innerJoin(tags, eq(tags.id, customerTags.tagId)).innerJoin(tagGroups, eq(tagGroups.id, tags.groupId))
    .where(eq(customerTags.customerId, sql.placeholder('customerId'))).orderBy(tagGroups.sortOrder, tags.id).prepare(),
}))

export function getStaffDetail(db: Db, person: ScopeStaff, periodKey: PeriodKey, serviceReplyHours: number, now: number): SupervisorStaffDetail {
  const p = periodAt(periodKey, now)
  const staffJson = JSON.stringify([person.id])
  // An aggregate without group by always returns its one row.
  const counts = statements(db).counts.get({ staffId: person.id, from: p.from, to: p.to, todayStart: p.todayStart })!
  return {
    staff: { id: person.id, userId: person.userId, name: person.name, position: person.position, departmentName: person.departmentName },
    period: periodKey,
    figures: figures(counts, medianDueToDone(db, staffJson, p.from, p.to, counts.done)),
    overdueNow: overdueCount(db, person.id, p.todayStart, now).n,
    overdue: overdueTasks(db, person.id, p.todayStart, now),
    skipped: closedTasks(db, person.id, 'skipped', p.from, p.to),
    expired: closedTasks(db, person.id, 'expired', p.from, p.to),
    unanswered: unansweredOf(db, person.id, serviceReplyHours, now),
    nudges: nudgeStatus(db, person.id, now),
    phoneReveals: phoneRevealCount(db, person.id, p.from, p.to),
  }
}

/**
 * A customer served (now or before) by someone in the supervisor's scope.
 * @throws ClientError 404 'customer_not_in_scope' for anyone else's customer, or none.
 */
export function getTeamCustomer(db: Db, selection: Pick<Selection, 'staffIdsJson'>, customerId: number, stages: readonly StageDef[]): SupervisorCustomer {
  const s = statements(db)
  const servedBy = s.relations.all({ customerId, staff: selection.staffIdsJson })
  const row = servedBy.length ? s.customer.get(customerId) : undefined
  if (!row)
    throw new ClientError(404, '该客户不存在，或不是你团队的客户', 'customer_not_in_scope')
  const stageName = stages.find(st => st.key === row.stageKey)?.name ?? row.stageKey
  return {
    id: row.id,
    name: row.name,
    gender: row.gender,
    city: row.city,
    memberLevel: row.memberLevel,
    phone: row.phone ? maskPhone(row.phone) : null,
    stage: row.stageKey ? { key: row.stageKey, name: stageName!, reason: row.stageReason ?? '', enteredAt: new Date(row.stageEnteredAt!).toISOString() } : null,
    tags: s.tags.all({ customerId }),
    figures: { orders: row.orders, spentCents: row.spentCents, lastOrderAt: row.lastOrderAt === null ? null : new Date(row.lastOrderAt).toISOString() },
    servedBy: servedBy.map(r => ({ ...r, firstAddedAt: new Date(r.firstAddedAt).toISOString() })),
    tasks: customerTasksOfTeam(db, customerId, selection.staffIdsJson),
  }
}
