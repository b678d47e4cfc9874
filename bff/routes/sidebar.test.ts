import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { phoneReveals, tagGroups, tags, customerTags, channels } from '#db/schema.ts'
import type { SidebarResponse } from '../contract/customer.ts'
import { DAY, HOUR } from '../engine/rules/time-units.ts'
import { recomputeAll } from '../services/journey-recompute.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertEvent, insertOrder, insertProduct, insertStaff, serve, sessionCookie } from '../test/fixtures.ts'

async function setup() {
  const built = await buildTestApp()
  const { db } = built.handle
  const dept = insertDepartment(db)
  const zhangli = insertStaff(db, dept.id, 'zhangli', '张丽')
  const wangfang = insertStaff(db, dept.id, 'wangfang', '王芳')
  const chenjing = insertStaff(db, dept.id, 'chenjing', '陈静')
  const yanwo = insertProduct(db, 'YW-01', '即食燕窝 6瓶装', '燕窝', 39900)
  db.insert(channels).values({ state: 'live_yanwo_1111', name: '燕窝直播间活码', productId: yanwo.id }).run()
  const lin = insertCustomer(db, 'wmLin01', { name: '林晓雯', gender: 2, city: '上海', birthYear: 1990, birthday: '11-25', memberLevel: '金卡', points: 3200, phone: '13812341234' })
  const firstAdd = Date.parse('2026-03-18T14:03:27.123+08:00')
  serve(db, zhangli.id, lin.id, { remark: '林姐-燕窝老客', firstAddedAt: firstAdd, state: 'live_yanwo_1111' })
  serve(db, wangfang.id, lin.id, { firstAddedAt: firstAdd + DAY })
  const other = insertCustomer(db, 'wmOther01', { name: '周婷' })
  serve(db, chenjing.id, other.id)
  insertCustomer(db, 'wmNobody01', { name: '无人服务' })

  const group = db.insert(tagGroups).values({ name: '商品偏好', sortOrder: 1 }).returning().get()
  const tag = db.insert(tags).values({ groupId: group.id, name: '燕窝' }).returning().get()
  db.insert(customerTags).values({ customerId: lin.id, tagId: tag.id, createdAt: 0 }).run()

  for (let i = 0; i < 12; i++)
    insertOrder(db, lin.id, { orderedAt: TEST_NOW - (i + 3) * DAY, source: i % 2 ? 'tmall' : 'youzan', couponName: i === 0 ? '新客燕窝立减30元券' : null }, [{ name: yanwo.name, productId: yanwo.id, unitPriceCents: 10000 + i * 100 }])
  insertOrder(db, lin.id, { orderedAt: TEST_NOW - DAY, status: 'refunded' }, [{ name: yanwo.name, unitPriceCents: 99900 }])
  for (let i = 0; i < 25; i++)
    insertEvent(db, lin.id, { occurredAt: TEST_NOW - i * HOUR, type: i % 5 === 0 ? 'message_in' : 'product_view', touchpoint: i % 5 === 0 ? 'single_chat' : 'mall', productId: yanwo.id, content: i % 5 === 0 ? '这个燕窝怎么吃？' : null })
  insertEvent(db, lin.id, { occurredAt: TEST_NOW - 30 * HOUR, type: 'message_out', touchpoint: 'single_chat', staffId: wangfang.id, content: '林姐好，新品到了' })
  return { ...built, db, zhangli, wangfang, chenjing, lin, firstAdd }
}

