import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { StageHistoryResponse } from '../contract/journey.ts'
import type { TaskItem, TaskList, TodayTasks } from '../contract/tasks.ts'
import { recomputeAll } from '../services/journey-recompute.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { insertOrder, SAME_ORIGIN, sessionCookie } from '../test/fixtures.ts'
import { DAY, HOUR, MINUTE, seedJourneyBrand } from '../test/journey-fixtures.ts'

/** An app at `now`, with the brand seeded and recomputed at TEST_NOW. */
async function setup(now = TEST_NOW) {
  const built = await buildTestApp({}, { now: () => now })
  const { db } = built.handle
  const brand = seedJourneyBrand(db)
  await recomputeAll(db, built.app.journey, TEST_NOW)
  const taskOf = (customerId: number) => built.handle.sqlite.prepare('select id from tasks where customer_id = ? order by id').pluck().get(customerId) as number
  const as = (userId: string) => sessionCookie(built.app, userId, now)
  const inject = (method: 'GET' | 'POST', url: string, body?: object, userId = 'zhangli') =>
    built.app.inject({ method, url, headers: as(userId), ...(body ? { payload: body } : {}) })
  const events = (taskId: number) => built.handle.sqlite.prepare('select staff_id as staffId, action, at, detail, idempotency_key as idempotencyKey from task_events where task_id = ? order by id').all(taskId)
  return { ...built, db, brand, taskOf, inject, events, now }
}
type Ctx = Awaited<ReturnType<typeof setup>>

describe('GET /api/tasks/today', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should list the staff member\'s due tasks across customers with the words filled in, and count them', async () => {
    const res = await ctx.inject('GET', '/api/tasks/today')
    expect(res.statusCode).toBe(200)
    const body = res.json<TodayTasks>()
    expect(body.items.map(t => [t.customer.externalUserId, t.sopKey])).toEqual([
      ['wmNew01', 'new_customer'], ['wmLoyal01', 'high_value_care'], ['wmSilent01', 'silent_reactivation'],
    ])
    expect(body.items[1]).toMatchObject({
      sopName: '高价值关怀/复购', stepName: '专属关怀', goal: '关怀', touchpoint: 'single_chat', marketing: false, status: 'pending',
      dueAt: new Date(TEST_NOW).toISOString(), overdue: false, reason: '进入「高价值」阶段',
      customer: { externalUserId: 'wmLoyal01', name: '林晓雯', remark: '林姐' }, completedAt: null, completion: null, skipReason: null, snoozedUntil: null,
    })
    expect(body.items[0]!.content).toEqual({
      text: expect.stringContaining('赵女士您好'), link: { title: '即食燕窝 6瓶装', url: 'https://mall.example.com/goods/YW-01' }, image: null, miniprogram: null,
    })
    expect(body.summary).toEqual({ overdue: 0, dueToday: 3, doneToday: 0 })
  })

  it('should show another staff member only their own tasks', async () => {
    const body = (await ctx.inject('GET', '/api/tasks/today', undefined, 'wangfang')).json<TodayTasks>()
    expect(body.items.map(t => t.customer.externalUserId)).toEqual(['wmShared01', 'wmOther01'])
  })

  it('should put yesterday\'s open tasks first as overdue and count today\'s done ones', async () => {
    const later = await setup(TEST_NOW + DAY)
    const loyalTask = later.taskOf(later.brand.loyal.id)
    expect((await later.inject('POST', `/api/tasks/${loyalTask}/complete`, { method: 'manual', idempotencyKey: 'done-loyal-1' })).statusCode).toBe(200)
    const body = (await later.inject('GET', '/api/tasks/today')).json<TodayTasks>()
    expect(body.items[0]).toMatchObject({ sopKey: 'silent_reactivation', overdue: true })
    expect(body.summary).toMatchObject({ overdue: 1, doneToday: 1 })
    // What was handled today comes after the open ones, so 今日已处理 survives a reload.
    expect(body.items.at(-1)).toMatchObject({ id: loyalTask, status: 'done', completion: { method: 'manual' } })
    expect(body.items.filter(t => t.status === 'done' || t.status === 'skipped')).toHaveLength(1)
    await later.close()
  })

  it('should answer 401 without a session', async () => {
    expect((await ctx.app.inject({ url: '/api/tasks/today' })).statusCode).toBe(401)
  })

  it('should answer a scrubbed 500 when the database fails', async () => {
    ctx.handle.sqlite.exec('drop table task_events; drop table tasks')
    const res = await ctx.inject('GET', '/api/tasks/today')
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: '服务器出错了，请稍后重试' })
  })
})

