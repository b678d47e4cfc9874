import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IngestResponse } from '../contract/ingest.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { HOUR, seedJourneyBrand } from '../test/journey-fixtures.ts'

const TOKEN = 'test-ingest-token-0123456789'
const auth = { authorization: `Bearer ${TOKEN}` }

async function setup() {
  // Demo mode (no corp) with ingest allowed on purpose, as the benchmarks run it.
  const built = await buildTestApp({ ingestToken: TOKEN, demoAllowIngest: true })
  const brand = seedJourneyBrand(built.handle.db)
  const post = (url: string, payload: unknown, headers: Record<string, string> = auth) =>
    built.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) })
  const sql = built.handle.sqlite
  const count = (table: string) => sql.prepare(`select count(*) from ${table}`).pluck().get() as number
  return { ...built, brand, post, sql, count }
}
type Ctx = Awaited<ReturnType<typeof setup>>

const at = (ms: number) => new Date(ms).toISOString()

function order(overrides: Record<string, unknown> = {}) {
  return {
    source: 'youzan',
    sourceOrderId: 'E20261120001',
    customer: { phone: '+86 139-0000-1111', name: '钱多多' },
    status: 'paid',
    paidAt: at(TEST_NOW - HOUR),
    amount: '368.50',
    items: [{ sku: 'YW-01', name: '即食燕窝 6瓶装', category: '燕窝', quantity: 1, price: 399 }],
    ...overrides,
  }
}

function event(overrides: Record<string, unknown> = {}) {
  return {
    id: 'evt-1',
    type: 'article_read',
    touchpoint: 'moments',
    occurredAt: at(TEST_NOW - HOUR),
    customer: { externalUserId: 'wmNew01' },
    props: { title: '燕窝怎么吃才有效？', seconds: 720 },
    ...overrides,
  }
}

describe('ingest auth and batch limits', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should refuse a missing or wrong token with 401 and store nothing', async () => {
    const before = ctx.count('orders')
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: TOKEN }] as Array<Record<string, string>>) {
      const res = await ctx.post('/api/ingest/orders', { orders: [order()] }, headers)
      expect(res.statusCode).toBe(401)
      expect(res.json().code).toBe('bad_token')
    }
    expect(ctx.count('orders')).toBe(before)
  })

  it('should refuse ingest with 503 demo_mode in demo mode unless DEMO_ALLOW_INGEST is set, writing nothing (issue 12)', async () => {
    const demo = await buildTestApp({ ingestToken: TOKEN })
    seedJourneyBrand(demo.handle.db)
    const count = () => demo.handle.sqlite.prepare('select (select count(*) from events) + (select count(*) from orders)').pluck().get()
    const before = count()
    for (const [url, payload] of [['/api/ingest/events', { events: [event()] }], ['/api/ingest/orders', { orders: [order()] }]] as const) {
      const res = await demo.app.inject({ method: 'POST', url, headers: auth, payload })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ code: 'demo_mode' })
      expect(res.json().message).toContain('DEMO_ALLOW_INGEST')
    }
    expect(count()).toBe(before)
    await demo.close()
  })

  it('should answer 503 naming INGEST_TOKEN when ingestion is not configured', async () => {
    const off = await buildTestApp({ demoAllowIngest: true })
    const res = await off.app.inject({ method: 'POST', url: '/api/ingest/events', headers: auth, payload: { events: [] } })
    expect(res.statusCode).toBe(503)
    expect(res.json().message).toContain('INGEST_TOKEN')
    await off.close()
  })

  it('should answer malformed JSON, a body without the array, and a batch over 1000 with a 4xx message', async () => {
    const before = ctx.count('events')
    const bad = await ctx.post('/api/ingest/events', '{"events": [')
    expect(bad.statusCode).toBe(400)
    const noArray = await ctx.post('/api/ingest/events', { orders: [] })
    expect(noArray.statusCode).toBe(400)
    expect(noArray.json().message).toContain('"events"')
    const big = await ctx.post('/api/ingest/events', { events: Array.from({ length: 1001 }, (_, i) => event({ id: `e${i}` })) })
    expect(big.statusCode).toBe(413)
    expect(big.json().message).toContain('at most 1000')
    const text = await ctx.app.inject({ method: 'POST', url: '/api/ingest/events', headers: { ...auth, 'content-type': 'text/plain' }, payload: 'hi' })
    expect(text.statusCode).toBe(400)
    expect(text.json().message).toContain('JSON object')
    expect(ctx.count('events')).toBe(before)
  })
})

