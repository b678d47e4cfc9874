import { describe, expect, it } from 'vitest'
import { loadJourneyConfig, parseSopLibrary } from './load-config.ts'
import { pickOwner } from './owner.ts'
import { explainPlan, planTasks, type PlanInput } from './sop.ts'
import { at, DAY, event, HOUR, makeFacts, MINUTE, order, recorded, relation, T0, tag, YANWO } from './test-facts.ts'

const config = loadJourneyConfig()
const { journey } = config
const guardrails = { marketingPer7Days: 10, quietHours: { from: '21:00', to: '09:00' }, liveConversationMinutes: 60 }
const careStep = (fields: Record<string, unknown> = {}) => ({ key: 'step', name: '步骤', delay: '0m', touchpoint: 'single_chat', goal: '关怀', content: { text: '{{称呼}}好' }, ...fields })
const librarySop = (sop: Record<string, unknown>) => parseSopLibrary({ version: 1, journey: 'default', guardrails, sops: [{ key: 'sop', name: '测试', steps: [careStep()], ...sop }] }, journey)

type Facts = ReturnType<typeof makeFacts>
const planWith = (lib: ReturnType<typeof librarySop>, facts: Facts, now: number, stage: Partial<PlanInput> = {}) =>
  explainPlan({ ...lib, facts, now, currentStage: 'new', stageEnteredAt: T0, ...stage })

describe('ownership: who gets the task when several staff serve one customer', () => {
  it('should go to the staff member who last wrote to the customer', () => {
    const owner = pickOwner([relation(1, T0, { lastMessageOutAt: T0 + DAY }), relation(2, T0 + DAY, { lastMessageOutAt: T0 + 2 * DAY })])
    expect(owner).toEqual({ staffId: 2, staffName: '王芳', by: 'last_message' })
  })

  it('should fall back to the earliest first add when nobody has written', () => {
    expect(pickOwner([relation(2, T0 + HOUR), relation(1, T0 + 2 * HOUR)])).toMatchObject({ staffId: 2, by: 'first_add' })
  })

  it('should skip relationships that are no longer active', () => {
    const gone = relation(1, T0, { status: 'deleted_by_customer', lastMessageOutAt: T0 + 5 * DAY })
    expect(pickOwner([gone, relation(2, T0 + DAY)])).toMatchObject({ staffId: 2, by: 'first_add' })
    expect(pickOwner([gone])).toBeNull()
  })

  it('should break ties by the lower staff id', () => {
    expect(pickOwner([relation(3, T0), relation(2, T0)])?.staffId).toBe(2)
  })

  it('should assign planned tasks to the owner and plan nothing without one', () => {
    const lib = librarySop({ trigger: { type: 'friend_added' } })
    const shared = makeFacts({ relationships: [relation(1, T0), relation(2, T0 + HOUR, { lastMessageOutAt: T0 + 2 * HOUR })] })
    expect(planWith(lib, shared, T0 + 3 * HOUR).tasks.map(t => t.staffId)).toEqual([2])
    const gone = planWith(lib, makeFacts({ relationships: [relation(1, T0, { status: 'deleted_by_customer' })] }), T0 + HOUR)
    expect(gone.tasks).toEqual([])
    expect(gone.held.map(h => h.code)).toEqual(['no_owner'])
  })
})

describe('idempotency', () => {
  it('should give each task a deterministic key from SOP, step, customer and trigger occurrence', () => {
    const [task] = planTasks({ ...librarySop({ trigger: { type: 'friend_added' } }), facts: makeFacts(), now: T0 + MINUTE, currentStage: 'new', stageEnteredAt: T0 })
    expect(task?.key).toBe(`sop:step:42:added@${T0}`)
  })

  it('should plan nothing new when run again with the first plan recorded', () => {
    const facts = makeFacts({ seededProduct: YANWO, tags: [tag('商品偏好:燕窝', T0)], events: [event('cart_add', T0 + DAY, { productId: 1, productName: YANWO.name })] })
    const input = { ...config.library, now: T0 + 8 * DAY, currentStage: 'interested', stageEnteredAt: T0 + DAY }
    const first = planTasks({ ...input, facts })
    expect(first.length).toBeGreaterThan(0)
    expect(new Set(first.map(t => t.key)).size).toBe(first.length)
    expect(planTasks({ ...input, facts: { ...facts, tasks: recorded(first, input.now) } })).toEqual([])
    expect(planTasks({ ...input, now: input.now + HOUR, facts: { ...facts, tasks: recorded(first, input.now, input.now) } })).toEqual([])
  })
})

