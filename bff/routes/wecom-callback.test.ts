import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeWecom, startFakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import { openDatabase } from '#db/client.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { seedJourneyBrand } from '../test/journey-fixtures.ts'
import { contactEventXml, memberEventXml, signedCallback, TEST_CALLBACK } from '../test/wecom-callback.ts'

const NOW_S = Math.floor(TEST_NOW / 1000)
const corp = { corpId: TEST_CALLBACK.corpId, agentId: '1000002', secret: 'callback-test-secret' }

async function setup(fake: FakeWecom | null, handle = openDatabase(':memory:'), seed = true) {
  const built = await buildTestApp({
    wecomCallback: { token: TEST_CALLBACK.token, aesKey: TEST_CALLBACK.aesKey },
    wecom: fake ? { ...corp, apiBase: fake.url, oauthBase: fake.url } : null,
    // Without a corp this is demo mode, where callbacks are refused unless allowed on purpose.
    demoAllowIngest: true,
  }, { handle })
  const brand = seed ? seedJourneyBrand(built.handle.db) : null
  const sql = built.handle.sqlite
  const send = (xml: string, timestampS = NOW_S) => {
    const { url, body } = signedCallback(TEST_CALLBACK, xml, timestampS)
    return built.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: body })
  }
  const settle = async () => {
    await built.app.wecomCallbacks.drain()
    await built.app.recomputeIdle()
  }
  return { ...built, brand: brand!, sql, send, settle }
}