describe('GET /api/sidebar/:externalUserId', () => {
  let ctx: Awaited<ReturnType<typeof setup>>
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  const get = (url: string, userId = 'zhangli') => ctx.app.inject({ url, headers: sessionCookie(ctx.app, userId, TEST_NOW) })

  it('should return profile, tags, figures and first pages when the staff member serves the customer', async () => {
    const res = await get('/api/sidebar/wmLin01')
    expect(res.statusCode).toBe(200)
    const body = res.json<SidebarResponse>()
    expect(body.customer).toMatchObject({
      name: '林晓雯', remark: '林姐-燕窝老客', gender: 'female', city: '上海', ageBand: '35-39岁', birthday: '11-25',
      memberLevel: '金卡', points: 3200, phoneMasked: '138****1234', channel: { state: 'live_yanwo_1111', name: '燕窝直播间活码' },
      firstAddedAt: new Date(ctx.firstAdd).toISOString(), relationStatus: 'active',
    })
    expect(body.customer.coServingStaff).toEqual([expect.objectContaining({ userId: 'wangfang', name: '王芳' })])
    expect(body.tags).toEqual([{ id: expect.any(Number), name: '燕窝', group: '商品偏好', source: 'manual' }])
    const spent = Array.from({ length: 12 }, (_, i) => 10000 + i * 100).reduce((a, b) => a + b)
    expect(body.figures).toEqual({ orderCount: 12, totalSpentCents: spent, avgOrderCents: Math.round(spent / 12), lastOrderAt: new Date(TEST_NOW - 3 * DAY).toISOString(), daysSinceLastOrder: 3, messagesFromCustomer: 5 })
    expect(body).not.toHaveProperty('orders')
    expect(body).not.toHaveProperty('events')
  })

  it('should give the first pages of orders and of the trail from their own endpoints', async () => {
    const orders = (await get('/api/customers/wmLin01/orders')).json()
    expect(orders.items).toHaveLength(10)
    expect(orders.items[0]).toMatchObject({ status: 'refunded', items: [{ name: '即食燕窝 6瓶装', quantity: 1, unitPriceCents: 99900, category: null }] })
    expect(orders.nextCursor).toEqual(expect.any(String))
    const events = (await get('/api/customers/wmLin01/events')).json()
    expect(events.items).toHaveLength(20)
    expect(events.items[0]).toMatchObject({ kind: 'message_in', content: '这个燕窝怎么吃？', productName: '即食燕窝 6瓶装' })
  })

  it('should include the journey stage with its reason and the staff member\'s own tasks due today', async () => {
    expect((await get('/api/sidebar/wmLin01')).json<SidebarResponse>()).toMatchObject({ stage: null, tasks: [] })
    await recomputeAll(ctx.db, ctx.app.journey, TEST_NOW)
    const mine = (await get('/api/sidebar/wmLin01')).json<SidebarResponse>()
    expect(mine.stage).toEqual({ key: 'high_value', name: '高价值', reason: '12 单，累计 ¥1,266.00', matched: ['12 单', '累计 ¥1,266.00'], enteredAt: '2026-11-19T16:00:00.000Z' })
    // 王芳 wrote to her last, so 王芳 owns her tasks (engine/journey/owner.ts); 张丽 sees the stage, not 王芳's work.
    expect(mine.tasks).toEqual([])
    const hers = (await get('/api/sidebar/wmLin01', 'wangfang')).json<SidebarResponse>()
    expect(hers.tasks).toEqual([expect.objectContaining({ sopKey: 'high_value_care', stepName: '专属关怀', status: 'pending', customer: { externalUserId: 'wmLin01', name: '林晓雯', remark: null } })])
    const done = await ctx.app.inject({ method: 'POST', url: `/api/tasks/${hers.tasks[0]!.id}/complete`, headers: sessionCookie(ctx.app, 'wangfang', TEST_NOW), payload: { method: 'sent', sentText: '林姐好', idempotencyKey: 'sidebar-done-1' } })
    expect(done.statusCode).toBe(200)
    expect((await get('/api/sidebar/wmLin01', 'wangfang')).json<SidebarResponse>().tasks).toEqual([expect.objectContaining({ status: 'done', completion: { method: 'sent', sentText: '林姐好' } })])
  })

  it('should never send the full phone number when the sidebar loads', async () => {
    const res = await get('/api/sidebar/wmLin01')
    expect(res.body).not.toContain('13812341234')
  })

  it('should answer 404 not_your_customer when another staff member serves the customer', async () => {
    const res = await get('/api/sidebar/wmOther01')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'not_your_customer', message: '这位客户不在你的客户列表中' })
  })

  it('should answer 404 unknown_contact when the external contact is not in the system', async () => {
    const res = await get('/api/sidebar/wmNeverSeen')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'unknown_contact' })
  })

  it('should answer 401 when there is no session or it is forged', async () => {
    expect((await ctx.app.inject({ url: '/api/sidebar/wmLin01' })).statusCode).toBe(401)
    const forged = await ctx.app.inject({ url: '/api/sidebar/wmLin01', headers: { cookie: `sid=${encodeURIComponent(JSON.stringify({ u: 'zhangli', t: TEST_NOW }))}.AAAA` } })
    expect(forged.statusCode).toBe(401)
    expect(forged.json().message).toContain('登录')
  })

  it('should answer 401 when the session is older than 12 hours', async () => {
    const res = await ctx.app.inject({ url: '/api/sidebar/wmLin01', headers: sessionCookie(ctx.app, 'zhangli', TEST_NOW - 13 * HOUR) })
    expect(res.statusCode).toBe(401)
  })

  it('should answer 400 naming the parameter when the external userid has bad characters', async () => {
    const res = await get('/api/sidebar/wm%20bad%3Cscript%3E')
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('externalUserId')
  })

  it('should answer a scrubbed 500 when the database fails', async () => {
    ctx.handle.sqlite.exec('drop table orders')
    const res = await get('/api/sidebar/wmLin01')
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: '服务器出错了，请稍后重试' })
  })

  it('should let a co-serving colleague see the same trail', async () => {
    const res = await get('/api/sidebar/wmLin01', 'wangfang')
    expect(res.statusCode).toBe(200)
    expect(res.json<SidebarResponse>().customer.coServingStaff.map(s => s.userId)).toEqual(['zhangli'])
    expect(res.json<SidebarResponse>().customer.remark).toBeNull()
  })

  it('should page the orders with the cursor until the end', async () => {
    const first = (await get('/api/customers/wmLin01/orders')).json()
    const next = await get(`/api/customers/wmLin01/orders?cursor=${first.nextCursor}`)
    expect(next.statusCode).toBe(200)
    const page = next.json()
    expect(page.items).toHaveLength(3)
    expect(page.nextCursor).toBeNull()
    const ids = [...first.items, ...page.items].map((o: { id: number }) => o.id)
    expect(new Set(ids).size).toBe(13)
  })

  it('should filter the trail by kind and page it', async () => {
    const res = await get('/api/customers/wmLin01/events?kind=message_in,message_out&limit=4')
    const page = res.json()
    expect(page.items.map((e: { kind: string }) => e.kind)).toEqual(['message_in', 'message_in', 'message_in', 'message_in'])
    const rest = (await get(`/api/customers/wmLin01/events?kind=message_in,message_out&limit=4&cursor=${page.nextCursor}`)).json()
    expect(rest.items).toHaveLength(2)
    expect(rest.items.at(-1)).toMatchObject({ kind: 'message_out', staffName: '王芳', content: '林姐好，新品到了' })
    expect(rest.nextCursor).toBeNull()
  })

  it('should page without gaps or repeats when events share the same time', async () => {
    for (let i = 0; i < 7; i++)
      insertEvent(ctx.db, ctx.lin.id, { occurredAt: TEST_NOW - 100 * DAY, type: 'coupon_claim', touchpoint: 'miniprogram', title: `券${i}` })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { items: Array<{ title: string }>, nextCursor: string | null } = (await get(`/api/customers/wmLin01/events?kind=coupon_claim&limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json()
      seen.push(...page.items.map((e: { title: string }) => e.title))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.sort()).toEqual(['券0', '券1', '券2', '券3', '券4', '券5', '券6'])
  })

  it('should answer 400 naming the bad kind and the bad cursor', async () => {
    const kind = await get('/api/customers/wmLin01/events?kind=cart_add,teleport')
    expect(kind.statusCode).toBe(400)
    expect(kind.json().message).toContain('teleport')
    const cursor = await get('/api/customers/wmLin01/orders?cursor=bm9wZQ')
    expect(cursor.statusCode).toBe(400)
    expect(cursor.json().message).toContain('cursor')
  })

  it('should not page another staff member\'s customer', async () => {
    expect((await get('/api/customers/wmOther01/orders')).statusCode).toBe(404)
    expect((await get('/api/customers/wmOther01/events')).statusCode).toBe(404)
  })

  it('should reveal the phone number and log who saw it', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/customers/wmLin01/phone-reveal', headers: sessionCookie(ctx.app, 'zhangli', TEST_NOW) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ phone: '13812341234' })
    expect(ctx.db.select().from(phoneReveals).all()).toEqual([{ id: 1, staffId: ctx.zhangli.id, customerId: ctx.lin.id, revealedAt: TEST_NOW }])
  })

  it('should refuse to reveal and log nothing for a customer the staff member does not serve', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/customers/wmOther01/phone-reveal', headers: sessionCookie(ctx.app, 'zhangli', TEST_NOW) })
    expect(res.statusCode).toBe(404)
    expect(ctx.db.select().from(phoneReveals).all()).toEqual([])
  })
})

describe('GET /api/customers', () => {
  let ctx: Awaited<ReturnType<typeof setup>>
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())
  const get = (url: string, userId = 'zhangli') => ctx.app.inject({ url, headers: sessionCookie(ctx.app, userId, TEST_NOW) })

  it('should list only the staff member\'s own customers with masked phones', async () => {
    const res = await get('/api/customers')
    expect(res.json()).toEqual({ items: [expect.objectContaining({ externalUserId: 'wmLin01', name: '林晓雯', remark: '林姐-燕窝老客', phoneMasked: '138****1234' })], nextCursor: null })
  })

  it('should find a customer by name, remark or phone tail, and treat % as a literal', async () => {
    for (const q of ['晓雯', '燕窝老客', '1234'])
      expect((await get(`/api/customers?q=${encodeURIComponent(q)}`)).json().items).toHaveLength(1)
    expect((await get(`/api/customers?q=${encodeURIComponent('%')}`)).json().items).toHaveLength(0)
    expect((await get('/api/customers?q=9999')).json().items).toHaveLength(0)
  })

  it('should answer 400 when the limit is out of range', async () => {
    const res = await get('/api/customers?limit=500')
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('limit')
  })
})
