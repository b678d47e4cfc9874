/**
 * A small organisation with hand-placed tasks, messages and orders whose supervisor figures are
 * worked out by hand (see supervisor.test.ts). TEST_NOW is Friday 2026-11-20 10:00 China time.
 *
 *   中心 (root) ── 华东 (leader: leadA) ── 华东小组 (a2)
 *              └─ 华南 (leader: leadB)
 */
import type { DbHandle } from '#db/client.ts'
import { departmentLeaders, departments, tasks } from '#db/schema.ts'
import { DAY, HOUR, MINUTE } from '../engine/rules/time-units.ts'
import { insertCustomer, insertEvent, insertOrder, insertStaff, serve } from './fixtures.ts'

type Db = DbHandle['db']
export { DAY } from '../engine/rules/time-units.ts'
/** 00:00 China time on a day of November 2026. */
export const nov = (day: number, hour = 0, minute = 0) => Date.parse(`2026-11-${String(day).padStart(2, '0')}T00:00:00+08:00`) + hour * HOUR + minute * MINUTE

interface TaskSpec {
  staffId: number
  customerId: number
  sop?: [key: string, name: string]
  step?: [key: string, name: string]
  dueAt: number
  status: 'pending' | 'done' | 'skipped' | 'expired' | 'snoozed' | 'withdrawn'
  completedAt?: number
  method?: 'sent' | 'manual'
  expiresAt?: number
  skipReason?: NonNullable<typeof tasks.$inferInsert['skipReason']>
  skipNote?: string
}

let taskSeq = 0
function insertTask(h: DbHandle, t: TaskSpec) {
  const [sopKey, sopName] = t.sop ?? ['new_customer', '新客培育']
  const [stepKey, stepName] = t.step ?? ['welcome', '欢迎语+专属券']
  const closedAt = t.status === 'done' ? t.completedAt! : t.status === 'skipped' || t.status === 'withdrawn' ? t.dueAt + HOUR : t.status === 'expired' ? t.expiresAt ?? t.dueAt + DAY : null
  return h.db.insert(tasks).values({
    key: `t${++taskSeq}`,
    customerId: t.customerId,
    staffId: t.staffId,
    sopKey,
    sopName,
    stepKey,
    stepName,
    goal: '培育',
    kind: 'marketing',
    touchpoint: 'single_chat',
    marketing: true,
    content: { text: 'hi' },
    reason: 'test',
    dueAt: t.dueAt,
    expiresAt: t.expiresAt ?? t.dueAt + DAY,
    status: t.status,
    completedAt: t.completedAt ?? null,
    completionMethod: t.status === 'done' ? (t.method ?? 'sent') : null,
    skipReason: t.skipReason ?? null,
    skipNote: t.skipNote ?? null,
    closedAt,
    createdAt: t.dueAt - HOUR,
  }).returning({ id: tasks.id }).get().id
}