describe('POST /api/wecom/callback', () => {
  let fake: FakeWecom
  let ctx: Awaited<ReturnType<typeof setup>>
  beforeEach(async () => {
    fake = await startFakeWecom({ port: 0, ...corp })
    ctx = await setup(fake)
  })
  afterEach(async () => {
    await ctx.close()
    await fake.close()
  })

  it('should record an add with its exact CreateTime and State, take the profile from externalcontact/get, and join the customer by unionid', async () => {
    ctx.sql.prepare(`insert into customer_identities (customer_id, kind, value, created_at) values (?, 'unionid', 'uLin', 0)`).run(ctx.brand.loyal.id)
    fake.setExternalContact('wmNewFriend', {
      external_contact: { name: '孙悦', avatar: 'https://wx.qlogo.cn/a.png', gender: 2, unionid: 'uLin' },
      follow_user: [{ userid: 'wangfang', remark: '林姐小号', createtime: NOW_S - 60, state: 'live_yanwo', add_way: 1 }],
    })
    const res = await ctx.send(contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'wangfang', externalUserId: 'wmNewFriend', createTimeS: NOW_S - 60, state: 'live_yanwo' }))
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('success')
    await ctx.settle()
    expect(fake.calls['/cgi-bin/externalcontact/get']).toBe(1)
    const customerId = ctx.sql.prepare(`select customer_id from customer_identities where kind = 'external_userid' and value = 'wmNewFriend'`).pluck().get()
    expect(customerId).toBe(ctx.brand.loyal.id)
    expect(ctx.sql.prepare('select first_added_at, state, remark, add_way, status from staff_customers where customer_id = ? and staff_id = ?').get(customerId, ctx.brand.wangfang.id))
      .toEqual({ first_added_at: (NOW_S - 60) * 1000, state: 'live_yanwo', remark: '林姐小号', add_way: 1, status: 'active' })
    expect(ctx.sql.prepare('select status, error from wecom_callbacks').all()).toEqual([{ status: 'processed', error: null }])
  })

  it('should create a customer from an add when WeCom is not reachable for the profile', async () => {
    fake.failNext('/cgi-bin/externalcontact/get', -1)
    fake.failNext('/cgi-bin/externalcontact/get', -1)
    fake.failNext('/cgi-bin/externalcontact/get', -1)
    fake.failNext('/cgi-bin/externalcontact/get', -1)
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'zhangli', externalUserId: 'wmStranger', createTimeS: NOW_S - 5, state: 'poster' }))
    await ctx.settle()
    expect(ctx.sql.prepare(`select c.name, sc.first_added_at, sc.state from customers c join customer_identities i on i.customer_id = c.id
      join staff_customers sc on sc.customer_id = c.id where i.value = 'wmStranger'`).get()).toEqual({ name: '未命名客户', first_added_at: (NOW_S - 5) * 1000, state: 'poster' })
  }, 15_000)

  it('should mark a customer who deleted the staff member as churned and close their open tasks, once however often WeCom redelivers', async () => {
    const { recomputeAll } = await import('../services/journey-recompute.ts')
    await recomputeAll(ctx.handle.db, ctx.app.journey, TEST_NOW)
    const openTasks = () => ctx.sql.prepare(`select count(*) from tasks where customer_id = ? and staff_id = ? and status = 'pending'`).pluck().get(ctx.brand.loyal.id, ctx.brand.zhangli.id)
    expect(openTasks()).toBeGreaterThan(0)
    const xml = contactEventXml(corp.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmLoyal01', createTimeS: NOW_S - 10 })
    for (let i = 0; i < 3; i++)
      expect((await ctx.send(xml)).body).toBe('success')
    await ctx.settle()
    expect(ctx.sql.prepare('select count(*) from wecom_callbacks').pluck().get()).toBe(1)
    expect(ctx.sql.prepare('select status, status_changed_at from staff_customers where customer_id = ? and staff_id = ?').get(ctx.brand.loyal.id, ctx.brand.zhangli.id))
      .toEqual({ status: 'deleted_by_customer', status_changed_at: (NOW_S - 10) * 1000 })
    expect(ctx.sql.prepare('select stage_key from customer_stages where customer_id = ?').pluck().get(ctx.brand.loyal.id)).toBe('churned')
    expect(openTasks()).toBe(0)
    expect(ctx.sql.prepare(`select te.detail from task_events te join tasks t on t.id = te.task_id where t.customer_id = ? and te.action = 'withdrawn'`).pluck().all(ctx.brand.loyal.id))
      .toContain(JSON.stringify({ reason: 'relationship_ended', relation: 'deleted_by_customer' }))
  })

  it('should end the relationship when staff delete the customer, as transferred when by 在职继承, and ignore an older redelivered add', async () => {
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'del_external_contact', userId: 'zhangli', externalUserId: 'wmSilent01', createTimeS: NOW_S - 20 }))
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'del_external_contact', userId: 'zhangli', externalUserId: 'wmNew01', createTimeS: NOW_S - 20, source: 'DELETE_BY_TRANSFER' }))
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'zhangli', externalUserId: 'wmSilent01', createTimeS: NOW_S - 30 }))
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'transfer_fail', userId: 'zhangli', externalUserId: 'wmNew01', createTimeS: NOW_S - 1 }))
    await ctx.settle()
    const status = (customerId: number) => ctx.sql.prepare('select status from staff_customers where customer_id = ? and staff_id = ?').pluck().get(customerId, ctx.brand.zhangli.id)
    expect(status(ctx.brand.silent.id)).toBe('deleted_by_staff')
    expect(status(ctx.brand.newcomer.id)).toBe('transferred')
    expect(ctx.sql.prepare(`select status from wecom_callbacks order by id`).pluck().all()).toEqual(['processed', 'processed', 'processed', 'processed'])
  })

  it('should refresh the remark, the corp tags and a placeholder name on an edit', async () => {
    const { tagGroups, tags } = await import('#db/schema.ts')
    const group = ctx.handle.db.insert(tagGroups).values({ name: '企业标签' }).returning().get()
    const vip = ctx.handle.db.insert(tags).values({ groupId: group.id, name: 'VIP', source: 'wecom', wecomTagId: 'etVIP' }).returning().get()
    fake.failNext('/cgi-bin/externalcontact/get', 84061)
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'zhangli', externalUserId: 'wmLater', createTimeS: NOW_S - 50 }))
    await ctx.settle()
    fake.setExternalContact('wmLater', {
      external_contact: { name: '冯佳' },
      follow_user: [{ userid: 'zhangli', remark: '冯小姐', description: '爱喝燕窝', createtime: NOW_S - 50, tags: [{ group_name: '企业标签', tag_name: 'VIP', tag_id: 'etVIP', type: 1 }] }],
    })
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'edit_external_contact', userId: 'zhangli', externalUserId: 'wmLater', createTimeS: NOW_S - 10 }))
    await ctx.settle()
    const row = ctx.sql.prepare(`select c.id, c.name, sc.remark, sc.description from customers c join customer_identities i on i.customer_id = c.id
      join staff_customers sc on sc.customer_id = c.id where i.value = 'wmLater'`).get() as { id: number }
    expect(row).toMatchObject({ name: '冯佳', remark: '冯小姐', description: '爱喝燕窝' })
    expect(ctx.sql.prepare('select tag_id from customer_tags where customer_id = ?').pluck().all(row.id)).toEqual([vip.id])
  })

  it('should mark an event for an unknown staff member failed with the reason', async () => {
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'ghost', externalUserId: 'wmX', createTimeS: NOW_S }))
    await ctx.settle()
    expect(ctx.sql.prepare('select status, error from wecom_callbacks').get()).toEqual({ status: 'failed', error: expect.stringContaining('"ghost" is not a staff member') })
  })

  it('should sync the organisation for a member WeCom knows and we do not yet, then apply the event', async () => {
    await ctx.close()
    fake.setOrg({ departments: [{ id: 9, name: '新开门店', parentid: 0 }], members: [{ userid: 'newbie', name: '新同事', department: [9], status: 1 }] })
    ctx = await setup(fake)
    await ctx.send(contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'newbie', externalUserId: 'wmNewbie1', createTimeS: NOW_S }))
    await ctx.settle()
    expect(ctx.sql.prepare('select status from wecom_callbacks').get()).toEqual({ status: 'processed' })
    expect(ctx.sql.prepare(`select s.user_id as userId, d.name as department from staff_customers sc join staff s on s.id = sc.staff_id
      join departments d on d.id = s.department_id join customer_identities i on i.customer_id = sc.customer_id where i.value = 'wmNewbie1'`).get())
      .toEqual({ userId: 'newbie', department: '新开门店' })
  })

  it('should refuse a bad signature and a stale timestamp with 403, and store nothing', async () => {
    const { url, body } = signedCallback(TEST_CALLBACK, contactEventXml(corp.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmLoyal01', createTimeS: NOW_S }), NOW_S)
    const tampered = await ctx.app.inject({ method: 'POST', url: url.replace(/msg_signature=[0-9a-f]{6}/, 'msg_signature=000000'), headers: { 'content-type': 'text/xml' }, payload: body })
    expect(tampered.statusCode).toBe(403)
    expect(tampered.json().code).toBe('bad_signature')
    const stale = await ctx.send(contactEventXml(corp.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmLoyal01', createTimeS: NOW_S }), NOW_S - 3600)
    expect(stale.statusCode).toBe(403)
    expect(stale.json().code).toBe('stale_timestamp')
    const noEncrypt = await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: '<xml><ToUserName>x</ToUserName></xml>' })
    expect(noEncrypt.statusCode).toBe(400)
    const missingQuery = await ctx.app.inject({ method: 'POST', url: '/api/wecom/callback', headers: { 'content-type': 'text/xml' }, payload: body })
    expect(missingQuery.statusCode).toBe(400)
    expect(ctx.sql.prepare('select count(*) from wecom_callbacks').pluck().get()).toBe(0)
  })

  it('should refuse a body over 16 KB before reading it, and a real callback still fits', async () => {
    const { url, body } = signedCallback(TEST_CALLBACK, contactEventXml(corp.corpId, { changeType: 'add_external_contact', userId: 'zhangli', externalUserId: 'wmLoyal01', createTimeS: NOW_S, state: 's'.repeat(2000) }), NOW_S)
    const hostile = await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: '<a><![CDATA['.repeat(64 * 1024 / 12) })
    expect(hostile.statusCode).toBe(413)
    expect(hostile.json()).toMatchObject({ statusCode: 413, error: 'Payload Too Large' })
    expect((await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: body })).statusCode).toBe(200)
  })
})