describe('POST /api/ingest/orders', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should store an order for a new customer with exact fen, its lines, and the normalised phone', async () => {
    const res = await ctx.post('/api/ingest/orders', { orders: [order()] })
    expect(res.statusCode).toBe(200)
    expect(res.json<IngestResponse>()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
    const row = ctx.sql.prepare(`select o.source, o.status, o.paid_cents, o.total_cents, o.discount_cents, o.paid_at, c.name, c.phone
      from orders o join customers c on c.id = o.customer_id where o.source_order_id = 'E20261120001'`).get()
    expect(row).toEqual({ source: 'youzan', status: 'paid', paid_cents: 36850, total_cents: 39900, discount_cents: 3050, paid_at: TEST_NOW - HOUR, name: '钱多多', phone: '13900001111' })
    expect(ctx.sql.prepare(`select kind, value from customer_identities where value = '13900001111'`).all()).toEqual([{ kind: 'phone', value: '13900001111' }])
  })

  it('should count the same order sent again as a duplicate and update it in place when a refund arrives', async () => {
    await ctx.post('/api/ingest/orders', { orders: [order()] })
    expect((await ctx.post('/api/ingest/orders', { orders: [order()] })).json<IngestResponse>()).toEqual({ accepted: 0, duplicates: 1, rejected: [] })
    const refund = await ctx.post('/api/ingest/orders', { orders: [order({ status: 'refunded' })] })
    expect(refund.json<IngestResponse>()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
    expect(ctx.sql.prepare(`select status, updated_at from orders where source_order_id = 'E20261120001'`).all()).toEqual([{ status: 'refunded', updated_at: TEST_NOW }])
    expect(ctx.sql.prepare(`select count(*) from order_items oi join orders o on o.id = oi.order_id where o.source_order_id = 'E20261120001'`).pluck().get()).toBe(1)
    // An old export sent again does not undo the refund.
    expect((await ctx.post('/api/ingest/orders', { orders: [order({ status: 'paid' })] })).json<IngestResponse>().duplicates).toBe(1)
    expect(ctx.sql.prepare(`select status from orders where source_order_id = 'E20261120001'`).pluck().get()).toBe('refunded')
  })

  it('should give a refund that names the buyer differently to the order\'s customer, not to a new one', async () => {
    await ctx.post('/api/ingest/orders', { orders: [order()] })
    const owner = ctx.sql.prepare(`select customer_id from orders where source_order_id = 'E20261120001'`).pluck().get()
    const customers = ctx.count('customers')
    const res = await ctx.post('/api/ingest/orders', { orders: [order({ status: 'refunded', customer: { buyerId: 'yz-qian' } })] })
    expect(res.json<IngestResponse>().accepted).toBe(1)
    expect(ctx.count('customers')).toBe(customers)
    expect(ctx.sql.prepare(`select customer_id from customer_identities where kind = 'youzan_buyer' and value = 'yz-qian'`).pluck().get()).toBe(owner)
  })

  it('should link an order to the customer its identifiers name and recompute their stage', async () => {
    const res = await ctx.post('/api/ingest/orders', { orders: [order({ source: 'own_mall', customer: { externalUserId: 'wmNew01' }, amount: 399 })] })
    expect(res.json<IngestResponse>().accepted).toBe(1)
    expect(ctx.sql.prepare(`select customer_id, source from orders where source_order_id = 'E20261120001'`).get()).toEqual({ customer_id: ctx.brand.newcomer.id, source: 'mall' })
    await ctx.app.recomputeIdle()
    expect(ctx.sql.prepare('select stage_key from customer_stages where customer_id = ?').pluck().get(ctx.brand.newcomer.id)).toBe('first_purchase')
  })

  it.each([
    [{ source: 'jd' }, /source "jd" is refused: 京东 and 抖音\/快手.*个人信息保护法/],
    [{ source: 'douyin' }, /refused/],
    [{ source: 'pdd' }, /source must be one of youzan, tmall, taobao, own_mall/],
    [{ sourceOrderId: '' }, /sourceOrderId must be a non-empty string/],
    [{ sourceOrderId: undefined }, /sourceOrderId is required/],
    [{ customer: {} }, /customer needs at least one identifier/],
    [{ customer: 'x' }, /customer must be an object/],
    [{ customer: { phone: '12345' } }, /customer.phone must be a mainland mobile number/],
    [{ customer: { unionId: 'a b<script>' } }, /customer.unionId may only contain/],
    [{ status: 'pending' }, /status must be one of paid, shipped, completed, refunded, cancelled/],
    [{ paidAt: '2026-11-20 10:00:00' }, /paidAt must be an ISO 8601 time with a time zone/],
    [{ paidAt: '2030-01-01T00:00:00Z' }, /paidAt .* is in the future/],
    [{ amount: '12.345' }, /amount must be an amount in yuan.*at most 2 decimals/],
    [{ amount: -1 }, /amount must be an amount in yuan, not negative/],
    [{ amount: 0.1 + 0.2 }, /at most 2 decimals/],
    [{ items: [] }, /items must be a non-empty array/],
    [{ items: [{ name: 'x', quantity: 0, price: 1 }] }, /items\[0\].quantity must be a whole number from 1/],
    [{ items: [{ name: 'x', quantity: 1, price: '1,00' }] }, /items\[0\].price must be an amount in yuan/],
    [{ items: [{ quantity: 1, price: 1 }] }, /items\[0\].name is required/],
    [{ couponCode: 5 }, /couponCode must be a string/],
    [{ sourceOrderId: 'x'.repeat(65) }, /sourceOrderId is longer than 64 characters/],
    [{ customer: { phone: '13900001111', name: 'x'.repeat(65) } }, /customer.name is longer than 64 characters/],
    [{ paidAt: '1999-12-31T00:00:00Z' }, /paidAt .* is before 2000/],
    [{ items: Array.from({ length: 201 }, () => ({ name: 'x', quantity: 1, price: 1 })) }, /items has 201 lines; at most 200/],
    [{ items: [{ name: 'x', quantity: 1.5, price: 1 }] }, /items\[0\].quantity must be a whole number/],
    ['not an order', /order must be an object/],
  ])('should reject %j with a reason and still land the good items of the batch', async (change, message) => {
    const bad = typeof change === 'string' ? change : order({ sourceOrderId: 'BAD-1', ...change })
    const res = await ctx.post('/api/ingest/orders', { orders: [order(), bad, order({ sourceOrderId: 'E2' })] })
    expect(res.statusCode).toBe(200)
    const body = res.json<IngestResponse>()
    expect(body.accepted).toBe(2)
    expect(body.rejected).toHaveLength(1)
    expect(body.rejected[0]!.index).toBe(1)
    expect(body.rejected[0]!.message).toMatch(message)
    expect(ctx.sql.prepare(`select count(*) from orders where source_order_id = 'BAD-1'`).pluck().get()).toBe(0)
  })

  it('should reject a buyerId-only event without its shop, and accept it with one', async () => {
    const res = await ctx.post('/api/ingest/events', { events: [
      event({ id: 'b1', customer: { buyerId: 'yz-1' } }),
      event({ id: 'b2', source: 'youzan', customer: { buyerId: 'yz-1' } }),
    ] })
    expect(res.json<IngestResponse>().rejected).toEqual([{ index: 0, message: expect.stringContaining('buyerId is a shop\'s own id and needs the shop') }])
    expect(ctx.sql.prepare(`select kind from customer_identities where value = 'yz-1'`).pluck().all()).toEqual(['youzan_buyer'])
  })
})

