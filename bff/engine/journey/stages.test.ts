import { describe, expect, it } from 'vitest'
import { loadJourneyConfig } from './load-config.ts'
import { assignStage, nextStageState } from './stages.ts'
import { DAY, event, HOUR, makeFacts, order, orders, relation, T0 } from './test-facts.ts'

const { journey } = loadJourneyConfig()
const NOW = T0 + 20 * DAY
const stageOf = (facts: ReturnType<typeof makeFacts>, now = NOW) => assignStage(journey, facts, now)

describe('the default journey', () => {
  it('should place a customer with nothing going on in 新客, saying how long ago they were added', () => {
    expect(stageOf(makeFacts(), T0 + 2 * DAY)).toEqual({ stageKey: 'new', stageName: '新客', reason: '添加好友 2 天', matched: ['添加好友 2 天'] })
  })

  it('should place a click on 代理政策 in 意向', () => {
    const s = stageOf(makeFacts({ events: [event('link_click', NOW - DAY, { title: '代理政策' })] }))
    expect(s).toMatchObject({ stageKey: 'interested', stageName: '意向', reason: '点击「代理政策」' })
  })

  it('should place reading an article for over 11 minutes in 意向, and exactly 11 minutes not', () => {
    const read = (seconds: number) => makeFacts({ events: [event('article_read', NOW - DAY, { title: '孕期吃燕窝，这5个问题要知道', durationSeconds: seconds })] })
    expect(stageOf(read(700))).toMatchObject({ stageKey: 'interested', reason: '阅读《孕期吃燕窝，这5个问题要知道》11分钟' })
    expect(stageOf(read(660)).stageKey).toBe('new')
  })

  it('should place asking about one product more than twice in a group in 意向', () => {
    const ask = (n: number) => makeFacts({ events: Array.from({ length: n }, (_, i) => event('group_question', NOW - (i + 1) * HOUR, { title: '燕窝滋补交流1群', content: '燕窝空腹吃还是饭后吃？' })) })
    expect(stageOf(ask(3))).toMatchObject({ stageKey: 'interested', reason: '群内提问 3 次（燕窝滋补交流1群）' })
    expect(stageOf(ask(2)).stageKey).toBe('new')
  })

  it('should place a cart unpaid for 12 hours in 意向', () => {
    const cart = (hoursAgo: number) => makeFacts({ events: [event('cart_add', NOW - hoursAgo * HOUR, { productId: 1, productName: '即食燕窝 70g×6瓶' })] })
    expect(stageOf(cart(13))).toMatchObject({ stageKey: 'interested', reason: '加购「即食燕窝 70g×6瓶」13小时未付款' })
    expect(stageOf(cart(11)).stageKey).toBe('new')
  })

  it('should place a customer who sent 3 messages in 已激活 (seed 002), above 意向', () => {
    const msgs = [1, 2, 3].map(i => event('message_in', NOW - i * HOUR, { content: '你好' }))
    expect(stageOf(makeFacts({ events: msgs }))).toMatchObject({ stageKey: 'activated', reason: '发来 3 条消息' })
    expect(stageOf(makeFacts({ events: [...msgs, event('link_click', NOW, { title: '代理政策' })] })).stageKey).toBe('activated')
    expect(stageOf(makeFacts({ events: msgs.slice(1) })).stageKey).toBe('new')
  })

  it('should place one paid order in 首购 and two in 复购; a refunded order does not count', () => {
    expect(stageOf(makeFacts({ orders: [order(NOW - DAY, 39800)] }))).toMatchObject({ stageKey: 'first_purchase', reason: '1 单' })
    expect(stageOf(makeFacts({ orders: [order(NOW - DAY, 39800), order(NOW - 2 * DAY, 9900)] }))).toMatchObject({ stageKey: 'repeat', reason: '2 单' })
    expect(stageOf(makeFacts({ orders: [order(NOW - DAY, 39800), order(NOW - 2 * DAY, 9900, { status: 'refunded' })] })).stageKey).toBe('first_purchase')
  })

  it('should place 6 orders and over ¥1000 in 高价值, giving the facts', () => {
    const s = stageOf(makeFacts({ orders: orders(7, 138000, NOW - DAY) }))
    expect(s).toEqual({ stageKey: 'high_value', stageName: '高价值', reason: '7 单，累计 ¥1,380.00', matched: ['7 单', '累计 ¥1,380.00'] })
  })

  it('should not place exactly ¥1000 or only 5 orders in 高价值', () => {
    expect(stageOf(makeFacts({ orders: orders(6, 100000, NOW - DAY) })).stageKey).toBe('repeat')
    expect(stageOf(makeFacts({ orders: orders(6, 100001, NOW - DAY) })).stageKey).toBe('high_value')
    expect(stageOf(makeFacts({ orders: orders(5, 300000, NOW - DAY) })).stageKey).toBe('repeat')
  })

  it('should place 60 days without any activity in 沉默, even a high-value customer', () => {
    const last = NOW - 60 * DAY
    const facts = makeFacts({ relationships: [relation(1, last - 100 * DAY)], orders: orders(6, 200000, last), events: [event('message_out', NOW - DAY)] })
    expect(stageOf(facts)).toMatchObject({ stageKey: 'silent', stageName: '沉默', reason: '60 天无互动' })
    expect(stageOf(facts, NOW - DAY).stageKey).toBe('high_value')
  })

  it('should place a customer who deleted the friend in 流失, but not while another staff member still has them', () => {
    const deleted = relation(1, T0, { status: 'deleted_by_customer' })
    expect(stageOf(makeFacts({ relationships: [deleted], orders: orders(6, 200000, NOW - DAY) }))).toMatchObject({ stageKey: 'churned', reason: '好友状态：客户已删除好友' })
    expect(stageOf(makeFacts({ relationships: [deleted, relation(2, T0)] })).stageKey).toBe('new')
  })
})

describe('nextStageState', () => {
  const assigned = (stageKey: string) => ({ stageKey, stageName: '', reason: '', matched: [] })

  it('should keep the entry time while the stage stays the same', () => {
    expect(nextStageState({ stageKey: 'new', enteredAt: T0 }, assigned('new'), T0 + DAY)).toEqual({ stageKey: 'new', enteredAt: T0, changed: false })
  })

  it('should start the clock at now when the stage changes or nothing was stored', () => {
    expect(nextStageState({ stageKey: 'new', enteredAt: T0 }, assigned('first_purchase'), T0 + DAY)).toEqual({ stageKey: 'first_purchase', enteredAt: T0 + DAY, changed: true })
    expect(nextStageState(null, assigned('new'), T0)).toEqual({ stageKey: 'new', enteredAt: T0, changed: true })
  })
})
