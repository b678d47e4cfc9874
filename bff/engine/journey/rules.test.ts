import { describe, expect, it } from 'vitest'
import { evaluate, type Rule } from './rules.ts'
import { DAY, event, HOUR, makeFacts, order, orders, relation, T0, tag } from './test-facts.ts'

const NOW = T0 + 100 * DAY

describe('numeric facts', () => {
  it('should count paid orders and say how many when comparing orderCount', () => {
    const facts = makeFacts({ orders: [...orders(7, 138000, NOW - DAY), order(NOW - 2 * DAY, 5000, { status: 'refunded' })] })
    expect(evaluate({ fact: 'orderCount', op: '>=', value: 6 }, facts, NOW)).toEqual({ matched: true, reasons: ['7 单'] })
    expect(evaluate({ fact: 'orderCount', op: '<', value: 7 }, facts, NOW).matched).toBe(false)
  })

  it('should sum paid money, not refunded or pending orders, when comparing spendCents', () => {
    const facts = makeFacts({ orders: [order(NOW - DAY, 100000), order(NOW - DAY, 38000), order(NOW, 9900, { status: 'pending' }), order(NOW, 5000, { status: 'cancelled' })] })
    expect(evaluate({ fact: 'spendCents', op: '>', value: 100000 }, facts, NOW)).toEqual({ matched: true, reasons: ['累计 ¥1,380.00'] })
  })

  it('should only count the window when withinDays is given', () => {
    const facts = makeFacts({ orders: [order(NOW - 200 * DAY, 50000), order(NOW - 10 * DAY, 20000)] })
    expect(evaluate({ fact: 'orderCount', op: '>=', value: 2, withinDays: 90 }, facts, NOW)).toEqual({ matched: false, reasons: ['近90天 1 单'] })
    expect(evaluate({ fact: 'spendCents', op: '>=', value: 20000, withinDays: 90 }, facts, NOW)).toEqual({ matched: true, reasons: ['近90天消费 ¥200.00'] })
  })

  it('should count from the trigger when sinceTrigger is given', () => {
    const facts = makeFacts({ orders: [order(T0 + HOUR, 9900)] })
    expect(evaluate({ fact: 'orderCount', op: '>=', value: 1, sinceTrigger: true }, facts, NOW, { triggerAt: T0 })).toEqual({ matched: true, reasons: ['此后 1 单'] })
    expect(evaluate({ fact: 'orderCount', op: '>=', value: 1, sinceTrigger: true }, facts, NOW, { triggerAt: T0 + 2 * HOUR }).matched).toBe(false)
  })

  it('should refuse a sinceTrigger rule evaluated without a trigger', () => {
    expect(() => evaluate({ fact: 'orderCount', op: '>=', value: 1, sinceTrigger: true }, makeFacts(), NOW)).toThrow(/trigger/)
  })

  it('should count China calendar days since the last order, and never match a customer who never ordered', () => {
    const lastOrder = Date.parse('2026-09-01T23:30:00+08:00')
    const now = Date.parse('2026-10-31T00:10:00+08:00')
    const facts = makeFacts({ orders: [order(lastOrder, 9900)] })
    expect(evaluate({ fact: 'daysSinceLastOrder', op: '>=', value: 60 }, facts, now)).toEqual({ matched: true, reasons: ['距上次下单 60 天'] })
    expect(evaluate({ fact: 'daysSinceLastOrder', op: '>=', value: 0 }, makeFacts(), now)).toEqual({ matched: false, reasons: ['从未下单'] })
  })

  it('should measure days since added from the first add to any staff member', () => {
    const facts = makeFacts({ relationships: [relation(1, T0 + 5 * DAY), relation(2, T0)] })
    expect(evaluate({ fact: 'daysSinceAdded', op: '==', value: 10 }, facts, T0 + 10 * DAY)).toEqual({ matched: true, reasons: ['添加好友 10 天'] })
  })

  it('should count only messages the customer sent for messagesIn', () => {
    const facts = makeFacts({ events: [event('message_in', T0 + HOUR), event('message_out', T0 + HOUR), event('message_in', T0 + 2 * HOUR), event('message_in', T0 + 3 * HOUR)] })
    expect(evaluate({ fact: 'messagesIn', op: '>=', value: 3 }, facts, NOW)).toEqual({ matched: true, reasons: ['发来 3 条消息'] })
  })

  it('should ignore staff messages when measuring inactivity', () => {
    const facts = makeFacts({ events: [event('product_view', T0 + DAY), event('message_out', NOW - DAY)] })
    expect(evaluate({ fact: 'daysSinceActive', op: '>=', value: 60 }, facts, NOW)).toEqual({ matched: true, reasons: ['99 天无互动'] })
  })
})