describe('triggers', () => {
  it('should fire a stage SOP on entering the stage, keyed on the entry time', () => {
    const lib = librarySop({ trigger: { type: 'stage_entered', stage: 'silent' } })
    const entered = T0 + 90 * DAY
    expect(planWith(lib, makeFacts(), entered + HOUR, { currentStage: 'new' }).tasks).toEqual([])
    const { tasks } = planWith(lib, makeFacts(), entered + HOUR, { currentStage: 'silent', stageEnteredAt: entered, stageNames: { silent: '沉默' } })
    expect(tasks).toMatchObject([{ key: `sop:step:42:stage.silent@${entered}`, reason: '进入「沉默」阶段' }])
  })

  it('should stop a stage SOP once the customer left the stage, unless leftStage is false', () => {
    const steps = [careStep({ key: 'later', delay: '3d' })]
    const visits = { currentStage: 'repeat', stageEnteredAt: T0 + 2 * DAY, stageHistory: [{ stageKey: 'silent', enteredAt: T0 }] }
    expect(planWith(librarySop({ trigger: { type: 'stage_entered', stage: 'silent' }, steps }), makeFacts(), T0 + 4 * DAY, visits).tasks).toEqual([])
    const keepGoing = librarySop({ trigger: { type: 'stage_entered', stage: 'silent' }, steps, exit: { leftStage: false } })
    expect(planWith(keepGoing, makeFacts(), T0 + 4 * DAY, visits).tasks.map(t => t.triggerKey)).toEqual([`stage.silent@${T0}`])
  })

  it('should repeat a stage SOP every period while in the stage, for at most `for`', () => {
    const lib = librarySop({ trigger: { type: 'stage_entered', stage: 'high_value', every: '30d', for: '60d' } })
    const { tasks } = planWith(lib, makeFacts(), T0 + 100 * DAY, { currentStage: 'high_value', stageEnteredAt: T0 })
    // Rounds at day 0 and 30 have expired by day 100; day 60 is past `for`.
    expect(tasks).toEqual([])
    const rounds = [0, 30].map(d => planWith(lib, makeFacts(), T0 + d * DAY + HOUR, { currentStage: 'high_value', stageEnteredAt: T0 }).tasks.map(t => t.triggerKey))
    expect(rounds).toEqual([[`stage.high_value@${T0}#0`], [`stage.high_value@${T0}#1`]])
  })

  it('should fire on a tag being added, once per time it was added', () => {
    const lib = librarySop({ trigger: { type: 'tag_added', tag: '行为标签:代理意向' } })
    const { tasks } = planWith(lib, makeFacts({ tags: [tag('行为标签:代理意向', T0 + HOUR)] }), T0 + 2 * HOUR)
    expect(tasks).toMatchObject([{ triggerKey: `tag.行为标签/代理意向@${T0 + HOUR}`, reason: '打上标签「行为标签:代理意向」' }])
  })

  it('should fire on each matching event, folding events within the cooldown into the first', () => {
    const lib = librarySop({ trigger: { type: 'event', event: { type: 'cart_add' }, cooldown: '3d' }, steps: [careStep({ delay: '12h' })] })
    const carts = [T0, T0 + HOUR, T0 + 4 * DAY].map(t => event('cart_add', t, { productId: 1, productName: YANWO.name }))
    expect(planWith(lib, makeFacts({ events: carts }), T0 + 13 * HOUR).tasks.map(t => t.triggerKey)).toEqual([`event.cart_add@${T0}`])
    expect(planWith(lib, makeFacts({ events: carts }), T0 + 4 * DAY + 13 * HOUR).tasks.map(t => t.triggerKey)).toEqual([`event.cart_add@${T0 + 4 * DAY}`])
  })

  it('should fire on the birthday at the step time of day, and on 02-28 for a 02-29 birthday in other years', () => {
    const lib = librarySop({ trigger: { type: 'birthday' }, steps: [careStep({ at: '10:00' })] })
    const { tasks } = planWith(lib, makeFacts({ customer: { birthday: '11-25' } }), at('2026-11-25T10:05:00'))
    expect(tasks).toMatchObject([{ triggerKey: 'birthday@2026', dueAt: at('2026-11-25T10:05:00'), reason: '生日（11月25日）' }])
    expect(planWith(lib, makeFacts({ customer: { birthday: '11-25' } }), at('2026-11-25T09:55:00')).tasks).toEqual([])
    expect(planWith(lib, makeFacts({ customer: { birthday: '02-29' } }), at('2027-02-28T10:00:00')).tasks.map(t => t.triggerKey)).toEqual(['birthday@2027'])
  })

  it('should remind once of the coupons expiring tomorrow, naming them, and expire with them', () => {
    const lib = librarySop({ trigger: { type: 'coupon_expiring', daysBefore: 1 }, steps: [careStep({ at: '10:00', content: { text: '您的「{{优惠券}}」{{到期日}}到期' } })] })
    const expires = at('2026-11-21T23:59:59')
    const coupon = (key: string, name: string, claimedAt: number | null = T0 - DAY) => ({ key, name, productId: null, claimedAt, usedAt: null, expiresAt: expires })
    const facts = makeFacts({ coupons: [coupon('a', '满199减30'), coupon('b', '会员日9折券'), coupon('c', '未领的券', null)] })
    const { tasks } = planWith(lib, facts, at('2026-11-20T10:00:00'))
    expect(tasks).toMatchObject([{ triggerKey: 'coupon-expiry@2026-11-21', expiresAt: expires, rendered: { text: '您的「满199减30、会员日9折券」11月21日到期' } }])
  })

  it('should fire N days after the last paid order, and again after the next order', () => {
    const lib = librarySop({ trigger: { type: 'days_since_last_order', days: 60 } })
    const first = at('2026-09-01T15:00:00')
    expect(planWith(lib, makeFacts({ orders: [order(first, 9900)] }), at('2026-10-30T23:00:00')).tasks).toEqual([])
    expect(planWith(lib, makeFacts({ orders: [order(first, 9900)] }), at('2026-10-31T09:30:00')).tasks.map(t => t.triggerKey)).toEqual([`last-order@${first}+60d`])
  })
})