describe('GET /api/customers/:externalUserId/tasks and /stage', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should list the customer\'s open tasks, then the recently closed ones', async () => {
    const id = ctx.taskOf(ctx.brand.loyal.id)
    await ctx.inject('POST', `/api/tasks/${id}/skip`, { reason: 'contacted_elsewhere' })
    insertOrder(ctx.db, ctx.brand.newcomer.id, { orderedAt: TEST_NOW - 10 * MINUTE })
    const res = await ctx.inject('GET', '/api/customers/wmLoyal01/tasks')
    expect(res.statusCode).toBe(200)
    expect(res.json<TaskList>().items).toEqual([expect.objectContaining({ id, status: 'skipped', skipReason: 'contacted_elsewhere' })])
    expect((await ctx.inject('GET', '/api/customers/wmNew01/tasks')).json<TaskList>().items.map(t => t.status)).toEqual(['pending'])
  })

  it('should show the stage with why, and its history newest first', async () => {
    const res = await ctx.inject('GET', '/api/customers/wmLoyal01/stage')
    expect(res.statusCode).toBe(200)
    expect(res.json<StageHistoryResponse>()).toEqual({
      current: { key: 'high_value', name: '高价值', reason: '7 单，累计 ¥1,380.00', matched: ['7 单', '累计 ¥1,380.00'], enteredAt: '2026-11-19T16:00:00.000Z' },
      history: [{ key: 'high_value', name: '高价值', reason: '7 单，累计 ¥1,380.00', enteredAt: '2026-11-19T16:00:00.000Z', leftAt: null }],
    })
  })

  it('should answer 404 for a customer the staff member does not serve, and 400 naming a bad id', async () => {
    expect((await ctx.inject('GET', '/api/customers/wmOther01/tasks')).json()).toMatchObject({ statusCode: 404, code: 'not_your_customer' })
    expect((await ctx.inject('GET', '/api/customers/wmOther01/stage')).statusCode).toBe(404)
    const bad = await ctx.inject('GET', '/api/customers/wm%20bad/tasks')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('externalUserId')
  })

  it('should answer 401 without a session', async () => {
    expect((await ctx.app.inject({ url: '/api/customers/wmLoyal01/stage' })).statusCode).toBe(401)
  })
})

