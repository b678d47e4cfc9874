import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countedOrderSql } from '#rules/order-status.ts'
import { openDatabase, type DbHandle } from '../client.ts'
import { generateDemo } from './generate.ts'
import { count, DAY, NOW } from './test-helpers.ts'

const COUNTED = countedOrderSql('status')

describe('demo fixtures', () => {
  let handle: DbHandle
  beforeAll(() => {
    handle = openDatabase(':memory:')
    generateDemo(handle, { customers: 300, now: NOW })
  })
  afterAll(() => handle.close())

  const n = (sql: string, ...params: unknown[]) => count(handle.sqlite, sql, ...params)
  const customerId = (externalUserId: string) => handle.sqlite.prepare(`select customer_id from customer_identities where kind = 'external_userid' and value = ?`).pluck().get(externalUserId) as number
  const staffId = (userId: string) => handle.sqlite.prepare('select id from staff where user_id = ?').pluck().get(userId) as number
  const relation = (externalUserId: string, userId: string) => handle.sqlite.prepare('select * from staff_customers where customer_id = ? and staff_id = ?')
    .get(customerId(externalUserId), staffId(userId)) as Record<string, unknown> | undefined
  const tagNames = (id: number) => handle.sqlite.prepare('select g.name || \'/\' || t.name from customer_tags ct join tags t on t.id = ct.tag_id join tag_groups g on g.id = t.group_id where ct.customer_id = ?').pluck().all(id) as string[]

  it('should have the well-known staff first, in their departments and roles', () => {
    const rows = handle.sqlite.prepare('select s.id, s.user_id, s.name, s.position, s.role, d.name as department from staff s join departments d on d.id = s.department_id where s.id <= 4 order by s.id').all()
    expect(rows).toEqual([
      { id: 1, user_id: 'zhangli', name: '张丽', position: '企微管家', role: 'staff', department: '华东一部' },
      { id: 2, user_id: 'wangfang', name: '王芳', position: '导购', role: 'staff', department: '华东一部' },
      { id: 3, user_id: 'liuqiang', name: '刘强', position: '店长', role: 'supervisor', department: '华东一部' },
      { id: 4, user_id: 'chenjing', name: '陈静', position: '企微管家', role: 'staff', department: '华南一部' },
    ])
    expect(n('select count(*) from staff')).toBe(20)
    expect(handle.sqlite.prepare('select name from departments where parent_id is null').pluck().all()).toEqual(['私域运营中心'])
  })

  it('should give the fixtures the first customer ids', () => {
    expect(['wmDemoHighValue01', 'wmDemoNew01', 'wmDemoChurned01', 'wmDemoOther01', 'wmDemoSilent01'].map(customerId)).toEqual([1, 2, 3, 4, 5])
  })

  it('should make 林晓雯 a high-value customer served by zhangli and wangfang', () => {
    const id = customerId('wmDemoHighValue01')
    expect(handle.sqlite.prepare('select name, gender, city, phone, member_level, birthday from customers where id = ?').get(id))
      .toEqual({ name: '林晓雯', gender: 2, city: '上海', phone: '13812341234', member_level: '金卡', birthday: '06-18' })
    expect(relation('wmDemoHighValue01', 'zhangli')).toMatchObject({ remark: '林姐-燕窝老客', status: 'active' })
    expect(relation('wmDemoHighValue01', 'wangfang')).toMatchObject({ status: 'active' })
    const orders = handle.sqlite.prepare(`select count(*) as n, sum(paid_cents) as paid, count(distinct source) as sources from orders where customer_id = ? and status = 'completed'`).get(id) as { n: number, paid: number, sources: number }
    expect(orders.n).toBe(7)
    expect(orders.paid).toBeGreaterThan(138_000)
    expect(handle.sqlite.prepare('select distinct source from orders where customer_id = ? order by 1').pluck().all(id)).toEqual(['mall', 'tmall', 'youzan'])
    const types = handle.sqlite.prepare('select distinct type from events where customer_id = ?').pluck().all(id)
    expect(types).toEqual(expect.arrayContaining(['article_read', 'link_click', 'product_view', 'cart_add', 'coupon_claim', 'coupon_use', 'group_question', 'message_in', 'message_out', 'miniprogram_visit']))
    expect(n(`select count(*) from events where customer_id = ? and type = 'article_read' and duration_seconds > 660`, id)).toBeGreaterThan(0)
    expect(n(`select count(*) from events where customer_id = ? and type = 'group_question'`, id)).toBeGreaterThan(2)
    expect(tagNames(id)).toEqual(expect.arrayContaining(['商品偏好/燕窝', '行为标签/高价值客户', '行为标签/深度阅读', '行为标签/代理意向', '行为标签/加购未支付', '客户等级/金卡']))
    expect(handle.sqlite.prepare('select kind from customer_identities where customer_id = ? order by kind').pluck().all(id))
      .toEqual(['external_userid', 'mall_buyer', 'member_id', 'openid', 'phone', 'tmall_buyer', 'unionid', 'youzan_buyer'])
  })

  it('should make 赵小米 a new customer from the 燕窝 live stream a day ago, past the 24 h follow-up', () => {
    const id = customerId('wmDemoNew01')
    const rel = relation('wmDemoNew01', 'zhangli')!
    expect(rel).toMatchObject({ state: 'live_yanwo_1111', add_way: 1, status: 'active' })
    const ageDays = (NOW - (rel.first_added_at as number)) / DAY
    expect(ageDays).toBeGreaterThan(1)
    expect(ageDays).toBeLessThan(2)
    expect(n('select count(*) from orders where customer_id = ?', id)).toBe(0)
    expect(handle.sqlite.prepare(`select title from events where customer_id = ? and type = 'coupon_claim'`).pluck().all(id)).toEqual(['新客燕窝立减30元券'])
    expect(n(`select count(*) from events where customer_id = ? and type = 'product_view'`, id)).toBe(1)
    expect(n('select count(*) from staff_customers where customer_id = ?', id)).toBe(1)
  })

  it('should make 孙磊 a churned customer with two old orders', () => {
    const id = customerId('wmDemoChurned01')
    const rel = relation('wmDemoChurned01', 'zhangli')!
    expect(rel.status).toBe('deleted_by_customer')
    expect(rel.status_changed_at).toBeLessThan(NOW - 30 * DAY)
    expect(n('select count(*) from orders where customer_id = ?', id)).toBe(2)
    expect(n('select count(*) from orders where customer_id = ? and ordered_at > ?', id, NOW - 90 * DAY)).toBe(0)
  })

  it('should keep 周婷 with chenjing only, so zhangli cannot see her', () => {
    const id = customerId('wmDemoOther01')
    expect(handle.sqlite.prepare('select s.user_id from staff_customers sc join staff s on s.id = sc.staff_id where sc.customer_id = ?').pluck().all(id)).toEqual(['chenjing'])
    expect(relation('wmDemoOther01', 'zhangli')).toBeUndefined()
  })

  it('should make 吴芳 silent: three orders, the last 120 days ago, no events in 90 days', () => {
    const id = customerId('wmDemoSilent01')
    expect(relation('wmDemoSilent01', 'zhangli')).toMatchObject({ status: 'active' })
    expect(n(`select count(*) from orders where customer_id = ? and ${COUNTED}`, id)).toBe(3)
    const last = handle.sqlite.prepare('select max(ordered_at) from orders where customer_id = ?').pluck().get(id) as number
    expect(Math.floor((NOW - last) / DAY)).toBe(120)
    expect(n('select count(*) from events where customer_id = ? and occurred_at > ?', id, NOW - 90 * DAY)).toBe(0)
    expect(tagNames(id)).toContain('行为标签/沉默客户')
  })

  it('should not depend on the seed or the customer count', () => {
    const other = openDatabase(':memory:')
    try {
      generateDemo(other, { customers: 50, seed: 1, now: NOW })
      const q = 'select c.name, c.phone, o.source, o.paid_cents, o.status from customers c left join orders o on o.customer_id = c.id where c.id <= 5 order by o.id'
      expect(other.sqlite.prepare(q).all()).toEqual(handle.sqlite.prepare(q).all())
    }
    finally {
      other.close()
    }
  })
})