export function seedSupervisorOrg(h: DbHandle) {
  const db: Db = h.db
  const root = db.insert(departments).values({ name: '中心' }).returning().get()
  const east = db.insert(departments).values({ name: '华东', parentId: root.id }).returning().get()
  const south = db.insert(departments).values({ name: '华南', parentId: root.id }).returning().get()
  const eastTeam = db.insert(departments).values({ name: '华东小组', parentId: east.id }).returning().get()

  const leadA = insertStaff(db, east.id, 'leadA', '东主管', 'supervisor')
  const a1 = insertStaff(db, east.id, 'a1', '东一')
  const a2 = insertStaff(db, eastTeam.id, 'a2', '东二')
  const leadB = insertStaff(db, south.id, 'leadB', '南主管', 'supervisor')
  const b1 = insertStaff(db, south.id, 'b1', '南一')
  const boss = insertStaff(db, root.id, 'boss', '总监')
  db.insert(departmentLeaders).values([{ departmentId: east.id, staffId: leadA.id }, { departmentId: south.id, staffId: leadB.id }]).run()

  const c1 = insertCustomer(db, 'wmC1', { name: '客一' })
  const c2 = insertCustomer(db, 'wmC2', { name: '客二' })
  const c3 = insertCustomer(db, 'wmC3', { name: '客三', phone: '13812345678' })
  const c4 = insertCustomer(db, 'wmC4', { name: '客四' })
  const cb = insertCustomer(db, 'wmB1', { name: '南客' })
  serve(db, a1.id, c1.id, { remark: '客一备注' })
  serve(db, a1.id, c2.id)
  serve(db, a1.id, c3.id)
  serve(db, a2.id, c4.id)
  serve(db, b1.id, cb.id)

  // a1, this period (Nov 14–20): 2 done (30 and 120 min late), 1 skipped, 1 expired, 1 overdue, 1 due today and open.
  const t = (spec: TaskSpec) => insertTask(h, spec)
  const done30 = t({ staffId: a1.id, customerId: c1.id, dueAt: nov(19, 10), status: 'done', completedAt: nov(19, 10, 30) })
  t({ staffId: a1.id, customerId: c2.id, dueAt: nov(18, 10), status: 'done', completedAt: nov(18, 12), method: 'manual' })
  const skipped = t({ staffId: a1.id, customerId: c2.id, step: ['follow_up.not_claimed', '24小时跟进·未领券'], dueAt: nov(17, 10), status: 'skipped', skipReason: 'customer_bought', skipNote: '已在天猫下单' })
  t({ staffId: a1.id, customerId: c3.id, step: ['follow_up.not_claimed', '24小时跟进·未领券'], dueAt: nov(16, 10), status: 'expired', expiresAt: nov(17, 10) })
  const overdue = t({ staffId: a1.id, customerId: c3.id, dueAt: nov(19, 11), status: 'pending', expiresAt: nov(22) })
  // Withdrawn by the SOP's exit (the customer ordered first): never owed, so counted nowhere below.
  t({ staffId: a1.id, customerId: c2.id, sop: ['cart_unpaid_12h', '购物车12小时未付款'], step: ['nudge', '加购提醒'], dueAt: nov(18, 11), status: 'withdrawn' })
  t({ staffId: a1.id, customerId: c1.id, dueAt: nov(20, 9), status: 'pending', expiresAt: nov(21) })
  // a1, the previous period (Nov 7–13): 1 done 10 min late, 1 expired.
  t({ staffId: a1.id, customerId: c1.id, dueAt: nov(10, 10), status: 'done', completedAt: nov(10, 10, 10) })
  t({ staffId: a1.id, customerId: c2.id, dueAt: nov(9, 10), status: 'expired', expiresAt: nov(10, 10) })
  // a2 (a department under 华东): 1 of 1 done, an hour late, in another SOP.
  t({ staffId: a2.id, customerId: c4.id, sop: ['high_value_care', '高价值关怀/复购'], step: ['care', '专属关怀'], dueAt: nov(19, 9), status: 'done', completedAt: nov(19, 10) })
  // 华南: never visible to 华东's leader.
  t({ staffId: b1.id, customerId: cb.id, dueAt: nov(19, 10), status: 'done', completedAt: nov(19, 10, 5) })

  // c1 ordered two days after its done task: the step's "ordered" count.
  insertOrder(db, c1.id, { orderedAt: nov(21) - DAY - 2 * HOUR })

  // Messages: c1 wrote at 20:30 yesterday (deadline 10:30 today: not late at 10:00); c2 got a late
  // reply; c3 wrote at 16:00 yesterday and nobody answered (deadline 18:00 yesterday: late).
  insertEvent(db, c1.id, { type: 'message_in', touchpoint: 'single_chat', occurredAt: nov(19, 20, 30), staffId: a1.id, content: '在吗' })
  insertEvent(db, c2.id, { type: 'message_in', touchpoint: 'single_chat', occurredAt: nov(19, 15), staffId: a1.id, content: '发货了吗' })
  insertEvent(db, c2.id, { type: 'message_out', touchpoint: 'single_chat', occurredAt: nov(19, 18), staffId: a1.id, content: '发了' })
  insertEvent(db, c3.id, { type: 'message_in', touchpoint: 'single_chat', occurredAt: nov(19, 16), staffId: a1.id, content: '燕窝怎么吃？' })
  insertEvent(db, cb.id, { type: 'message_in', touchpoint: 'single_chat', occurredAt: nov(19, 9), staffId: b1.id, content: '南客的问题' })

  return { root, east, south, eastTeam, leadA, a1, a2, leadB, b1, boss, c1, c2, c3, c4, cb, tasks: { done30, skipped, overdue } }
}