describe('one customer per person', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should merge two customers an order shows to be one person, keep the one with a WeCom relationship, and show it in the trail', async () => {
    // A shop customer known only by phone, with an order of their own.
    await ctx.post('/api/ingest/orders', { orders: [order({ sourceOrderId: 'SHOP-1', customer: { phone: '13900001111', name: '钱女士' } })] })
    const shopCustomer = ctx.sql.prepare(`select customer_id from customer_identities where kind = 'phone' and value = '13900001111'`).pluck().get() as number
    // The newcomer's unionid is known from WeCom.
    ctx.sql.prepare(`insert into customer_identities (customer_id, kind, value, created_at) values (?, 'unionid', 'uNEW', 0)`).run(ctx.brand.newcomer.id)

    const res = await ctx.post('/api/ingest/orders', { orders: [order({ sourceOrderId: 'SHOP-2', customer: { phone: '13900001111', unionId: 'uNEW' } })] })
    expect(res.json<IngestResponse>()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })

    expect(ctx.sql.prepare('select id from customers where id = ?').get(shopCustomer)).toBeUndefined()
    expect(ctx.sql.prepare(`select source_order_id from orders where customer_id = ? order by id`).pluck().all(ctx.brand.newcomer.id)).toEqual(['SHOP-1', 'SHOP-2'])
    expect(ctx.sql.prepare(`select kind from customer_identities where customer_id = ? order by kind`).pluck().all(ctx.brand.newcomer.id)).toEqual(['external_userid', 'phone', 'unionid'])
    const merge = ctx.sql.prepare('select survivor_id, merged_id, merged_name, rule, detail from customer_merges').get() as Record<string, unknown>
    expect(merge).toMatchObject({ survivor_id: ctx.brand.newcomer.id, merged_id: shopCustomer, merged_name: '钱女士', rule: expect.stringContaining('企业微信好友关系') })
    expect(JSON.parse(merge.detail as string)).toMatchObject({ moved: { orders: 1 }, evidence: [{ kind: 'phone', value: '13900001111' }, { kind: 'unionid', value: 'uNEW' }] })
    expect(ctx.sql.prepare(`select type, touchpoint, title from events where customer_id = ? and type = 'customer_merged'`).get(ctx.brand.newcomer.id))
      .toEqual({ type: 'customer_merged', touchpoint: 'system', title: '钱女士（依据：手机号 139****1111、unionid uNEW）' })
    // The survivor keeps the phone it did not have.
    expect(ctx.sql.prepare('select phone from customers where id = ?').pluck().get(ctx.brand.newcomer.id)).toBe('13900001111')
  })
})