describe('POST /api/tasks/:id/complete', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should mark the task done with what was sent, and record who and when', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    const res = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'sent', sentText: '赵女士您好～', idempotencyKey: 'tap-0001' })
    expect(res.statusCode).toBe(200)
    expect(res.json<TaskItem>()).toMatchObject({ id, status: 'done', completedAt: new Date(TEST_NOW).toISOString(), completion: { method: 'sent', sentText: '赵女士您好～' }, overdue: false })
    expect(ctx.events(id)).toEqual([
      { staffId: null, action: 'created', at: TEST_NOW, detail: expect.any(String), idempotencyKey: null },
      { staffId: ctx.brand.zhangli.id, action: 'done', at: TEST_NOW, detail: JSON.stringify({ method: 'sent', sentText: '赵女士您好～', from: 'pending' }), idempotencyKey: 'tap-0001' },
    ])
  })

  it('should complete once when the same tap is retried with the same idempotency key', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    const body = { method: 'sent', sentText: '您好', idempotencyKey: 'tap-retry-1' }
    const first = await ctx.inject('POST', `/api/tasks/${id}/complete`, body)
    const again = await ctx.inject('POST', `/api/tasks/${id}/complete`, body)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect(ctx.events(id).filter(e => (e as { action: string }).action === 'done')).toHaveLength(1)
  })

  it('should answer 409 when a done task is completed again with another key', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'manual', idempotencyKey: 'tap-first-1' })
    const res = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'manual', idempotencyKey: 'tap-second-1' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({ code: 'task_done', message: '这个任务已经完成了' })
  })

  it('should answer 409 with a clear message when completing a skipped task', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    expect((await ctx.inject('POST', `/api/tasks/${id}/skip`, { reason: 'not_interested' })).statusCode).toBe(200)
    const res = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'sent', sentText: 'x', idempotencyKey: 'tap-after-skip' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ statusCode: 409, error: 'Conflict', message: '这个任务已跳过，不能再操作', code: 'task_skipped' })
    expect(ctx.events(id).map(e => (e as { action: string }).action)).toEqual(['created', 'skipped'])
  })

  it('should answer 409 when an idempotency key is reused for another task', async () => {
    await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.newcomer.id)}/complete`, { method: 'manual', idempotencyKey: 'tap-shared-1' })
    const res = await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.loyal.id)}/complete`, { method: 'manual', idempotencyKey: 'tap-shared-1' })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('idempotency_key_reused')
  })

  it('should answer 404 for another staff member\'s task and change nothing', async () => {
    const id = ctx.taskOf(ctx.brand.other.id)
    const res = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'manual', idempotencyKey: 'tap-not-mine' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'task_not_found' })
    expect(ctx.events(id)).toHaveLength(1)
    expect((await ctx.inject('POST', '/api/tasks/99999/complete', { method: 'manual', idempotencyKey: 'tap-nothing' })).statusCode).toBe(404)
  })

  it('should answer 400 naming the field when the body is wrong', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    const noMethod = await ctx.inject('POST', `/api/tasks/${id}/complete`, { idempotencyKey: 'tap-bad-body' })
    expect(noMethod.statusCode).toBe(400)
    expect(noMethod.json().message).toContain('method')
    const shortKey = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'sent', idempotencyKey: 'x' })
    expect(shortKey.json().message).toContain('idempotencyKey')
    const badMethod = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'telepathy', idempotencyKey: 'tap-bad-method' })
    expect(badMethod.statusCode).toBe(400)
    expect(badMethod.json().message).toContain('method')
    const badId = await ctx.inject('POST', '/api/tasks/abc/complete', { method: 'sent', idempotencyKey: 'tap-bad-id-1' })
    expect(badId.statusCode).toBe(400)
    expect(badId.json().message).toContain('id')
    const noBody = await ctx.app.inject({ method: 'POST', url: `/api/tasks/${id}/complete`, headers: sessionCookie(ctx.app, 'zhangli', TEST_NOW) })
    expect(noBody.statusCode).toBe(400)
  })

  it('should answer 401 without a session', async () => {
    expect((await ctx.app.inject({ method: 'POST', url: '/api/tasks/1/complete', headers: SAME_ORIGIN, payload: { method: 'manual', idempotencyKey: 'tap-anon-1' } })).statusCode).toBe(401)
  })

  it('should still answer 200 when the recompute after completing fails: the next scheduled pass catches up', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    ctx.handle.sqlite.exec('drop table stage_history')
    const res = await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'manual', idempotencyKey: 'tap-recompute-fails' })
    expect(res.statusCode).toBe(200)
    expect(res.json<TaskItem>().status).toBe('done')
  })

  it('should recompute the customer after a task is done, so the next step can follow', async () => {
    const id = ctx.taskOf(ctx.brand.newcomer.id)
    // The newcomer ordered: completing the welcome moves them to 首购 at once, not at the next scheduled pass.
    insertOrder(ctx.db, ctx.brand.newcomer.id, { orderedAt: TEST_NOW - 10 * MINUTE })
    await ctx.inject('POST', `/api/tasks/${id}/complete`, { method: 'sent', sentText: 'hi', idempotencyKey: 'tap-recompute' })
    const stage = (await ctx.inject('GET', '/api/customers/wmNew01/stage')).json<StageHistoryResponse>()
    expect(stage.current?.key).toBe('first_purchase')
    expect(stage.history.map(v => v.key)).toEqual(['first_purchase', 'new'])
  })
})