describe('event rules', () => {
  const article = (seconds: number) => event('article_read', NOW - DAY, { title: '燕窝怎么吃才有效？', durationSeconds: seconds })

  it('should match an article read for more than 11 minutes and say which and how long', () => {
    const rule: Rule = { event: { type: 'article_read', minDurationSeconds: 661 } }
    expect(evaluate(rule, makeFacts({ events: [article(840)] }), NOW)).toEqual({ matched: true, reasons: ['阅读《燕窝怎么吃才有效？》14分钟'] })
    expect(evaluate(rule, makeFacts({ events: [article(660)] }), NOW)).toEqual({ matched: false, reasons: ['无阅读记录'] })
  })

  it('should match a click on a chosen link by its title', () => {
    const rule: Rule = { event: { type: 'link_click', titleEquals: '代理政策' } }
    expect(evaluate(rule, makeFacts({ events: [event('link_click', NOW - DAY, { title: '代理政策' })] }), NOW)).toEqual({ matched: true, reasons: ['点击「代理政策」'] })
    expect(evaluate(rule, makeFacts({ events: [event('link_click', NOW - DAY, { title: '双11预售攻略' })] }), NOW).matched).toBe(false)
  })

  it('should count questions about one subject when per is subject', () => {
    const q = (title: string, i: number) => event('group_question', NOW - i * HOUR, { title, content: `问题${i}` })
    const rule: Rule = { event: { type: 'group_question', per: 'subject', count: { op: '>', value: 2 } } }
    const spread = makeFacts({ events: [q('燕窝滋补交流1群', 1), q('燕窝滋补交流1群', 2), q('益生菌肠道健康群', 3), q('益生菌肠道健康群', 4)] })
    expect(evaluate(rule, spread, NOW).matched).toBe(false)
    const focused = makeFacts({ events: [q('燕窝滋补交流1群', 1), q('燕窝滋补交流1群', 2), q('燕窝滋补交流1群', 3)] })
    expect(evaluate(rule, focused, NOW)).toEqual({ matched: true, reasons: ['群内提问 3 次（燕窝滋补交流1群）'] })
  })

  it('should filter by product category and count within a window', () => {
    const view = (at: number, productCategory: string) => event('product_view', at, { productId: 1, productName: '即食燕窝', productCategory })
    const facts = makeFacts({ events: [view(NOW - 40 * DAY, '燕窝'), view(NOW - 3 * DAY, '燕窝'), view(NOW - 2 * DAY, '燕窝'), view(NOW - DAY, '代餐')] })
    const rule: Rule = { event: { type: 'product_view', productCategory: '燕窝', count: { op: '>=', value: 2 }, withinDays: 30 } }
    expect(evaluate(rule, facts, NOW)).toEqual({ matched: true, reasons: ['近30天浏览 2 次'] })
  })
})