describe('change_contact callbacks end sessions within seconds (issue 12)', () => {
  let fake: FakeWecom
  let ctx: Awaited<ReturnType<typeof setup>>
  const ORG_LIST = '/cgi-bin/department/list'
  beforeEach(async () => {
    fake = await startFakeWecom({ port: 0, ...corp })
    fake.setOrg({ departments: [{ id: 1, name: '总部', parentid: 0 }], members: [{ userid: 'amy', name: '艾米', department: [1], status: 1 }] })
    ctx = await setup(fake)
    await ctx.app.ready()
    // The sync at start has run (or is running) and the once-a-minute limit is in force.
    await new Promise(resolve => setTimeout(resolve, 0))
    await ctx.app.orgSync!.run({ minIntervalMs: 60_000 })
  })
  afterEach(async () => {
    await ctx.close()
    await fake.close()
  })

  /** A session cookie as sign-in sets it (WeCom OAuth is not what is under test here). */
  const cookieOf = (userId: string) => `sid=${ctx.app.signCookie(JSON.stringify({ u: userId, t: TEST_NOW, g: 0 }))}`
  const me = async (cookie: string) => (await ctx.app.inject({ url: '/api/me', headers: { cookie } })).statusCode

  it('should deactivate a deleted member at once, end their sessions, and sync the organisation', async () => {
    const cookie = cookieOf('zhangli')
    expect(await me(cookie)).toBe(200)
    const syncsBefore = fake.calls[ORG_LIST] ?? 0
    expect((await ctx.send(memberEventXml(corp.corpId, { changeType: 'delete_user', userId: 'zhangli', createTimeS: NOW_S }))).body).toBe('success')
    await ctx.settle()
    expect(await me(cookie)).toBe(401)
    // zhangli is a demo-brand member the sync does not own: the callback itself deactivated them.
    expect(ctx.sql.prepare(`select active, session_generation as generation from staff where user_id = 'zhangli'`).get()).toEqual({ active: 0, generation: 1 })
    expect(ctx.sql.prepare('select status from wecom_callbacks').pluck().get()).toBe('processed')
    expect(fake.calls[ORG_LIST]).toBe(syncsBefore + 1)
  })

  it('should sync at once on update_user, despite the once-a-minute limit, and refuse a member WeCom disabled', async () => {
    const cookie = cookieOf('amy')
    expect(await me(cookie)).toBe(200)
    const syncsBefore = fake.calls[ORG_LIST] ?? 0
    fake.setOrg({ departments: [{ id: 1, name: '总部', parentid: 0 }], members: [{ userid: 'amy', name: '艾米', department: [1], status: 2 }] })
    await ctx.send(memberEventXml(corp.corpId, { changeType: 'update_user', userId: 'amy', status: 2, createTimeS: NOW_S }))
    await ctx.settle()
    expect(fake.calls[ORG_LIST]).toBe(syncsBefore + 1)
    expect(await me(cookie)).toBe(401)
  })

  it('should sync once for a burst of address-book changes, not once per event', async () => {
    const syncsBefore = fake.calls[ORG_LIST] ?? 0
    // As WeCom delivers a bulk edit: many events at once.
    await Promise.all([0, 1, 2, 3, 4].map(i => ctx.send(memberEventXml(corp.corpId, { changeType: 'update_party', partyId: 1, createTimeS: NOW_S + i }))))
    await ctx.settle()
    expect(ctx.sql.prepare(`select count(*) from wecom_callbacks where status = 'processed'`).pluck().get()).toBe(5)
    expect(fake.calls[ORG_LIST]! - syncsBefore).toBeGreaterThanOrEqual(1)
    expect(fake.calls[ORG_LIST]! - syncsBefore).toBeLessThanOrEqual(2)
  })
})