describe('steps', () => {
  it('should not backfill a step whose time has long passed', () => {
    const lib = librarySop({ trigger: { type: 'friend_added' }, steps: [careStep({ expiresAfter: '1d' })] })
    expect(planWith(lib, makeFacts(), T0 + 23 * HOUR).tasks).toHaveLength(1)
    expect(planWith(lib, makeFacts(), T0 + DAY)).toMatchObject({ tasks: [], held: [] })
  })

  it('should place a step at its time of day on the day its delay lands, and never before the trigger', () => {
    const lib = librarySop({ trigger: { type: 'friend_added' }, steps: [careStep({ key: 'd7', delay: '7d', at: '10:00' }), careStep({ key: 'soon', delay: '0m', at: '10:00' })] })
    const added = at('2026-11-20T15:00:00')
    const facts = makeFacts({ relationships: [relation(1, added)] })
    const due = (now: number) => planWith(lib, facts, now).tasks.map(t => [t.stepKey, t.dueAt])
    expect(due(at('2026-11-21T10:00:00'))).toEqual([['soon', at('2026-11-21T10:00:00')]])
    expect(due(at('2026-11-27T10:00:00'))).toEqual([['d7', at('2026-11-27T10:00:00')]])
  })

  it('should skip a step whose condition does not hold, and plan it if the condition comes true before it expires', () => {
    const lib = librarySop({ trigger: { type: 'friend_added' }, steps: [careStep({ when: { fact: 'messagesIn', op: '>=', value: 1 } })] })
    expect(planWith(lib, makeFacts(), T0 + HOUR).tasks).toEqual([])
    const { tasks } = planWith(lib, makeFacts({ events: [event('message_in', T0 + 2 * HOUR)] }), T0 + 3 * HOUR)
    expect(tasks).toMatchObject([{ reason: '添加好友，发来 1 条消息' }])
  })

  it('should drop the remaining steps once the exit goal is reached', () => {
    const lib = librarySop({
      trigger: { type: 'event', event: { type: 'cart_add' } },
      steps: [careStep({ delay: '12h' })],
      exit: { goal: { fact: 'orderCount', op: '>=', value: 1, sinceTrigger: true } },
    })
    const facts = makeFacts({ events: [event('cart_add', T0)], orders: [order(T0 + HOUR, 39800)] })
    const { tasks, held } = planWith(lib, facts, T0 + 12 * HOUR)
    expect(tasks).toEqual([])
    expect(held).toMatchObject([{ code: 'goal_reached', detail: '已达成目标：此后 1 单' }])
  })

  it('should respect the audience tags and rule', () => {
    const lib = librarySop({ trigger: { type: 'friend_added' }, audience: { includeTags: ['商品偏好:燕窝', '商品偏好:益生菌'], excludeTags: ['行为标签:拒绝营销'] } })
    const plan = (tags: string[]) => planWith(lib, makeFacts({ tags: tags.map(t => tag(t, T0)) }), T0 + HOUR).tasks.length
    expect([plan([]), plan(['商品偏好:益生菌']), plan(['商品偏好:燕窝', '行为标签:拒绝营销'])]).toEqual([0, 1, 0])
  })

  it('should render the script for the customer and the owner, with fallbacks, and drop a link with no url', () => {
    const lib = librarySop({
      trigger: { type: 'friend_added' },
      steps: [careStep({ content: { text: '{{称呼}}您好，我是{{管家}}，送您「{{优惠券}}」买{{商品}}', link: { title: '{{商品}}', url: '{{商品链接}}' }, couponByCategory: { 燕窝: '新客燕窝立减30元券' }, coupon: '满199减30' } })],
    })
    const seeded = planWith(lib, makeFacts({ seededProduct: YANWO }), T0 + MINUTE).tasks[0]?.rendered
    expect(seeded).toEqual({ text: '赵女士您好，我是张丽，送您「新客燕窝立减30元券」买即食燕窝 70g×6瓶', link: { title: YANWO.name, url: YANWO.url } })
    const bare = planWith(lib, makeFacts({ customer: { name: 'Coco', gender: 0 }, relationships: [relation(1, T0, { staffName: null })] }), T0 + MINUTE).tasks[0]?.rendered
    expect(bare).toEqual({ text: 'Coco您好，我是您的专属管家，送您「满199减30」买这款产品' })
  })
})