describe('cart, tags, relationship, coupons, stage', () => {
  const cart = (at: number) => event('cart_add', at, { productId: 1, productName: '即食燕窝 70g×6瓶' })

  it('should match a cart unpaid for 12 hours and not one paid for since', () => {
    const rule: Rule = { cartUnpaidHours: 12 }
    expect(evaluate(rule, makeFacts({ events: [cart(NOW - 14 * HOUR)] }), NOW)).toEqual({ matched: true, reasons: ['加购「即食燕窝 70g×6瓶」14小时未付款'] })
    expect(evaluate(rule, makeFacts({ events: [cart(NOW - 11 * HOUR)] }), NOW).matched).toBe(false)
    expect(evaluate(rule, makeFacts({ events: [cart(NOW - 14 * HOUR)], orders: [order(NOW - 13 * HOUR, 39800)] }), NOW).matched).toBe(false)
    // A pending order is not paid.
    expect(evaluate(rule, makeFacts({ events: [cart(NOW - 14 * HOUR)], orders: [order(NOW - 13 * HOUR, 39800, { status: 'pending' })] }), NOW).matched).toBe(true)
  })

  it('should forget carts older than the window', () => {
    expect(evaluate({ cartUnpaidHours: 12 }, makeFacts({ events: [cart(NOW - 20 * DAY)] }), NOW).matched).toBe(false)
    expect(evaluate({ cartUnpaidHours: 12, withinDays: 30 }, makeFacts({ events: [cart(NOW - 20 * DAY)] }), NOW).matched).toBe(true)
  })

  it('should match a tag by group:name or by bare name', () => {
    const facts = makeFacts({ tags: [tag('商品偏好:燕窝', T0)] })
    expect(evaluate({ tag: '商品偏好:燕窝' }, facts, NOW)).toEqual({ matched: true, reasons: ['标签「商品偏好:燕窝」'] })
    expect(evaluate({ tag: '燕窝' }, facts, NOW).matched).toBe(true)
    expect(evaluate({ tag: '商品偏好:益生菌' }, facts, NOW)).toEqual({ matched: false, reasons: ['无标签「商品偏好:益生菌」'] })
  })

  it('should match a relationship status held by any relationship', () => {
    const facts = makeFacts({ relationships: [relation(1, T0, { status: 'deleted_by_customer' }), relation(2, T0, { status: 'active' })] })
    expect(evaluate({ relationStatus: 'deleted_by_customer' }, facts, NOW)).toEqual({ matched: true, reasons: ['好友状态：客户已删除好友、好友关系正常'] })
  })

  it('should see a coupon claim in coupon rows or in claim events', () => {
    const viaEvent = makeFacts({ events: [event('coupon_claim', T0 + HOUR, { title: '新客燕窝立减30元券' })] })
    expect(evaluate({ coupon: 'claimed', sinceTrigger: true }, viaEvent, NOW, { triggerAt: T0 })).toEqual({ matched: true, reasons: ['此后已领券「新客燕窝立减30元券」'] })
    const viaRow = makeFacts({ coupons: [{ key: 'c1', name: '满199减30', productId: null, claimedAt: T0 + HOUR, usedAt: null, expiresAt: NOW + DAY }] })
    expect(evaluate({ coupon: 'claimed' }, viaRow, NOW).matched).toBe(true)
    expect(evaluate({ coupon: 'used' }, viaRow, NOW)).toEqual({ matched: false, reasons: ['未用券'] })
  })

  it('should match the marketing-averse flag and the current stage', () => {
    expect(evaluate({ marketingAverse: true }, makeFacts({ customer: { marketingAverse: true } }), NOW).matched).toBe(true)
    expect(evaluate({ inStage: ['silent'] }, makeFacts(), NOW, { currentStage: 'silent', currentStageName: '沉默' })).toEqual({ matched: true, reasons: ['当前阶段：沉默'] })
    expect(evaluate({ inStage: ['silent'] }, makeFacts(), NOW, { currentStage: 'new' }).matched).toBe(false)
  })
})

describe('all / any / not', () => {
  const sixOrders = makeFacts({ orders: orders(6, 120000, NOW - DAY) })
  const six = { fact: 'orderCount', op: '>=', value: 6 } as const
  const over1000 = { fact: 'spendCents', op: '>', value: 100000 } as const
  const tagged = { tag: '商品偏好:燕窝' } as const

  it('should match all only when every rule matches, giving every matched fact', () => {
    expect(evaluate({ all: [six, over1000] }, sixOrders, NOW)).toEqual({ matched: true, reasons: ['6 单', '累计 ¥1,200.00'] })
  })

  it('should give the facts that fell short when all fails', () => {
    expect(evaluate({ all: [six, tagged] }, sixOrders, NOW)).toEqual({ matched: false, reasons: ['无标签「商品偏好:燕窝」'] })
  })

  it('should match any when one rule matches, giving only the matched facts', () => {
    expect(evaluate({ any: [tagged, six] }, sixOrders, NOW)).toEqual({ matched: true, reasons: ['6 单'] })
    expect(evaluate({ any: [tagged, { not: six }] }, sixOrders, NOW).matched).toBe(false)
  })

  it('should flip the verdict and keep the facts for not', () => {
    expect(evaluate({ not: tagged }, sixOrders, NOW)).toEqual({ matched: true, reasons: ['无标签「商品偏好:燕窝」'] })
  })

  it('should nest', () => {
    const rule: Rule = { any: [{ all: [six, { not: over1000 }] }, { all: [tagged, six] }] }
    expect(evaluate(rule, sixOrders, NOW).matched).toBe(false)
    expect(evaluate(rule, makeFacts({ orders: orders(6, 90000, NOW - DAY) }), NOW)).toEqual({ matched: true, reasons: ['6 单', '累计 ¥900.00'] })
  })
})
