/**
 * Completion by SOP and by step, to show where the process breaks: of the tasks due in the
 * period, how many were done (and of those, sent from the sidebar), skipped, expired, and how
 * many were followed by an order from the customer within 7 days. Coupons sent from the sidebar
 * are followed to their claim and their order where the data links them (chat_sends →
 * customer_coupons.send_id → order).
 */
import type { Db } from '#db/client.ts'
import { countWhere, inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { SopCompletion, StepCompletion, SupervisorSops } from '../contract/supervisor.ts'
import type { SopLibrary } from '../engine/journey/sop-schema.ts'
import { countedOrderSql } from '../engine/rules/order-status.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { periodAt, type PeriodKey } from '../engine/supervisor/periods.ts'
import { rate } from '../engine/supervisor/ranking.ts'
import { preparedPerDb } from './prepared.ts'
import type { Selection } from './supervisor-scope.ts'

/** An order this soon after a task was done counts as following it. */
export const ORDER_AFTER_TASK = 7 * DAY

interface StepRow { sopKey: string, sopName: string, stepKey: string, stepName: string, due: number, done: number, skipped: number, expired: number, inProgress: number, sent: number, ordered: number }

const SQL = {
  // An order follows a task when it counts (engine/rules/order-status.ts), as everywhere else.
  bySteps: sqlRows<StepRow, { staff: string, from: number, to: number, todayStart: number, window: number }>(`select t.sop_key as sopKey, max(t.sop_name) as sopName, t.step_key as stepKey, max(t.step_name) as stepName,
      count(*) as due,
      ${countWhere(`t.status = 'done'`)} as done,
      ${countWhere(`t.status = 'skipped'`)} as skipped,
      ${countWhere(`t.status = 'expired'`)} as expired,
      ${countWhere(`t.due_at >= @todayStart and t.status in ('pending', 'snoozed')`)} as inProgress,
      ${countWhere(`t.status = 'done' and t.completion_method = 'sent'`)} as sent,
      ${countWhere(`t.status = 'done' and exists (select 1 from orders o where o.customer_id = t.customer_id
        and o.ordered_at >= t.completed_at and o.ordered_at < t.completed_at + @window and ${countedOrderSql('o.status')})`)} as ordered
    from tasks t where t.staff_id ${inJsonList('@staff')} and t.due_at >= @from and t.due_at < @to
      and t.status != 'withdrawn'
    group by t.sop_key, t.step_key`),
  coupons: sqlRows<SupervisorSops['coupons'], { staff: string, from: number, to: number }>(`select count(distinct cs.id) as sent,
      count(distinct case when cc.claimed_at is not null or cc.used_at is not null then cc.id end) as claimed,
      count(distinct case when cc.order_id is not null or cc.used_at is not null then cc.id end) as ordered
    from chat_sends cs left join customer_coupons cc on cc.send_id = cs.id
    where cs.staff_id ${inJsonList('@staff')} and cs.kind = 'coupon' and cs.sent_at >= @from and cs.sent_at < @to`),
}

const statements = preparedPerDb((db: Db) => prepareAllSql(db.$client, SQL))

type Figures = Omit<StepCompletion, 'stepKey' | 'stepName'>

function withRate(r: Omit<Figures, 'open' | 'rate'>): Figures {
  return { ...r, open: r.due - r.done - r.skipped - r.expired, rate: rate(r.done, r.due - r.inProgress) }
}

/** Library order: SOPs as configured, steps in their order (branches by their step); unknown ones last. */
function orderIn(library: Pick<SopLibrary, 'sops'>) {
  const sopIndex = new Map(library.sops.map((s, i) => [s.key, i]))
  const stepIndex = new Map(library.sops.flatMap(s => s.steps.map((step, i) => [`${s.key}:${step.key}`, i] as const)))
  return {
    sop: (key: string) => sopIndex.get(key) ?? Number.MAX_SAFE_INTEGER,
    step: (sopKey: string, stepKey: string) => stepIndex.get(`${sopKey}:${stepKey.split('.')[0]}`) ?? Number.MAX_SAFE_INTEGER,
  }
}

export function getSupervisorSops(db: Db, selection: Selection, library: Pick<SopLibrary, 'sops'>, periodKey: PeriodKey, now: number): SupervisorSops {
  const p = periodAt(periodKey, now)
  const s = statements(db)
  const rows = s.bySteps.all({ staff: selection.staffIdsJson, from: p.from, to: p.to, todayStart: p.todayStart, window: ORDER_AFTER_TASK })
  const order = orderIn(library)
  const sops = new Map<string, SopCompletion>()
  for (const r of rows) {
    let sop = sops.get(r.sopKey)
    if (!sop) {
      sop = { sopKey: r.sopKey, sopName: r.sopName, ...withRate({ due: 0, done: 0, skipped: 0, expired: 0, inProgress: 0, sent: 0, ordered: 0 }), steps: [] }
      sops.set(r.sopKey, sop)
    }
    const { sopKey: _k, sopName: _n, ...step } = r
    sop.steps.push({ ...step, ...withRate(step) })
    for (const k of ['due', 'done', 'skipped', 'expired', 'inProgress', 'sent', 'ordered'] as const) sop[k] += r[k]
  }
  const list = [...sops.values()].map(sop => ({ ...sop, ...withRate(sop), steps: sop.steps.sort((a, b) => order.step(sop.sopKey, a.stepKey) - order.step(sop.sopKey, b.stepKey) || a.stepKey.localeCompare(b.stepKey)) }))
  list.sort((a, b) => order.sop(a.sopKey) - order.sop(b.sopKey) || a.sopKey.localeCompare(b.sopKey))
  // An aggregate without group by always returns its one row.
  const coupons = s.coupons.get({ staff: selection.staffIdsJson, from: p.from, to: p.to })!
  return { sops: list, coupons }
}
