import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { channels, customerTags, tagGroups, tags, tasks } from '#db/schema.ts'
import { loadJourneyConfig } from '../engine/journey/index.ts'
import { DAY, HOUR } from '../engine/rules/time-units.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertEvent, insertOrder, insertStaff, serve } from '../test/fixtures.ts'
import { getSidebar } from './customer-sidebar.ts'

const journey = loadJourneyConfig()

function seed(handle: DbHandle) {
  const { db } = handle
  const dept = insertDepartment(db)
  const zhangli = insertStaff(db, dept.id, 'zhangli', '张丽')
  const wangfang = insertStaff(db, dept.id, 'wangfang', '王芳')
  db.insert(channels).values({ state: 'live_1111', name: '直播间活码' }).run()
  const lin = insertCustomer(db, 'wmLin01', { name: '林晓雯', phone: '13812341234' })
  serve(db, zhangli.id, lin.id, { remark: '林姐', state: 'live_1111' })
  const other = insertCustomer(db, 'wmOther01', { name: '周婷' })
  serve(db, zhangli.id, other.id)
  const group = db.insert(tagGroups).values({ name: '商品偏好', sortOrder: 1 }).returning().get()
  const yanwo = db.insert(tags).values({ groupId: group.id, name: '燕窝' }).returning().get()
  db.insert(customerTags).values({ customerId: lin.id, tagId: yanwo.id, createdAt: 0 }).run()
  insertOrder(db, lin.id, { orderedAt: TEST_NOW - 3 * DAY }, [{ name: '即食燕窝', unitPriceCents: 39900 }])
  return { zhangli, wangfang, lin, other, group, yanwo }
}

function insertTask(handle: DbHandle, customerId: number, staffId: number, key: string, dueAt = TEST_NOW - HOUR) {
  return handle.db.insert(tasks).values({
    key, customerId, staffId, sopKey: 'cart', sopName: '加购未下单', stepKey: 's1', stepName: '提醒下单', goal: '复购', kind: 'marketing',
    touchpoint: 'single_chat', marketing: true, content: { text: '林姐，购物车里的燕窝还在哦' }, reason: '加购 2 小时未下单',
    dueAt, expiresAt: TEST_NOW + DAY, createdAt: TEST_NOW - 2 * HOUR,
  }).returning().get()
}

