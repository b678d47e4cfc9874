import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { assignStage, eventTypesRead, explainPlan, loadJourneyConfig } from '../engine/journey/index.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { insertEvent, insertOrder } from '../test/fixtures.ts'
import { DAY, HOUR, type JourneyBrand, seedJourneyBrand } from '../test/journey-fixtures.ts'
import { createFactsReader, loadCustomerFacts, streamCustomerFacts } from './journey-facts.ts'
import { recomputeAll, recomputeCustomer } from './journey-recompute.ts'

const config = loadJourneyConfig()
/** 00:00 China time on TEST_NOW's day. */
const START_OF_DAY = TEST_NOW - 10 * HOUR

function open() {
  const handle = openDatabase(':memory:')
  return { handle, brand: seedJourneyBrand(handle.db) }
}

const rows = (h: DbHandle, sql: string, ...params: unknown[]) => h.sqlite.prepare<unknown[], Record<string, unknown>>(sql).all(...params)

/** Everything a recompute writes, in an order that does not depend on insertion order. */
function snapshot(h: DbHandle) {
  return {
    stages: rows(h, 'select * from customer_stages order by customer_id'),
    history: rows(h, 'select customer_id, stage_key, reason, entered_at, left_at from stage_history order by customer_id, entered_at'),
    tasks: rows(h, 'select * from tasks order by key').map(({ id: _id, ...t }) => t),
    events: rows(h, 'select t.key, e.action, e.at, e.staff_id, e.detail from task_events e join tasks t on t.id = e.task_id order by t.key, e.at, e.action'),
  }
}

describe('journey facts from the database', () => {
  let h: DbHandle
  let brand: JourneyBrand
  beforeEach(() => ({ handle: h, brand } = open()))
  afterEach(() => h.close())

  it('should seed the product of the channel the customer added through', () => {
    const facts = loadCustomerFacts(h.db, brand.newcomer.id)!
    expect(facts.seededProduct).toEqual({ productId: brand.yanwo.id, name: '即食燕窝 6瓶装', category: '燕窝', url: 'https://mall.example.com/goods/YW-01' })
    expect(facts.relationships).toEqual([expect.objectContaining({ staffId: brand.zhangli.id, staffName: '张丽', state: 'live_yanwo', status: 'active', lastMessageOutAt: null })])
  })

  it('should carry orders with item categories, tags, and who last wrote to the customer', () => {
    const loyal = loadCustomerFacts(h.db, brand.loyal.id)!
    expect(loyal.orders).toHaveLength(7)
    expect(loyal.orders[0]!.items).toEqual([{ productId: brand.yanwo.id, name: '即食燕窝 6瓶装', category: '燕窝' }])
    expect(loyal.tags).toEqual([{ group: '商品偏好', name: '燕窝', addedAt: TEST_NOW - 100 * DAY }])
    const shared = loadCustomerFacts(h.db, brand.shared.id)!
    expect(shared.relationships.find(r => r.staffId === brand.wangfang.id)?.lastMessageOutAt).toBe(TEST_NOW - 30 * 60_000)
    expect(shared.events).toEqual([expect.objectContaining({ type: 'message_out', content: '孙姐好' })])
  })

  it('should stream the same facts in chunks as one by one', () => {
    const streamed = [...streamCustomerFacts(h.db, { chunk: 4 })]
    expect(streamed.map(chunk => chunk.size)).toEqual([4, 2])
    for (const chunk of streamed) {
      for (const [id, facts] of chunk)
        expect(facts).toEqual(loadCustomerFacts(h.db, id))
    }
  })

  it('should answer null for a customer that does not exist', () => {
    expect(loadCustomerFacts(h.db, 999)).toBeNull()
  })

  it('should load only the event types the journey reads, keeping the latest of the others and who last wrote', () => {
    insertEvent(h.db, brand.newcomer.id, { occurredAt: TEST_NOW - 10 * 60_000, type: 'product_view', productId: brand.yanwo.id })
    insertEvent(h.db, brand.newcomer.id, { occurredAt: TEST_NOW - 20 * 60_000, type: 'message_in', touchpoint: 'single_chat', content: '你好' })
    const types = eventTypesRead(config.journey, config.library)
    const ids = rows(h, 'select id from customers order by id').map(r => Number(r.id))
    const some = createFactsReader(h.db, { eventTypes: types }).load(ids)
    const newcomer = some.get(brand.newcomer.id)!
    expect(newcomer.events.map(e => e.type)).toEqual(['message_in'])
    expect(newcomer.partialEvents).toEqual({ types, lastActiveAt: TEST_NOW - 10 * 60_000 })
    const shared = some.get(brand.shared.id)!
    expect(shared.events).toEqual([])
    expect(shared.partialEvents?.lastActiveAt).toBeNull()
    expect(shared.relationships.find(r => r.staffId === brand.wangfang.id)?.lastMessageOutAt).toBe(TEST_NOW - 30 * 60_000)

    // Everything else is as loaded in full, and the engine's answers are the same.
    for (const id of ids) {
      const full = loadCustomerFacts(h.db, id)!
      const { events: _events, partialEvents: _partial, ...rest } = some.get(id)!
      const { events: _all, ...fullRest } = full
      expect(rest).toEqual(fullRest)
      for (const now of [TEST_NOW, TEST_NOW + 3 * DAY, TEST_NOW + 70 * DAY]) {
        const stage = assignStage(config.journey, full, now)
        expect(assignStage(config.journey, some.get(id)!, now)).toEqual(stage)
        const input = { ...config.library, now, currentStage: stage.stageKey, stageEnteredAt: now - HOUR }
        expect(explainPlan({ ...input, facts: some.get(id)! })).toEqual(explainPlan({ ...input, facts: full }))
      }
    }
  })
})

