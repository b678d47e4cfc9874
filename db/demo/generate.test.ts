import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '../client.ts'
import { DemoTargetNotEmptyError, generateDemo, type SeedSummary } from './generate.ts'
import { count, DAY, hashDatabase, NOW } from './test-helpers.ts'

const ALLOWED_SOURCES = ['youzan', 'tmall', 'taobao', 'mall', 'wdt', 'xiaoe']
const COUNTED = `status in ('paid', 'shipped', 'completed')`

describe('generateDemo', () => {
  let handle: DbHandle
  let summary: SeedSummary
  const N = 2000

  beforeAll(() => {
    handle = openDatabase(':memory:')
    summary = generateDemo(handle, { customers: N, seed: 7, now: NOW })
  })
  afterAll(() => handle.close())

  const n = (sql: string, ...params: unknown[]) => count(handle.sqlite, sql, ...params)

  it('should give byte-identical rows when seed, count and now are the same', () => {
    const a = openDatabase(':memory:')
    const b = openDatabase(':memory:')
    const c = openDatabase(':memory:')
    try {
      generateDemo(a, { customers: 400, seed: 42, now: NOW })
      generateDemo(b, { customers: 400, seed: 42, now: NOW })
      generateDemo(c, { customers: 400, seed: 43, now: NOW })
      expect(hashDatabase(a.sqlite)).toBe(hashDatabase(b.sqlite))
      expect(hashDatabase(c.sqlite)).not.toBe(hashDatabase(a.sqlite))
    }
    finally {
      for (const h of [a, b, c])
        h.close()
    }
  })

  it('should give the same rows and indexes with and without the bulk-load path', () => {
    const a = openDatabase(':memory:')
    const b = openDatabase(':memory:')
    try {
      generateDemo(a, { customers: 300, seed: 5, now: NOW, bulkLoad: false })
      generateDemo(b, { customers: 300, seed: 5, now: NOW, bulkLoad: true, batchRows: 1000 })
      expect(hashDatabase(b.sqlite)).toBe(hashDatabase(a.sqlite))
      const indexes = (h: DbHandle) => h.sqlite.prepare(`select name, sql from sqlite_master where type = 'index' order by name`).all()
      expect(indexes(b)).toEqual(indexes(a))
    }
    finally {
      a.close(); b.close()
    }
  })

  it('should report what it wrote and record it in meta demo_seed', () => {
    expect(summary.customers).toBe(N)
    expect(n('select count(*) from customers')).toBe(N)
    expect(n('select count(*) from orders')).toBe(summary.orders)
    expect(n('select count(*) from events')).toBe(summary.events)
    const meta = JSON.parse(handle.sqlite.prepare(`select value from meta where key = 'demo_seed'`).pluck().get() as string)
    expect(meta).toMatchObject({ seed: 7, now: NOW, customers: N, orders: summary.orders, events: summary.events })
  })

  it('should average about 1.5 orders and 15 events per customer', () => {
    expect(summary.orders / N).toBeGreaterThan(1.2)
    expect(summary.orders / N).toBeLessThan(1.9)
    expect(summary.events / N).toBeGreaterThan(12)
    expect(summary.events / N).toBeLessThan(18)
  })

  it('should spread customers over the whole lifecycle', () => {
    const share = (sql: string) => n(sql) / N
    // new: added in the last 7 days, no orders
    expect(share(`select count(*) from customers c where not exists (select 1 from orders o where o.customer_id = c.id)
      and (select min(first_added_at) from staff_customers s where s.customer_id = c.id) > ${NOW - 7 * DAY}`)).toBeGreaterThan(0.04)
    // active without an order: sent messages
    expect(share(`select count(*) from customers c where not exists (select 1 from orders o where o.customer_id = c.id)
      and (select count(*) from events e where e.customer_id = c.id and e.type = 'message_in') >= 3`)).toBeGreaterThan(0.08)
    // first purchase and repeat
    expect(share(`select count(*) from (select customer_id from orders where ${COUNTED} group by 1 having count(*) = 1)`)).toBeGreaterThan(0.1)
    expect(share(`select count(*) from (select customer_id from orders where ${COUNTED} group by 1 having count(*) between 2 and 5)`)).toBeGreaterThan(0.15)
    // high value (seed 000): 6+ orders and more than ¥1000
    expect(share(`select count(*) from (select customer_id from orders where ${COUNTED} group by 1 having count(*) >= 6 and sum(paid_cents) > 100000)`)).toBeGreaterThan(0.03)
    // silent: still a friend, nothing for 60–180 days
    expect(share(`select count(*) from customers c where exists (select 1 from staff_customers s where s.customer_id = c.id and s.status = 'active')
      and not exists (select 1 from events e where e.customer_id = c.id and e.occurred_at > ${NOW - 60 * DAY} and e.type != 'message_out')
      and not exists (select 1 from orders o where o.customer_id = c.id and o.ordered_at > ${NOW - 60 * DAY})`)).toBeGreaterThan(0.1)
    // churned: deleted the staff member
    expect(share(`select count(distinct customer_id) from staff_customers where status = 'deleted_by_customer' and status_changed_at is not null`)).toBeGreaterThan(0.06)
    expect(share('select count(*) from customers where marketing_averse = 1')).toBeGreaterThan(0.005)
  })

  it('should give every customer exactly one external_userid and keep (kind, value) unique', () => {
    expect(n(`select count(*) from customers c where (select count(*) from customer_identities i where i.customer_id = c.id and i.kind = 'external_userid') != 1`)).toBe(0)
    expect(n('select count(*) from (select kind, value from customer_identities group by 1, 2 having count(*) > 1)')).toBe(0)
    const ids = handle.sqlite.prepare(`select value from customer_identities where kind = 'external_userid' and customer_id > 5`).pluck().all() as string[]
    expect(ids.every(v => /^wm[A-Za-z0-9]{22}$/.test(v))).toBe(true)
    expect(n(`select count(*) from customers where phone is not null and phone not glob '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`)).toBe(0)
    expect(n('select count(*) from (select phone from customers where phone is not null group by 1 having count(*) > 1)')).toBe(0)
    // Those who ordered carry the buyer id of each source they used, and a member id.
    expect(n(`select count(*) from orders o where o.source = 'youzan' and not exists (select 1 from customer_identities i where i.customer_id = o.customer_id and i.kind = 'youzan_buyer')`)).toBe(0)
    expect(n(`select count(*) from orders o where o.source in ('tmall', 'taobao') and not exists (select 1 from customer_identities i where i.customer_id = o.customer_id and i.kind = 'tmall_buyer')`)).toBe(0)
    expect(n(`select count(*) from orders o where not exists (select 1 from customer_identities i where i.customer_id = o.customer_id and i.kind = 'member_id')`)).toBe(0)
  })

  it('should serve every customer by 1 staff member and about 15% by 2–3', () => {
    expect(n('select count(*) from customers c where not exists (select 1 from staff_customers s where s.customer_id = c.id)')).toBe(0)
    const coServed = n('select count(*) from (select customer_id from staff_customers group by 1 having count(*) between 2 and 3)') / N
    expect(coServed).toBeGreaterThan(0.1)
    expect(coServed).toBeLessThan(0.22)
    expect(n('select count(*) from (select customer_id from staff_customers group by 1 having count(*) > 3)')).toBe(0)
    // Exact first-add times, not rounded to the second.
    expect(n('select count(*) from staff_customers where first_added_at % 1000 != 0')).toBeGreaterThan(N * 0.9)
    expect(n('select count(*) from staff_customers s where s.state is not null and not exists (select 1 from channels c where c.state = s.state)')).toBe(0)
    // Every department has its one supervisor.
    expect(n(`select count(*) from departments d where d.parent_id is not null and (select count(*) from staff s where s.department_id = d.id and s.role = 'supervisor') != 1`)).toBe(0)
    expect(n('select count(*) from staff where avatar is not null')).toBe(0)
  })

  it('should write consistent orders from allowed sources only', () => {
    const sources = handle.sqlite.prepare('select distinct source from orders').pluck().all() as string[]
    expect(sources.every(s => ALLOWED_SOURCES.includes(s))).toBe(true)
    expect(new Set(sources).size).toBe(ALLOWED_SOURCES.length)
    expect(n('select count(*) from (select source, source_order_id from orders group by 1, 2 having count(*) > 1)')).toBe(0)
    expect(n('select count(*) from orders o where total_cents != (select sum(quantity * unit_price_cents) from order_items i where i.order_id = o.id)')).toBe(0)
    expect(n('select count(*) from orders where paid_cents != total_cents - discount_cents or paid_cents <= 0')).toBe(0)
    expect(n('select count(*) from orders o where (select count(*) from order_items i where i.order_id = o.id) not between 1 and 3')).toBe(0)
    expect(n(`select count(*) from orders where status in ('pending', 'cancelled') and paid_at is not null`)).toBe(0)
    expect(n(`select count(*) from orders where status not in ('pending', 'cancelled') and (paid_at is null or paid_at < ordered_at)`)).toBe(0)
    for (const status of ['completed', 'shipped', 'refunded', 'cancelled', 'pending'])
      expect(n('select count(*) from orders where status = ?', status), status).toBeGreaterThan(0)
    expect(n('select count(*) from orders where coupon_name is not null')).toBeGreaterThan(summary.orders * 0.2)
  })

  it('should write a behaviour trail with the intent signals of seed 000', () => {
    expect(n('select count(*) from (select idempotency_key from events group by 1 having count(*) > 1)')).toBe(0)
    expect(n(`select count(*) from events where idempotency_key not like 'demo:%'`)).toBe(0)
    for (const type of ['article_read', 'link_click', 'product_view', 'cart_add', 'coupon_claim', 'coupon_use', 'group_question', 'message_in', 'message_out', 'miniprogram_visit'])
      expect(n('select count(*) from events where type = ?', type), type).toBeGreaterThan(0)
    expect(n(`select count(*) from events where type = 'message_out' and staff_id is null`)).toBe(0)
    expect(n(`select count(*) from events where type in ('product_view', 'cart_add') and product_id is null`)).toBe(0)
    expect(n(`select count(*) from events where type = 'article_read' and duration_seconds > 660`)).toBeGreaterThan(0)
    expect(n(`select count(*) from events where type = 'link_click' and title = '代理政策'`)).toBeGreaterThan(0)
    expect(n(`select count(*) from events where type = 'group_question' and (touchpoint != 'group' or content is null or title is null)`)).toBe(0)
    // Carts left unpaid for more than 12 hours.
    expect(n(`select count(*) from events e where e.type = 'cart_add' and not exists
      (select 1 from orders o where o.customer_id = e.customer_id and o.ordered_at between e.occurred_at and e.occurred_at + 43200000)`)).toBeGreaterThan(0)
    expect(n(`select count(*) from events where type = 'message_in' and content = '别再给我发广告了'`)).toBeGreaterThan(0)
    expect(n(`select count(*) from customers c where c.marketing_averse = 1 and not exists (select 1 from events e where e.customer_id = c.id and e.type = 'message_in')`)).toBe(0)
  })

  it('should put nothing in the future and keep every foreign key', () => {
    expect(n('select count(*) from events where occurred_at > ?', NOW)).toBe(0)
    expect(n('select count(*) from orders where ordered_at > ? or paid_at > ?', NOW, NOW)).toBe(0)
    expect(n('select count(*) from staff_customers where first_added_at > ? or status_changed_at > ?', NOW, NOW)).toBe(0)
    expect(n('select count(*) from customers where created_at > updated_at or updated_at > ?', NOW)).toBe(0)
    expect(handle.sqlite.pragma('foreign_key_check')).toEqual([])
  })

  it('should tag customers consistently with their behaviour', () => {
    const tagged = (group: string, name: string) => `select ct.customer_id from customer_tags ct join tags t on t.id = ct.tag_id join tag_groups g on g.id = t.group_id where g.name = '${group}' and t.name = '${name}'`
    // 高价值客户 exactly when the rule holds.
    const high = `select customer_id from orders where ${COUNTED} group by 1 having count(*) >= 6 and sum(paid_cents) > 100000`
    expect(n(`select count(*) from (${high} except ${tagged('行为标签', '高价值客户')})`)).toBe(0)
    expect(n(`select count(*) from (${tagged('行为标签', '高价值客户')} except ${high})`)).toBe(0)
    // 深度阅读 only for those who read for more than 11 minutes.
    expect(n(`select count(*) from (${tagged('行为标签', '深度阅读')} except select customer_id from events where type = 'article_read' and duration_seconds > 660)`)).toBe(0)
    // Customers with orders have a first-order price bucket; member levels match the column.
    expect(n(`select count(*) from (select customer_id from orders where ${COUNTED} except select ct.customer_id from customer_tags ct join tags t on t.id = ct.tag_id where t.group_id = (select id from tag_groups where name = '首单价格'))`)).toBe(0)
    expect(n(`select count(*) from customers c where c.member_level is not null and not exists (select 1 from customer_tags ct join tags t on t.id = ct.tag_id
      join tag_groups g on g.id = t.group_id where ct.customer_id = c.id and g.name = '客户等级' and t.name = c.member_level)`)).toBe(0)
    expect(n(`select count(*) from customer_tags ct join tags t on t.id = ct.tag_id where t.source = 'manual' and ct.staff_id is null`)).toBe(0)
    expect(n(`select count(*) from customers c where (select count(*) from customer_tags ct join tags t on t.id = ct.tag_id where ct.customer_id = c.id and t.group_id = (select id from tag_groups where name = '入群状态')) != 1`)).toBe(0)
  })

  it('should refuse to generate into a database that already has data', () => {
    expect(() => generateDemo(handle, { customers: 10, now: NOW })).toThrow(DemoTargetNotEmptyError)
  })

  it('should keep the fixtures whatever the count, even below five', () => {
    const small = openDatabase(':memory:')
    try {
      expect(generateDemo(small, { customers: 0, now: NOW }).customers).toBe(5)
      expect(small.sqlite.prepare(`select value from customer_identities where kind = 'external_userid' order by customer_id`).pluck().all())
        .toEqual(['wmDemoHighValue01', 'wmDemoNew01', 'wmDemoChurned01', 'wmDemoOther01', 'wmDemoSilent01'])
    }
    finally {
      small.close()
    }
  })

  it('should generate 20,000 customers in a few seconds', () => {
    const big = openDatabase(':memory:')
    try {
      const started = performance.now()
      const s = generateDemo(big, { customers: 20_000, now: NOW })
      const seconds = (performance.now() - started) / 1000
      console.log(`demo: 20,000 customers, ${s.orders} orders, ${s.events} events in ${seconds.toFixed(1)} s`)
      expect(s.customers).toBe(20_000)
    }
    finally {
      big.close()
    }
  }, 120_000)
})