describe('the sidebar card kept in memory', () => {
  let handle: DbHandle
  let s: ReturnType<typeof seed>
  beforeEach(() => {
    handle = openDatabase(':memory:')
    s = seed(handle)
  })
  afterEach(() => handle.close())

  const open = (staffId = s.zhangli.id, externalUserId = 'wmLin01', now = TEST_NOW) => getSidebar(handle.db, staffId, externalUserId, now, journey)
  const run = (sql: string, ...params: unknown[]) => handle.sqlite.prepare(sql).run(...params)
  const revision = (customerId = s.lin.id) => handle.sqlite.prepare<[number], number>('select revision from customer_revisions where customer_id = ?').pluck().get(customerId)

  it('should serve the kept card while the revision stands, and read again when it moves', () => {
    expect(open().customer.name).toBe('林晓雯')
    const before = revision()
    run(`update customers set name = '林晓雯（新）' where id = ?`, s.lin.id)
    expect(revision()).toBe(before! + 1)
    // Put the revision back: the change is now invisible to the cache, which proves the card
    // came from memory and that the revision alone decides.
    run('update customer_revisions set revision = ? where customer_id = ?', before, s.lin.id)
    expect(open().customer.name).toBe('林晓雯')
    run('update customer_revisions set revision = revision + 1 where customer_id = ?', s.lin.id)
    expect(open().customer.name).toBe('林晓雯（新）')
  })

  it('should move the revision on every kind of write the card is read from', () => {
    const task = insertTask(handle, s.lin.id, s.zhangli.id, 'cart:9')
    run(`insert into customer_stages (customer_id, stage_key, reason, matched, entered_at, computed_at) values (?, 'new', '刚加好友', '[]', 0, 0)`, s.lin.id)
    const writes: Array<[string, () => unknown]> = [
      ['a relationship ends', () => run('delete from staff_customers where customer_id = ? and staff_id = ?', s.lin.id, s.zhangli.id)],
      ['a tag row is rewritten', () => run('update customer_tags set created_at = 1 where customer_id = ?', s.lin.id)],
      ['an order is deleted', () => run('delete from orders where customer_id = ?', s.lin.id)],
      ['the stage is deleted', () => run('delete from customer_stages where customer_id = ?', s.lin.id)],
      ['a task is deleted', () => run('delete from tasks where id = ?', task.id)],
      ['the customer is deleted', () => run('delete from customers where id = ?', s.lin.id)],
      ['a customer is created', () => run(`insert into customers (id, name, created_at, updated_at) values (?, '复用', 0, 0)`, s.lin.id)],
    ]
    handle.sqlite.pragma('foreign_keys = OFF') // rows are deleted one table at a time here
    for (const [what, write] of writes) {
      const before = revision(s.lin.id) ?? 0
      write()
      expect(revision(s.lin.id), what).toBeGreaterThan(before)
    }
  })

  it('should keep each customer\'s message count through inserts, deletes, merges and retyping', () => {
    const counted = (customerId: number) => handle.sqlite.prepare('select messages_in from customer_revisions where customer_id = ?').pluck().get(customerId) ?? 0
    const actual = (customerId: number) => handle.sqlite.prepare(`select count(*) from events where customer_id = ? and type = 'message_in'`).pluck().get(customerId)
    const message = () => insertEvent(handle.db, s.lin.id, { occurredAt: TEST_NOW, type: 'message_in', touchpoint: 'single_chat' })
    const [a, b, c] = [message(), message(), message()]
    const view = insertEvent(handle.db, s.lin.id, { occurredAt: TEST_NOW, type: 'product_view', touchpoint: 'mall' })
    const steps: Array<[string, () => unknown]> = [
      ['three messages', () => {}],
      ['one deleted', () => run('delete from events where id = ?', a.id)],
      ['one moved to another customer (a merge)', () => run('update events set customer_id = ? where id = ?', s.other.id, b.id)],
      ['one retyped away from message_in', () => run(`update events set type = 'message_out' where id = ?`, c.id)],
      ['a view retyped to message_in', () => run(`update events set type = 'message_in' where id = ?`, view.id)],
      ['the moved one deleted', () => run('delete from events where id = ?', b.id)],
    ]
    for (const [what, step] of steps) {
      step()
      expect([counted(s.lin.id), counted(s.other.id)], what).toEqual([actual(s.lin.id), actual(s.other.id)])
    }
    expect(open().figures.messagesFromCustomer).toBe(1)
  })

  it('should count the messages a database already held when migration 0005 came', () => {
    for (let i = 0; i < 3; i++)
      insertEvent(handle.db, s.lin.id, { occurredAt: TEST_NOW, type: 'message_in', touchpoint: 'single_chat' })
    run('update customer_revisions set messages_in = 0')
    const migration = readFileSync(fileURLToPath(new URL('../../db/migrations/0005_customer_revision_triggers.sql', import.meta.url)), 'utf8')
    handle.sqlite.exec(migration.split('--> statement-breakpoint').at(-1)!)
    expect(open().figures.messagesFromCustomer).toBe(3)
    expect(open(s.zhangli.id, 'wmOther01').figures.messagesFromCustomer).toBe(0)
  })

  describe('every change the first screen shows reaches the next open', () => {
    beforeEach(() => { open() })

    it('should follow the external contact to the customer it was merged into, and forget it when it is gone', () => {
      const merged = insertCustomer(handle.db, 'wmLinPhone01', { name: '林晓雯（合并）' })
      serve(handle.db, s.zhangli.id, merged.id)
      run(`update customer_identities set customer_id = ? where value = 'wmLin01'`, merged.id)
      expect(open().customer.name).toBe('林晓雯（合并）')
      run(`delete from customer_identities where value = 'wmLin01'`)
      expect(() => open()).toThrow(expect.objectContaining({ reason: 'unknown_contact' }))
    })

    it('should show profile changes', () => {
      run(`update customers set member_level = '钻石卡', points = 9000, phone = '13900001111' where id = ?`, s.lin.id)
      expect(open().customer).toMatchObject({ memberLevel: '钻石卡', points: 9000, phoneMasked: '139****1111' })
    })

    it('should show new orders and refunds in the figures', () => {
      const order = insertOrder(handle.db, s.lin.id, { orderedAt: TEST_NOW - HOUR }, [{ name: '益生菌', unitPriceCents: 19900 }])
      expect(open().figures).toMatchObject({ orderCount: 2, totalSpentCents: 59800, daysSinceLastOrder: 0 })
      run(`update orders set status = 'refunded' where id = ?`, order.id)
      expect(open().figures).toMatchObject({ orderCount: 1, totalSpentCents: 39900 })
      run('delete from order_items where order_id = ?', order.id)
      run('delete from orders where id = ?', order.id)
      expect(open().figures.orderCount).toBe(1)
    })

    it('should count messages from the customer without reading the card again', () => {
      const before = revision()
      insertEvent(handle.db, s.lin.id, { occurredAt: TEST_NOW - HOUR, type: 'product_view', touchpoint: 'mall' })
      insertEvent(handle.db, s.lin.id, { occurredAt: TEST_NOW - HOUR, type: 'message_in', touchpoint: 'single_chat', content: '在吗' })
      expect(revision()).toBe(before)
      expect(open().figures.messagesFromCustomer).toBe(1)
    })

    it('should show tags put on, taken off, renamed and regrouped', () => {
      const group = handle.db.insert(tagGroups).values({ name: '客户价值', sortOrder: 0 }).returning().get()
      const vip = handle.db.insert(tags).values({ groupId: group.id, name: '高价值' }).returning().get()
      handle.db.insert(customerTags).values({ customerId: s.lin.id, tagId: vip.id, createdAt: 0 }).run()
      expect(open().tags.map(t => t.name)).toEqual(['高价值', '燕窝'])
      run(`update tags set name = '燕窝爱好者' where id = ?`, s.yanwo.id)
      expect(open().tags.map(t => t.name)).toEqual(['高价值', '燕窝爱好者'])
      run(`update tag_groups set name = '偏好', sort_order = -1 where id = ?`, s.group.id)
      expect(open().tags.map(t => `${t.group}/${t.name}`)).toEqual(['偏好/燕窝爱好者', '客户价值/高价值'])
      run('delete from customer_tags where customer_id = ? and tag_id = ?', s.lin.id, vip.id)
      expect(open().tags.map(t => t.name)).toEqual(['燕窝爱好者'])
    })

    it('should show the relationship as it changes, and who else serves the customer', () => {
      run(`update staff_customers set remark = '林姐-老客', status = 'deleted_by_customer' where customer_id = ? and staff_id = ?`, s.lin.id, s.zhangli.id)
      expect(open().customer).toMatchObject({ remark: '林姐-老客', relationStatus: 'deleted_by_customer' })
      serve(handle.db, s.wangfang.id, s.lin.id)
      expect(open().customer.coServingStaff.map(c => c.name)).toEqual(['王芳'])
      run(`update staff set name = '王芳芳' where id = ?`, s.wangfang.id)
      expect(open().customer.coServingStaff.map(c => c.name)).toEqual(['王芳芳'])
      expect(open(s.wangfang.id).customer.coServingStaff.map(c => c.name)).toEqual(['张丽'])
    })

    it('should show the channel as it is renamed, created or removed', () => {
      run(`update channels set name = '双十一直播间' where state = 'live_1111'`)
      expect(open().customer.channel).toEqual({ state: 'live_1111', name: '双十一直播间' })
      run(`delete from channels where state = 'live_1111'`)
      expect(open().customer.channel).toBeNull()
      run(`insert into channels (state, name) values ('live_1111', '直播间活码')`)
      expect(open().customer.channel).toEqual({ state: 'live_1111', name: '直播间活码' })
    })

    it('should show the stage the recompute stores, and not move the revision when it only re-stamps it', () => {
      run(`insert into customer_stages (customer_id, stage_key, reason, matched, entered_at, computed_at) values (?, 'new', '刚加好友', '[]', ?, ?)`, s.lin.id, TEST_NOW, TEST_NOW)
      expect(open().stage).toMatchObject({ key: 'new', reason: '刚加好友' })
      const before = revision()
      run('update customer_stages set computed_at = ? where customer_id = ?', TEST_NOW + 1, s.lin.id)
      expect(revision()).toBe(before)
      run(`update customer_stages set stage_key = 'active', reason = '30 天内下单' where customer_id = ?`, s.lin.id)
      expect(open().stage).toMatchObject({ key: 'active', reason: '30 天内下单' })
    })

    it('should show tasks as they are planned, done and withdrawn', () => {
      const task = insertTask(handle, s.lin.id, s.zhangli.id, 'cart:1')
      expect(open().tasks).toEqual([expect.objectContaining({ id: task.id, status: 'pending' })])
      run(`update tasks set status = 'done', completed_at = ?, closed_at = ? where id = ?`, TEST_NOW, TEST_NOW, task.id)
      expect(open().tasks).toEqual([expect.objectContaining({ id: task.id, status: 'done' })])
      const next = insertTask(handle, s.lin.id, s.zhangli.id, 'cart:2')
      run(`update tasks set status = 'withdrawn', closed_at = ? where id = ?`, TEST_NOW, next.id)
      expect(open().tasks.map(t => t.id)).toEqual([task.id])
    })
  })

  it('should pick each staff member\'s own tasks and today\'s from one kept card as time passes', () => {
    serve(handle.db, s.wangfang.id, s.lin.id)
    const dueTomorrow = insertTask(handle, s.lin.id, s.zhangli.id, 'cart:2', TEST_NOW + 20 * HOUR)
    const theirs = insertTask(handle, s.lin.id, s.wangfang.id, 'cart:3')
    expect(open().tasks).toEqual([])
    expect(open(s.wangfang.id).tasks.map(t => t.id)).toEqual([theirs.id])
    // The next morning, with nothing written: the kept card still knows the task.
    const tomorrow = TEST_NOW + DAY
    expect(open(s.zhangli.id, 'wmLin01', tomorrow - 4 * HOUR + 1).tasks.map(t => t.id)).toEqual([dueTomorrow.id])
    run(`update tasks set status = 'done', completed_at = ?, closed_at = ? where id = ?`, tomorrow - 3 * HOUR, tomorrow - 3 * HOUR, dueTomorrow.id)
    expect(open(s.zhangli.id, 'wmLin01', tomorrow - 2 * HOUR).tasks).toEqual([expect.objectContaining({ id: dueTomorrow.id, status: 'done' })])
    // Done yesterday: gone from the list two days later without any write.
    expect(open(s.zhangli.id, 'wmLin01', tomorrow + DAY).tasks).toEqual([])
  })

  it('should refuse a customer this staff member does not serve even when the card is kept', () => {
    open()
    expect(() => open(s.wangfang.id)).toThrow(expect.objectContaining({ reason: 'not_your_customer' }))
  })

  it('should never match an old card to a new customer that reuses a deleted id', () => {
    expect(open(s.zhangli.id, 'wmOther01').customer.name).toBe('周婷')
    run('delete from staff_customers where customer_id = ?', s.other.id)
    run('delete from customers where id = ?', s.other.id)
    const reused = insertCustomer(handle.db, 'wmNew01', { id: s.other.id, name: '新客户' })
    serve(handle.db, s.zhangli.id, reused.id)
    expect(reused.id).toBe(s.other.id)
    expect(open(s.zhangli.id, 'wmNew01').customer.name).toBe('新客户')
  })
})

describe('the sidebar card with another process writing', () => {
  let dir: string
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('should show what another connection wrote to the same file', () => {
    dir = mkdtempSync(join(tmpdir(), 'card-'))
    const path = join(dir, 'app.db')
    const handle = openDatabase(path)
    const s = seed(handle)
    expect(getSidebar(handle.db, s.zhangli.id, 'wmLin01', TEST_NOW, journey).figures.orderCount).toBe(1)

    const importer = new Database(path)
    importer.prepare(`insert into orders (customer_id, source, source_order_id, status, total_cents, paid_cents, ordered_at)
      values (?, 'youzan', 'E2024', 'paid', 19900, 19900, ?)`).run(s.lin.id, TEST_NOW - HOUR)
    importer.close()

    expect(getSidebar(handle.db, s.zhangli.id, 'wmLin01', TEST_NOW, journey).figures.orderCount).toBe(2)
    handle.close()
  })
})