describe('recomputeCustomer', () => {
  let h: DbHandle
  let brand: JourneyBrand
  beforeEach(() => ({ handle: h, brand } = open()))
  afterEach(() => h.close())

  it('should store the stage with the reason and the facts that matched', () => {
    recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW)
    expect(rows(h, 'select * from customer_stages')).toEqual([{
      customer_id: brand.loyal.id, stage_key: 'high_value', reason: '7 单，累计 ¥1,380.00', matched: '["7 单","累计 ¥1,380.00"]', entered_at: START_OF_DAY, computed_at: TEST_NOW,
    }])
    expect(rows(h, 'select stage_key, reason, entered_at, left_at from stage_history')).toEqual([{ stage_key: 'high_value', reason: '7 单，累计 ¥1,380.00', entered_at: START_OF_DAY, left_at: null }])
  })

  it('should count a first-seen stage from the start of today, or from the add when that is later', () => {
    recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW)
    recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW)
    expect(rows(h, 'select customer_id, entered_at from customer_stages order by customer_id')).toEqual([
      { customer_id: brand.newcomer.id, entered_at: TEST_NOW - HOUR },
      { customer_id: brand.loyal.id, entered_at: START_OF_DAY },
    ])
    // So the monthly care "at 10:00 on entering 高价值" is due today, not tomorrow.
    expect(rows(h, 'select step_key, due_at from tasks where customer_id = ?', brand.loyal.id)).toEqual([{ step_key: 'care', due_at: TEST_NOW }])
  })

  it('should keep the entry time and add history only when the stage changes', () => {
    recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW)
    recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + HOUR)
    expect(rows(h, 'select stage_key, entered_at, computed_at from customer_stages')).toEqual([{ stage_key: 'new', entered_at: TEST_NOW - HOUR, computed_at: TEST_NOW + HOUR }])
    for (let i = 1; i <= 3; i++)
      insertEvent(h.db, brand.newcomer.id, { occurredAt: TEST_NOW + i * HOUR, type: 'message_in', touchpoint: 'single_chat', content: `问题${i}` })
    const counts = recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + 4 * HOUR)
    expect(counts.stagesChanged).toBe(1)
    expect(rows(h, 'select stage_key, reason, entered_at from customer_stages')).toEqual([{ stage_key: 'activated', reason: '发来 3 条消息', entered_at: TEST_NOW + 4 * HOUR }])
    expect(rows(h, 'select stage_key, entered_at, left_at from stage_history order by entered_at')).toEqual([
      { stage_key: 'new', entered_at: TEST_NOW - HOUR, left_at: TEST_NOW + 4 * HOUR },
      { stage_key: 'activated', entered_at: TEST_NOW + 4 * HOUR, left_at: null },
    ])
  })

  it('should plan the welcome for the staff member the customer added, with the words and the product link, and record it', () => {
    const counts = recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW)
    expect(counts).toEqual({ customers: 1, stagesChanged: 1, tasksCreated: 1, tasksExpired: 0, tasksReopened: 0, tasksWithdrawn: 0 })
    const [task] = rows(h, 'select * from tasks')
    expect(task).toMatchObject({
      key: `new_customer:welcome:${brand.newcomer.id}:added@${TEST_NOW - HOUR}`,
      staff_id: brand.zhangli.id, sop_name: '新客培育', status: 'pending', due_at: TEST_NOW, kind: 'service', marketing: 0, touchpoint: 'single_chat', reason: '添加好友',
    })
    const content = JSON.parse(String(task!.content))
    expect(content.text).toContain('赵女士您好，我是您的专属管家张丽')
    expect(content.link).toEqual({ title: '即食燕窝 6瓶装', url: 'https://mall.example.com/goods/YW-01' })
    expect(rows(h, 'select task_id, staff_id, action, at from task_events')).toEqual([{ task_id: task!.id, staff_id: null, action: 'created', at: TEST_NOW }])
  })

  it('should give a customer\'s tasks to the staff member who last wrote to them', () => {
    recomputeCustomer(h.db, config, brand.shared.id, TEST_NOW)
    expect(rows(h, 'select staff_id from tasks')).toEqual([{ staff_id: brand.wangfang.id }])
  })

  it('should create nothing new when run twice, or again later with nothing changed', () => {
    recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW)
    expect(recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW).tasksCreated).toBe(0)
    expect(recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + 2 * HOUR).tasksCreated).toBe(0)
    expect(rows(h, 'select count(*) as n from tasks')).toEqual([{ n: 1 }])
    expect(rows(h, 'select count(*) as n from task_events')).toEqual([{ n: 1 }])
  })

  it('should expire open tasks past their expiry and record it', () => {
    recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW)
    const counts = recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + 23 * HOUR)
    expect(counts.tasksExpired).toBe(1)
    const welcome = `step_key = 'welcome'`
    expect(rows(h, `select status, closed_at from tasks where ${welcome}`)).toEqual([{ status: 'expired', closed_at: TEST_NOW + 23 * HOUR }])
    expect(rows(h, `select action, at from task_events where task_id = (select id from tasks where ${welcome}) order by id`)).toEqual([{ action: 'created', at: TEST_NOW }, { action: 'expired', at: TEST_NOW + 23 * HOUR }])
  })

  it('should put a snoozed task back to pending once its snooze has run out', () => {
    recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW)
    h.sqlite.prepare(`update tasks set status = 'snoozed', due_at = ?, snoozed_until = ?`).run(TEST_NOW + HOUR, TEST_NOW + HOUR)
    expect(recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW + 30 * 60_000).tasksReopened).toBe(0)
    expect(recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW + HOUR).tasksReopened).toBe(1)
    expect(rows(h, 'select status from tasks')).toEqual([{ status: 'pending' }])
  })

  it('should withdraw an open task once its SOP\'s goal is reached, and record why', () => {
    insertEvent(h.db, brand.newcomer.id, { occurredAt: TEST_NOW, type: 'cart_add', productId: brand.yanwo.id })
    recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + 13 * HOUR)
    const cart = `sop_key = 'cart_unpaid_12h'`
    expect(rows(h, `select status from tasks where ${cart}`)).toEqual([{ status: 'pending' }])

    insertOrder(h.db, brand.newcomer.id, { orderedAt: TEST_NOW + 14 * HOUR }, [{ name: '即食燕窝 6瓶装', productId: brand.yanwo.id, unitPriceCents: 39800 }])
    const counts = recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + 15 * HOUR)
    expect(counts.tasksWithdrawn).toBe(1)
    expect(rows(h, `select status, closed_at from tasks where ${cart}`)).toEqual([{ status: 'withdrawn', closed_at: TEST_NOW + 15 * HOUR }])
    const [withdrawn] = rows(h, `select action, detail from task_events where action = 'withdrawn'`)
    expect(withdrawn).toMatchObject({ action: 'withdrawn' })
    expect(JSON.parse(String(withdrawn!.detail))).toEqual({ reason: 'goal_reached', detail: expect.stringMatching(/^已达成目标：/) })
    // Withdrawn stays withdrawn: the next run neither re-plans nor withdraws it again.
    expect(recomputeCustomer(h.db, config, brand.newcomer.id, TEST_NOW + 16 * HOUR)).toMatchObject({ tasksCreated: 0, tasksWithdrawn: 0 })
  })

  it('should plan nothing for a customer who deleted the friend, and place them in 流失', () => {
    expect(recomputeCustomer(h.db, config, brand.gone.id, TEST_NOW)).toMatchObject({ stagesChanged: 1, tasksCreated: 0 })
    expect(rows(h, 'select stage_key from customer_stages')).toEqual([{ stage_key: 'churned' }])
  })
})