describe('POST /api/ingest/events', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should store each event once by the sender\'s id, and make a long read show intent', async () => {
    const first = await ctx.post('/api/ingest/events', { events: [event()] })
    expect(first.json<IngestResponse>()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
    const again = await ctx.post('/api/ingest/events', { events: [event(), event({ id: 'evt-2', type: 'cart_add', touchpoint: 'mall', props: { sku: 'YW-01', amount: '399.00' } })] })
    expect(again.json<IngestResponse>()).toEqual({ accepted: 1, duplicates: 1, rejected: [] })
    expect(ctx.sql.prepare(`select type, title, duration_seconds, product_id, amount_cents from events where idempotency_key like 'api:%' order by id`).all()).toEqual([
      { type: 'article_read', title: '燕窝怎么吃才有效？', duration_seconds: 720, product_id: null, amount_cents: null },
      { type: 'cart_add', title: '即食燕窝 6瓶装', duration_seconds: null, product_id: expect.any(Number), amount_cents: 39900 },
    ])
    await ctx.app.recomputeIdle()
    expect(ctx.sql.prepare('select stage_key from customer_stages where customer_id = ?').pluck().get(ctx.brand.newcomer.id)).toBe('interested')
  })

  it('should reject only the item whose write fails unexpectedly, and still commit the rest of the batch', async () => {
    ctx.sql.exec(`create trigger boom before insert on events when new.title = 'boom' begin select raise(abort, 'disk says no'); end`)
    const res = await ctx.post('/api/ingest/events', { events: [
      event({ id: 'a', customer: { openId: 'o-a' } }),
      event({ id: 'b', customer: { openId: 'o-b' }, props: { title: 'boom', seconds: 5 } }),
      event({ id: 'c', customer: { openId: 'o-c' } }),
    ] })
    expect(res.statusCode).toBe(200)
    expect(res.json<IngestResponse>()).toEqual({ accepted: 2, duplicates: 0, rejected: [{ index: 1, message: 'could not be stored: disk says no' }] })
    expect(ctx.sql.prepare(`select substr(idempotency_key, 5) from events where idempotency_key like 'api:%' order by id`).pluck().all()).toEqual(['a', 'c'])
    // The failed item's customer was not left behind either.
    expect(ctx.sql.prepare(`select count(*) from customer_identities where value = 'o-b'`).pluck().get()).toBe(0)
  })

  it.each([
    [{ id: '' }, /id must be a non-empty string/],
    [{ type: 'purchase' }, /type must be one of article_read, link_click/],
    [{ type: 'customer_merged' }, /type must be one of/],
    [{ touchpoint: 'system' }, /touchpoint must be one of moments, group/],
    [{ occurredAt: 1700000000000 }, /occurredAt must be an ISO 8601 time/],
    [{ customer: { openId: '' } }, /customer needs at least one identifier/],
    [{ props: [] }, /props must be an object/],
    [{ props: { seconds: -5 } }, /props.seconds must be a whole number of seconds/],
    [{ props: { title: 'x' } }, /a article_read event needs props.seconds/],
    [{ type: 'link_click', props: {} }, /needs props.title or props.url/],
    [{ type: 'link_click', props: { url: 'javascript:alert(1)' } }, /props.url must be an http\(s\) URL/],
    [{ type: 'product_view', props: { sku: 'NOPE' } }, /props.sku "NOPE" is not in the product catalogue/],
    [{ type: 'message_in', props: {} }, /needs props.content/],
    [{ type: 'message_out', props: { content: 'hi', staffUserId: 'ghost' } }, /staffUserId "ghost" is not a staff member/],
    [{ type: 'coupon_claim', props: { amount: 'ten' } }, /props.amount must be an amount in yuan/],
    [{ id: 'x'.repeat(129) }, /id is longer than 128 characters/],
    [{ source: 'jd', customer: { buyerId: 'jd-1' } }, /source "jd" is refused/],
    [{ type: 'message_in', props: { content: 'x'.repeat(2001) } }, /props.content is longer than 2000 characters/],
  ])('should reject %j with a reason, store nothing of it, and land the rest', async (change, message) => {
    const customersBefore = ctx.count('customers')
    const res = await ctx.post('/api/ingest/events', { events: [event({ id: 'ok-1' }), event({ id: 'bad', customer: { openId: 'o-new-person' }, ...change })] })
    const body = res.json<IngestResponse>()
    expect(body.accepted).toBe(1)
    expect(body.rejected).toEqual([{ index: 1, message: expect.stringMatching(message) }])
    expect(ctx.sql.prepare(`select count(*) from events where idempotency_key = 'api:bad'`).pluck().get()).toBe(0)
    expect(ctx.count('customers')).toBe(customersBefore)
  })
})
