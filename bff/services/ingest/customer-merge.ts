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
import { maskPhone } from '../../engine/rules/phone.ts'
import type { IdentityKey } from './identity-kinds.ts'
import { preparedPerDb } from '../prepared.ts'

export const SURVIVOR_RULE = '保留有企业微信好友关系的客户；都有或都没有时，保留最早建档的客户'

/** Tables whose rows move to the survivor as they are (nothing unique per customer in them). */
const MOVED_TABLES = ['customer_identities', 'orders', 'events', 'phone_reveals', 'customer_coupons', 'chat_sends'] as const

export interface MergeResult {
  survivorId: number
  mergedIds: number[]
}


const statements = preparedPerDb(prepare)

function prepare(sqlite: Database.Database) {
  const move = Object.fromEntries(MOVED_TABLES.map(t => [t, sqlite.prepare(`update ${t} set customer_id = ? where customer_id = ?`)])) as Record<typeof MOVED_TABLES[number], Database.Statement>
  return {
    candidates: sqlite.prepare(`select c.id, c.name, c.created_at,
        exists(select 1 from staff_customers sc where sc.customer_id = c.id) as has_relation
      from customers c where c.id in (select value from json_each(?))
      order by has_relation desc, c.created_at, c.id`).raw(true),
    customer: sqlite.prepare('select * from customers where id = ?'),
    stage: sqlite.prepare('select stage_key from customer_stages where customer_id = ?').pluck(),
    move,
    relations: sqlite.prepare('select * from staff_customers where customer_id = ?'),
    relationOf: sqlite.prepare('select * from staff_customers where customer_id = ? and staff_id = ?'),
    moveRelation: sqlite.prepare('update staff_customers set customer_id = ? where id = ?'),
    deleteRelation: sqlite.prepare('delete from staff_customers where id = ?'),
    updateRelation: sqlite.prepare(`update staff_customers set first_added_at = @firstAddedAt, status = @status, status_changed_at = @statusChangedAt,
      state = @state, remark = @remark, description = @description, add_way = @addWay where id = @id`),
    copyTags: sqlite.prepare(`insert or ignore into customer_tags (customer_id, tag_id, staff_id, created_at)
      select ?, tag_id, staff_id, created_at from customer_tags where customer_id = ?`),
    deleteTags: sqlite.prepare('delete from customer_tags where customer_id = ?'),
    openTasks: sqlite.prepare(`update tasks set status = 'withdrawn', closed_at = ? where customer_id = ? and status in ('pending', 'snoozed') returning id`).pluck(),
    taskEvent: sqlite.prepare(`insert into task_events (task_id, staff_id, action, at, detail) values (?, null, 'withdrawn', ?, ?)`),
    moveTasks: sqlite.prepare('update tasks set customer_id = ? where customer_id = ?'),
    deleteStage: sqlite.prepare('delete from customer_stages where customer_id = ?'),
    deleteHistory: sqlite.prepare('delete from stage_history where customer_id = ?'),
    moveMerges: sqlite.prepare('update customer_merges set survivor_id = ? where survivor_id = ?'),
    fillCustomer: sqlite.prepare(`update customers set
        avatar = coalesce(avatar, @avatar), gender = case when gender = 0 then @gender else gender end,
        province = coalesce(province, @province), city = coalesce(city, @city), birth_year = coalesce(birth_year, @birth_year),
        birthday = coalesce(birthday, @birthday), member_level = coalesce(member_level, @member_level),
        points = max(points, @points), phone = coalesce(phone, @phone),
        marketing_averse = max(marketing_averse, @marketing_averse), updated_at = @now
      where id = @survivor`),
    deleteCustomer: sqlite.prepare('delete from customers where id = ?'),
    recordMerge: sqlite.prepare(`insert into customer_merges (survivor_id, merged_id, merged_name, rule, detail, merged_at)
      values (?, ?, ?, ?, ?, ?)`),
    trail: sqlite.prepare(`insert into events (customer_id, type, touchpoint, occurred_at, title, content, idempotency_key)
      values (?, 'customer_merged', 'system', ?, ?, ?, ?)`),
  }
}

type CustomerRow = Record<string, unknown> & { id: number, name: string }
type RelationRow = { id: number, staff_id: number, first_added_at: number, status: string, status_changed_at: number | null, state: string | null, remark: string | null, description: string | null, add_way: number | null }

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
  const ranked = stmt.candidates.all(JSON.stringify([...new Set(customerIds)])) as Array<[number, string, number, number]>
  const [survivorId] = ranked[0]!
  const mergedIds = ranked.slice(1).map(r => r[0])
  sqlite.transaction(() => {
    for (const loserId of mergedIds)
      mergeOne(stmt, survivorId, loserId, evidence, now)
  })()
  return { survivorId, mergedIds }
}

function mergeOne(stmt: ReturnType<typeof prepare>, survivorId: number, loserId: number, evidence: readonly IdentityKey[], now: number) {
  const loser = stmt.customer.get(loserId) as CustomerRow
  const loserStage = stmt.stage.get(loserId) as string | undefined
  const moved: Record<string, number> = {}

  for (const table of MOVED_TABLES)
    moved[table] = stmt.move[table].run(survivorId, loserId).changes

  // A staff member who served both keeps one relationship: the earliest add, and an active
  // status if either was active.
  let relations = 0
  for (const theirs of stmt.relations.all(loserId) as RelationRow[]) {
    relations++
    const ours = stmt.relationOf.get(survivorId, theirs.staff_id) as RelationRow | undefined
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
  const closed = stmt.openTasks.all(now, loserId) as number[]
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
