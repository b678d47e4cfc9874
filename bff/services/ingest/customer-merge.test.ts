import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '#db/client.ts'
import { couponTemplates, customerCoupons, customerTags, chatSends, phoneReveals, tagGroups, tags } from '#db/schema.ts'
import { loadJourneyConfig } from '../../engine/journey/index.ts'
import { recomputeAll } from '../journey-recompute.ts'
import { TEST_NOW } from '../../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertEvent, insertOrder, insertStaff, serve } from '../../test/fixtures.ts'
import { mergeCustomers, SURVIVOR_RULE } from './customer-merge.ts'
import { resolveCustomer } from './identity-resolve.ts'
import { normalizePhone } from '#rules/phone.ts'

describe('normalizePhone', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['+86 138-1234-1234', '13812341234'],
    ['0086 13812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'],
    ['(138) 1234 1234', '13812341234'],
  ])('should read %s as %s', (raw, phone) => expect(normalizePhone(raw)).toBe(phone))

  it.each(['1381234123', '23812341234', '021-12345678', '+1 4155550100', 'abc'])('should refuse %s', raw => expect(normalizePhone(raw)).toBeNull())
})

describe('resolveCustomer and mergeCustomers', () => {
  let handle: DbHandle
  beforeEach(() => { handle = openDatabase(':memory:') })
  afterEach(() => handle.close())

  it('should link by any known identifier, create when none is known, and record the new ones', () => {
    const { sqlite } = handle
    const created = resolveCustomer(sqlite, [{ kind: 'phone', value: '13800000001' }], { phone: '13800000001' }, TEST_NOW)
    expect(created).toMatchObject({ created: true, mergedIds: [] })
    expect(sqlite.prepare('select name, phone from customers where id = ?').get(created.customerId)).toEqual({ name: '未命名客户（尾号0001）', phone: '13800000001' })
    const linked = resolveCustomer(sqlite, [{ kind: 'openid', value: 'o1' }, { kind: 'phone', value: '13800000001' }], { name: '王小二' }, TEST_NOW)
    expect(linked).toEqual({ customerId: created.customerId, created: false, mergedIds: [] })
    // The placeholder name gives way to a real one; the new identifier is recorded.
    expect(sqlite.prepare('select name from customers where id = ?').pluck().get(created.customerId)).toBe('王小二')
    expect(resolveCustomer(sqlite, [{ kind: 'openid', value: 'o1' }], {}, TEST_NOW).customerId).toBe(created.customerId)
  })

  it('should move everything the merged customer had in one go, keeping one relationship per staff member', async () => {
    const { db, sqlite } = handle
    const dept = insertDepartment(db)
    const zhangli = insertStaff(db, dept.id, 'zhangli')
    const wangfang = insertStaff(db, dept.id, 'wangfang')
    const old = insertCustomer(db, 'wmOld', { name: '老客户' }, 1000)
    const dup = insertCustomer(db, 'wmDup', { name: '重复客户', phone: '13800000002', birthday: '06-18', marketingAverse: true }, 500)
    serve(db, zhangli.id, old.id, { firstAddedAt: 5000, status: 'deleted_by_customer' })
    serve(db, zhangli.id, dup.id, { firstAddedAt: 3000, state: 'live', remark: '重复' })
    serve(db, wangfang.id, dup.id, { firstAddedAt: 4000 })
    const group = db.insert(tagGroups).values({ name: '兴趣' }).returning().get()
    const [t1, t2] = [db.insert(tags).values({ groupId: group.id, name: '燕窝' }).returning().get(), db.insert(tags).values({ groupId: group.id, name: '代餐' }).returning().get()]
    db.insert(customerTags).values([{ customerId: old.id, tagId: t1.id, createdAt: 1 }, { customerId: dup.id, tagId: t1.id, createdAt: 2 }, { customerId: dup.id, tagId: t2.id, createdAt: 3 }]).run()
    const order = insertOrder(db, dup.id, { orderedAt: TEST_NOW - 86_400_000 })
    insertEvent(db, dup.id, { occurredAt: TEST_NOW - 3600_000 })
    db.insert(phoneReveals).values({ staffId: zhangli.id, customerId: dup.id, revealedAt: 1 }).run()
    const template = db.insert(couponTemplates).values({ code: 'T', name: '券', valueKind: 'amount_off', amountOffCents: 100, validDays: 7, claimUrl: 'https://x' }).returning().get()
    db.insert(customerCoupons).values({ customerId: dup.id, templateId: template.id, code: 'C1', status: 'claimed', issuedAt: 1, expiresAt: TEST_NOW + 1 }).run()
    db.insert(chatSends).values({ staffId: zhangli.id, customerId: dup.id, kind: 'product', payload: {}, sentAt: 1 }).run()
    await recomputeAll(db, loadJourneyConfig(), TEST_NOW)
    expect(sqlite.prepare('select count(*) from customer_stages').pluck().get()).toBe(2)
    const openTask = Number(sqlite.prepare(`insert into tasks (key, customer_id, staff_id, sop_key, sop_name, step_key, step_name, goal, kind, touchpoint,
        marketing, content, reason, due_at, expires_at, status, created_at)
      values ('k', ?, ?, 'sop', 'SOP', 'step', '步骤', '关怀', 'care', 'single_chat', 0, '{"text":"hi"}', 'r', 1, ?, 'pending', 1)`).run(old.id, zhangli.id, TEST_NOW + 1).lastInsertRowid)

    const result = mergeCustomers(sqlite, [dup.id, old.id], [{ kind: 'phone', value: '13800000002' }], TEST_NOW)

    // Both have relationships: the one created first survives.
    expect(result).toEqual({ survivorId: dup.id, mergedIds: [old.id] })
    expect(sqlite.prepare('select count(*) from customers').pluck().get()).toBe(1)
    expect(sqlite.prepare('select staff_id, first_added_at, status, state, remark from staff_customers order by staff_id').all()).toEqual([
      { staff_id: zhangli.id, first_added_at: 3000, status: 'active', state: 'live', remark: '重复' },
      { staff_id: wangfang.id, first_added_at: 4000, status: 'active', state: null, remark: null },
    ])
    expect(sqlite.prepare('select tag_id from customer_tags order by tag_id').pluck().all()).toEqual([t1.id, t2.id])
    expect(sqlite.prepare('select value from customer_identities order by value').pluck().all()).toEqual(['wmDup', 'wmOld'])
    expect(sqlite.prepare('select customer_id from orders where id = ?').pluck().get(order.id)).toBe(dup.id)
    expect(sqlite.prepare('select customer_id, status from tasks where id = ?').get(openTask)).toEqual({ customer_id: dup.id, status: 'withdrawn' })
    expect(sqlite.prepare('select action, detail from task_events where task_id = ?').get(openTask)).toEqual({ action: 'withdrawn', detail: JSON.stringify({ reason: 'customer_merged', into: dup.id }) })
    expect(sqlite.prepare('select count(*) from customer_stages').pluck().get()).toBe(1)
    for (const table of ['events', 'phone_reveals', 'customer_coupons', 'chat_sends', 'tasks', 'stage_history', 'customer_stages'])
      expect(sqlite.prepare(`select count(*) from ${table} where customer_id = ?`).pluck().get(old.id), table).toBe(0)
    expect(sqlite.prepare('select merged_name, rule from customer_merges').get()).toEqual({ merged_name: '老客户', rule: SURVIVOR_RULE })
    expect(sqlite.prepare(`select title from events where type = 'customer_merged'`).pluck().get()).toBe('老客户（依据：手机号 138****0002）')
    expect(sqlite.prepare('select phone, birthday, marketing_averse from customers').get()).toEqual({ phone: '13800000002', birthday: '06-18', marketing_averse: 1 })
  })

  it('should let the customer with a WeCom relationship survive over an older one without', () => {
    const { db, sqlite } = handle
    const dept = insertDepartment(db)
    const zhangli = insertStaff(db, dept.id, 'zhangli')
    const shopOnly = insertCustomer(db, 'shop', { name: '商城客户' }, 1)
    const wecom = insertCustomer(db, 'wmNew', { name: '微信客户' }, 9999)
    serve(db, zhangli.id, wecom.id)
    expect(mergeCustomers(sqlite, [shopOnly.id, wecom.id], [], TEST_NOW)).toEqual({ survivorId: wecom.id, mergedIds: [shopOnly.id] })
  })
})