describe('POST /api/tasks/:id/skip', () => {
  let ctx: Ctx
  beforeEach(async () => { ctx = await setup() })
  afterEach(async () => ctx.close())

  it('should skip with the reason and note, and record it', async () => {
    const id = ctx.taskOf(ctx.brand.silent.id)
    const res = await ctx.inject('POST', `/api/tasks/${id}/skip`, { reason: 'other', note: '客户在外地，下月再联系' })
    expect(res.statusCode).toBe(200)
    expect(res.json<TaskItem>()).toMatchObject({ status: 'skipped', skipReason: 'other', completion: null })
    expect(ctx.events(id).at(-1)).toMatchObject({ staffId: ctx.brand.zhangli.id, action: 'skipped', detail: JSON.stringify({ reason: 'other', note: '客户在外地，下月再联系', from: 'pending' }) })
  })

  it('should answer 400 naming reason when it is not one of the list', async () => {
    const res = await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.silent.id)}/skip`, { reason: 'lazy' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('reason')
  })

  it('should answer 404 for another staff member\'s task', async () => {
    expect((await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.other.id)}/skip`, { reason: 'other' })).statusCode).toBe(404)
  })
})

describe('POST /api/tasks/:id/snooze', () => {
  it('should move the due time by the hours asked', async () => {
    const ctx = await setup()
    const id = ctx.taskOf(ctx.brand.loyal.id)
    const res = await ctx.inject('POST', `/api/tasks/${id}/snooze`, { hours: 3 })
    expect(res.statusCode).toBe(200)
    const due = new Date(TEST_NOW + 3 * HOUR).toISOString()
    expect(res.json<TaskItem>()).toMatchObject({ status: 'snoozed', dueAt: due, snoozedUntil: due })
    expect(ctx.events(id).at(-1)).toMatchObject({ action: 'snoozed', detail: JSON.stringify({ hours: 3, from: TEST_NOW, to: TEST_NOW + 3 * HOUR }) })
    await ctx.close()
  })

  it('should shift a snooze that lands in quiet hours to 09:00 the next morning', async () => {
    const evening = Date.parse('2026-11-20T20:30:00+08:00')
    const ctx = await setup(evening)
    const res = await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.loyal.id)}/snooze`, { hours: 1 })
    expect(res.statusCode).toBe(200)
    expect(res.json<TaskItem>().dueAt).toBe(new Date(Date.parse('2026-11-21T09:00:00+08:00')).toISOString())
    await ctx.close()
  })

  it('should answer 409 when the snooze would outlast the task', async () => {
    const ctx = await setup(TEST_NOW + 22 * HOUR)
    const res = await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.newcomer.id)}/snooze`, { hours: 24 })
    expect(res.statusCode).toBe(409)
    expect(res.json().code).toBe('snooze_past_expiry')
    await ctx.close()
  })

  it('should answer 400 naming hours when it is not 1, 3 or 24', async () => {
    const ctx = await setup()
    const res = await ctx.inject('POST', `/api/tasks/${ctx.taskOf(ctx.brand.loyal.id)}/snooze`, { hours: 5 })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toContain('hours')
    await ctx.close()
  })
})