describe('recomputeAll', () => {
  it('should give every customer a stage and plan the due tasks', async () => {
    const { handle: h } = open()
    const result = await recomputeAll(h.db, config, TEST_NOW, { chunk: 4 })
    expect(result).toMatchObject({ customers: 6, stagesChanged: 6, tasksCreated: 5, aborted: false })
    expect(rows(h, 'select stage_key from customer_stages order by customer_id').map(r => r.stage_key)).toEqual(['new', 'high_value', 'silent', 'churned', 'new', 'new'])
    const again = await recomputeAll(h.db, config, TEST_NOW, { chunk: 4 })
    expect(again).toMatchObject({ stagesChanged: 0, tasksCreated: 0 })
    h.close()
  })

  it('should give the same answer as recomputing each customer on its own, run after run', async () => {
    const one = open()
    const all = open()
    const runs = [TEST_NOW, TEST_NOW + 25 * HOUR, TEST_NOW + 4 * DAY, TEST_NOW + 8 * DAY]
    for (const [i, now] of runs.entries()) {
      if (i === 2) {
        // Data changes between runs: the newcomer starts chatting in both databases.
        for (const h of [one.handle, all.handle]) {
          for (let k = 1; k <= 3; k++)
            insertEvent(h.db, one.brand.newcomer.id, { occurredAt: now - k * HOUR, type: 'message_in', touchpoint: 'single_chat', content: `在吗${k}`, idempotencyKey: `same-${i}-${k}-${h === one.handle ? 'a' : 'b'}` })
        }
      }
      for (const id of rows(one.handle, 'select id from customers order by id').map(r => Number(r.id)))
        recomputeCustomer(one.handle.db, config, id, now)
      await recomputeAll(all.handle.db, config, now, { chunk: 4 })
      expect(snapshot(all.handle)).toEqual(snapshot(one.handle))
    }
    const final = snapshot(all.handle)
    expect(final.tasks.length).toBeGreaterThan(5)
    expect(final.history.length).toBeGreaterThan(6)
    one.handle.close()
    all.handle.close()
  })

  it('should stop between chunks when aborted', async () => {
    const { handle: h } = open()
    const stop = new AbortController()
    const result = await recomputeAll(h.db, config, TEST_NOW, { chunk: 2, signal: stop.signal, onChunk: () => stop.abort() })
    expect(result).toMatchObject({ customers: 2, aborted: true })
    h.close()
  })
})