describe('delete_user without a connected corp (no org sync)', () => {
  it('should still deactivate the member and refuse their next request with 401', async () => {
    const ctx = await setup(null)
    try {
      const cookie = `sid=${ctx.app.signCookie(JSON.stringify({ u: 'zhangli', t: TEST_NOW, g: 0 }))}`
      expect((await ctx.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200)
      await ctx.send(memberEventXml(TEST_CALLBACK.corpId, { changeType: 'delete_user', userId: 'zhangli', createTimeS: NOW_S }))
      await ctx.settle()
      expect((await ctx.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
      // A member unknown here is no failure: the event is processed and changes nothing.
      await ctx.send(memberEventXml(TEST_CALLBACK.corpId, { changeType: 'delete_user', userId: 'ghost', createTimeS: NOW_S }))
      await ctx.settle()
      expect(ctx.sql.prepare('select status from wecom_callbacks order by id').pluck().all()).toEqual(['processed', 'processed'])
    }
    finally {
      await ctx.close()
    }
  })
})

describe('GET /api/wecom/callback (URL verification, official vector A)', () => {
  it('should answer the decrypted echostr as the raw body', async () => {
    const built = await buildTestApp({
      wecomCallback: { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' },
      wecom: { corpId: 'wx5823bf96d3bd56c7', agentId: '1', secret: 's', apiBase: 'http://127.0.0.1:9', oauthBase: 'http://127.0.0.1:9' },
    }, { now: () => 1409659589_000 })
    const res = await built.app.inject({ method: 'GET', url: '/api/wecom/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toBe('1616140317555161061')
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8')
    // The same with + and / left unencoded, as some proxies pass them on.
    const raw = await built.app.inject({ method: 'GET', url: '/api/wecom/callback?msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780&echostr=P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ%3D%3D' })
    expect(raw.body).toBe('1616140317555161061')
    await built.close()
  })

  it('should refuse callbacks with 503 demo_mode in demo mode unless DEMO_ALLOW_INGEST is set (issue 12)', async () => {
    const built = await buildTestApp({ wecomCallback: { token: TEST_CALLBACK.token, aesKey: TEST_CALLBACK.aesKey } })
    const get = await built.app.inject({ method: 'GET', url: '/api/wecom/callback?msg_signature=a&timestamp=1&nonce=1&echostr=x' })
    const { url, body } = signedCallback(TEST_CALLBACK, contactEventXml(TEST_CALLBACK.corpId, { changeType: 'add_external_contact', userId: 'zhangsan', externalUserId: 'wmDemo', createTimeS: NOW_S }), NOW_S)
    const post = await built.app.inject({ method: 'POST', url, headers: { 'content-type': 'text/xml' }, payload: body })
    for (const res of [get, post]) {
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ code: 'demo_mode' })
    }
    expect(built.handle.sqlite.prepare('select count(*) from wecom_callbacks').pluck().get()).toBe(0)
    await built.close()
  })

  it('should answer 503 when the callback keys are not configured', async () => {
    const built = await buildTestApp({ demoAllowIngest: true })
    const res = await built.app.inject({ method: 'GET', url: '/api/wecom/callback?msg_signature=a&timestamp=1&nonce=1&echostr=x' })
    expect(res.statusCode).toBe(503)
    expect(res.json().message).toContain('WECOM_CALLBACK_TOKEN')
    await built.close()
  })
})

describe('callbacks left unprocessed by a crash', () => {
  it('should be processed when the app starts again', async () => {
    const handle = openDatabase(':memory:')
    const brand = seedJourneyBrand(handle.db)
    handle.sqlite.prepare(`insert into wecom_callbacks (event_key, event, change_type, xml, received_at, status) values ('k1', 'change_external_contact', 'del_follow_user', ?, ?, 'received')`)
      .run(contactEventXml(corp.corpId, { changeType: 'del_follow_user', userId: 'zhangli', externalUserId: 'wmNew01', createTimeS: NOW_S - 100 }), TEST_NOW)
    const ctx = await setup(null, handle, false)
    await ctx.app.ready()
    await ctx.settle()
    expect(handle.sqlite.prepare('select status from wecom_callbacks').pluck().get()).toBe('processed')
    expect(handle.sqlite.prepare('select status from staff_customers where customer_id = ? and staff_id = ?').pluck().get(brand.newcomer.id, brand.zhangli.id)).toBe('deleted_by_customer')
    await ctx.close()
  })
})
