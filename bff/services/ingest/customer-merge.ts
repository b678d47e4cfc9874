/**
 * Two (or more) customers found to be one person are made one: the survivor keeps everything the
 * others had, the others' rows are gone, and the merge is recorded (customer_merges) and shown in
 * the survivor's trail (a `customer_merged` event). One SAVEPOINT: all of it or none.
 *
 * Survivor rule: the customer with a WeCom relationship (a staff member added them) wins, because
 * the sidebar finds customers through that relationship; among several, or none, the one created
 * first (then the lower id) wins.
 */
import type Database from 'better-sqlite3'
import { maskPhone } from '#rules/phone.ts'
import type { IdentityKey } from './identity-kinds.ts'
import { preparedPerDb } from '../prepared.ts'
import { greatest, INSERT_OR_IGNORE, inJsonList } from '#db/sql/dialect.ts'
import { prepareAllSql, sqlRows, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'

export const SURVIVOR_RULE = '保留有企业微信好友关系的客户；都有或都没有时，保留最早建档的客户'

/** Tables whose rows move to the survivor as they are (nothing unique per customer in them). */
const MOVED_TABLES = ['customer_identities', 'orders', 'events', 'phone_reveals', 'customer_coupons', 'chat_sends'] as const
type MovedTable = typeof MOVED_TABLES[number]

export interface MergeResult {
  survivorId: number
  mergedIds: number[]
}

type RelationRow = { id: number, staff_id: number, first_added_at: number, status: string, status_changed_at: number | null, state: string | null, remark: string | null, description: string | null, add_way: number | null }
/** What the survivor may take from a merged customer; the names are fillCustomer's parameters. */
interface LoserRow {
  name: string
  avatar: string | null
  gender: number
  province: string | null
  city: string | null
  birth_year: number | null
  birthday: string | null
  member_level: string | null
  points: number
  phone: string | null
  marketing_averse: number
}

const moveSql = (table: MovedTable) => sqlRun<[number, number]>(`update ${table} set customer_id = ? where customer_id = ?`)
const MOVE_SQL = {
  customer_identities: moveSql('customer_identities'),
  orders: moveSql('orders'),
  events: moveSql('events'),
  phone_reveals: moveSql('phone_reveals'),
  customer_coupons: moveSql('customer_coupons'),
  chat_sends: moveSql('chat_sends'),
} satisfies Record<MovedTable, unknown>

const SQL = {
  candidates: sqlTuples<[number, string, number, number], [string]>(`select c.id, c.name, c.created_at,
      exists(select 1 from staff_customers sc where sc.customer_id = c.id) as has_relation
    from customers c where c.id ${inJsonList('?')}
    order by has_relation desc, c.created_at, c.id`),
  customer: sqlRows<LoserRow, [number]>(`select name, avatar, gender, province, city, birth_year, birthday, member_level, points, phone, marketing_averse
    from customers where id = ?`),
  stage: sqlTuples<[string], [number]>('select stage_key from customer_stages where customer_id = ?'),
  relations: sqlRows<RelationRow, [number]>('select * from staff_customers where customer_id = ?'),
  relationOf: sqlRows<RelationRow, [number, number]>('select * from staff_customers where customer_id = ? and staff_id = ?'),
  moveRelation: sqlRun<[number, number]>('update staff_customers set customer_id = ? where id = ?'),
  deleteRelation: sqlRun<[number]>('delete from staff_customers where id = ?'),
  updateRelation: sqlRun<{ id: number, firstAddedAt: number, status: string, statusChangedAt: number | null, state: string | null, remark: string | null, description: string | null, addWay: number | null }>(
    `update staff_customers set first_added_at = @firstAddedAt, status = @status, status_changed_at = @statusChangedAt,
    state = @state, remark = @remark, description = @description, add_way = @addWay where id = @id`),
  copyTags: sqlRun<[number, number]>(`${INSERT_OR_IGNORE} into customer_tags (customer_id, tag_id, staff_id, created_at)
    select ?, tag_id, staff_id, created_at from customer_tags where customer_id = ?`),
  deleteTags: sqlRun<[number]>('delete from customer_tags where customer_id = ?'),
  openTasks: sqlTuples<[number], [number, number]>(`update tasks set status = 'withdrawn', closed_at = ? where customer_id = ? and status in ('pending', 'snoozed') returning id`),
  taskEvent: sqlRun<[number, number, string]>(`insert into task_events (task_id, staff_id, action, at, detail) values (?, null, 'withdrawn', ?, ?)`),
  moveTasks: sqlRun<[number, number]>('update tasks set customer_id = ? where customer_id = ?'),
  deleteStage: sqlRun<[number]>('delete from customer_stages where customer_id = ?'),
  deleteHistory: sqlRun<[number]>('delete from stage_history where customer_id = ?'),
  moveMerges: sqlRun<[number, number]>('update customer_merges set survivor_id = ? where survivor_id = ?'),
  fillCustomer: sqlRun<LoserRow & { survivor: number, now: number }>(`update customers set
      avatar = coalesce(avatar, @avatar), gender = case when gender = 0 then @gender else gender end,
      province = coalesce(province, @province), city = coalesce(city, @city), birth_year = coalesce(birth_year, @birth_year),
      birthday = coalesce(birthday, @birthday), member_level = coalesce(member_level, @member_level),
      points = ${greatest('points', '@points')}, phone = coalesce(phone, @phone),
      marketing_averse = ${greatest('marketing_averse', '@marketing_averse')}, updated_at = @now
    where id = @survivor`),
  deleteCustomer: sqlRun<[number]>('delete from customers where id = ?'),
  recordMerge: sqlRun<[number, number, string, string, string, number]>(`insert into customer_merges (survivor_id, merged_id, merged_name, rule, detail, merged_at)
    values (?, ?, ?, ?, ?, ?)`),
  trail: sqlRun<[number, number, string, string, string]>(`insert into events (customer_id, type, touchpoint, occurred_at, title, content, idempotency_key)
    values (?, 'customer_merged', 'system', ?, ?, ?, ?)`),
}

const statements = preparedPerDb((sqlite: Database.Database) => ({ ...prepareAllSql(sqlite, SQL), move: prepareAllSql(sqlite, MOVE_SQL) }))
type Statements = ReturnType<typeof statements>

/** What showed the customers to be one person, as staff may read it (phones masked). */
export function describeEvidence(evidence: readonly IdentityKey[]): string {
  return evidence.map(k => (k.kind === 'phone' ? `手机号 ${maskPhone(k.value)}` : `${KIND_LABELS[k.kind] ?? k.kind} ${k.value}`)).join('、')
}

const KIND_LABELS: Record<string, string> = {
  external_userid: '企业微信外部联系人', unionid: 'unionid', openid: 'openid', member_id: '会员号',
  youzan_buyer: '有赞买家', tmall_buyer: '淘宝/天猫买家', mall_buyer: '商城用户', wdt_buyer: '旺店通买家',
  xiaoe_user: '小鹅通用户', jst_buyer: '聚水潭买家', weimob_buyer: '微盟买家', zsxq_user: '知识星球用户',
}

/**
 * Merges `customerIds` (two or more distinct ids) into one and returns who survived.
 * `evidence`: the identifiers that showed they are one person.
 */
export function mergeCustomers(sqlite: Database.Database, customerIds: readonly number[], evidence: readonly IdentityKey[], now: number): MergeResult {
  const stmt = statements(sqlite)
  const ranked = stmt.candidates.all(JSON.stringify([...new Set(customerIds)]))
  const [survivorId] = ranked[0]!
  const mergedIds = ranked.slice(1).map(r => r[0])
  // A savepoint inside the caller's transaction (or a transaction of its own), on its connection.
  sqlite.transaction(() => {
    for (const loserId of mergedIds)
      mergeOne(stmt, survivorId, loserId, evidence, now)
  })()
  return { survivorId, mergedIds }
}

function mergeOne(stmt: Statements, survivorId: number, loserId: number, evidence: readonly IdentityKey[], now: number) {
  const loser = stmt.customer.get(loserId)!
  const loserStage = stmt.stage.get(loserId)?.[0]
  const moved: Record<string, number> = {}

  for (const table of MOVED_TABLES)
    moved[table] = stmt.move[table].run(survivorId, loserId).changes

  // A staff member who served both keeps one relationship: the earliest add, and an active
  // status if either was active.
  let relations = 0
  for (const theirs of stmt.relations.all(loserId)) {
    relations++
    const ours = stmt.relationOf.get(survivorId, theirs.staff_id)
    if (!ours) {
      stmt.moveRelation.run(survivorId, theirs.id)
      continue
    }
    const takeTheirs = ours.status !== 'active' && theirs.status === 'active'
    const current = takeTheirs ? theirs : ours
    stmt.updateRelation.run({
      id: ours.id,
      firstAddedAt: Math.min(ours.first_added_at, theirs.first_added_at),
      status: current.status,
      statusChangedAt: current.status_changed_at,
      state: ours.first_added_at <= theirs.first_added_at ? (ours.state ?? theirs.state) : (theirs.state ?? ours.state),
      remark: current.remark ?? ours.remark ?? theirs.remark,
      description: current.description ?? ours.description ?? theirs.description,
      addWay: ours.add_way ?? theirs.add_way,
    })
    stmt.deleteRelation.run(theirs.id)
  }
  moved.staff_customers = relations

  moved.customer_tags = stmt.copyTags.run(survivorId, loserId).changes
  stmt.deleteTags.run(loserId)

  // The loser's open tasks close (the survivor's recompute plans afresh); their history moves.
  const closed = stmt.openTasks.all(now, loserId).map(([id]) => id)
  for (const taskId of closed)
    stmt.taskEvent.run(taskId, now, JSON.stringify({ reason: 'customer_merged', into: survivorId }))
  moved.tasks = stmt.moveTasks.run(survivorId, loserId).changes

  // Stages are derived data: the survivor's is recomputed from everything it now has.
  stmt.deleteStage.run(loserId)
  stmt.deleteHistory.run(loserId)
  stmt.moveMerges.run(survivorId, loserId)

  stmt.fillCustomer.run({ ...loser, survivor: survivorId, now })
  stmt.deleteCustomer.run(loserId)

  const detail = { evidence, moved, mergedStage: loserStage ?? null, tasksClosed: closed.length }
  const mergeId = stmt.recordMerge.run(survivorId, loserId, loser.name, SURVIVOR_RULE, JSON.stringify(detail), now).lastInsertRowid
  stmt.trail.run(survivorId, now, `${loser.name}（依据：${describeEvidence(evidence)}）`, SURVIVOR_RULE, `merge:${mergeId}`)
}
