import { describe, expect, it } from 'vitest'
import { type CustomerFacts, FactsIndex, indexFacts } from './facts.ts'
import { loadJourneyConfig } from './load-config.ts'
import { eventTypesRead } from './reads.ts'
import { evaluate, explainRule, type Rule, ruleHolds } from './rules.ts'
import { explainPlan } from './sop.ts'
import { assignStage } from './stages.ts'
import { DAY, event, HOUR, makeFacts, order, relation, T0, tag, YANWO } from './test-facts.ts'

const NOW = T0 + 40 * DAY

/** A customer with a bit of everything, in no particular order. */
function busyFacts(): CustomerFacts {
  return makeFacts({
    relationships: [relation(1, T0 + 2 * DAY), relation(2, T0, { status: 'deleted_by_customer' })],
    seededProduct: YANWO,
    orders: [order(T0 + 9 * DAY, 36800), order(T0 + 3 * DAY, 19900, { status: 'refunded' }), order(T0 + 5 * DAY, 9900, { couponName: '新客立减券' }), order(NOW + DAY, 5000)],
    events: [
      event('message_in', T0 + 20 * DAY, { content: '在吗' }),
      event('product_view', T0 + 30 * DAY, { productId: 1, productName: YANWO.name }),
      event('message_out', NOW - HOUR),
      event('cart_add', T0 + 25 * DAY, { productId: 1, productName: YANWO.name }),
      event('message_in', T0 + 4 * DAY, { content: '多少钱' }),
      event('group_question', T0 + 6 * DAY, { productName: YANWO.name, content: '怎么吃' }),
      event('group_question', T0 + 7 * DAY, { productName: YANWO.name, content: '保质期' }),
      event('group_question', T0 + 8 * DAY, { productName: YANWO.name, content: '孕妇能吃吗' }),
      event('coupon_claim', T0 + 2 * DAY, { title: '新客立减券' }),
      event('article_read', T0 + 12 * DAY, { title: '燕窝怎么吃', durationSeconds: 700 }),
      event('link_click', T0 + 13 * DAY, { title: '代理政策' }),
    ],
    tags: [tag('商品偏好:燕窝', T0 + DAY), tag('行为标签:代理意向', T0 + 13 * DAY)],
  })
}

describe('FactsIndex', () => {
  it('should answer as a plain reading of the facts does', () => {
    const facts = busyFacts()
    const ix = new FactsIndex(facts)
    const counted = facts.orders.filter(o => o.status !== 'refunded')
    expect(ix.counted()).toEqual(counted)
    expect(ix.orderCount()).toBe(3)
    expect(ix.orderCount(T0 + 6 * DAY)).toBe(2)
    expect(ix.spendCents(T0 + 6 * DAY)).toBe(36800 + 5000)
    expect(ix.lastOrderAt()).toBe(NOW + DAY)
    expect(ix.addedAt()).toBe(T0)
    expect(ix.messagesIn()).toBe(2)
    expect(ix.messagesIn(T0 + 10 * DAY)).toBe(1)
    expect(ix.lastMessageInAt()).toBe(T0 + 20 * DAY)
    // Staff messages are not the customer's activity; a future order is.
    expect(ix.lastActiveAt()).toBe(NOW + DAY)
    // Events of a type keep the facts' order.
    expect(ix.eventsOf('message_in').map(e => e.at)).toEqual([T0 + 20 * DAY, T0 + 4 * DAY])
    expect(ix.eventsOf('miniprogram_visit')).toEqual([])
  })

  it('should answer null where there is nothing to go by', () => {
    const ix = indexFacts(makeFacts({ relationships: [] }))
    expect([ix.addedAt(), ix.lastOrderAt(), ix.lastMessageInAt(), ix.lastActiveAt()]).toEqual([null, null, null, null])
  })

  it('should see changes made to the facts between calls (a new index per call)', () => {
    const { journey } = loadJourneyConfig()
    const later = T0 + 70 * DAY
    const facts = makeFacts()
    expect(assignStage(journey, facts, later).stageKey).toBe('silent')
    facts.events.push(event('message_in', later - HOUR))
    expect(assignStage(journey, facts, later).stageKey).toBe('new')
  })
})

describe('facts with only some event types loaded', () => {
  const config = loadJourneyConfig()
  const types = eventTypesRead(config.journey, config.library)

  /** What a reader loading only `types` builds from the same customer. */
  function partial(facts: CustomerFacts): CustomerFacts {
    const active = facts.events.filter(e => e.type !== 'message_out').map(e => e.at)
    return { ...facts, events: facts.events.filter(e => types.has(e.type)), partialEvents: { types, lastActiveAt: active.length ? Math.max(...active) : null } }
  }

  it('should count the left-out activity when measuring inactivity', () => {
    const facts = makeFacts({ events: [event('product_view', NOW - 3 * DAY), event('message_out', NOW - HOUR)] })
    const ix = indexFacts(partial(facts))
    expect(ix.lastActiveAt()).toBe(NOW - 3 * DAY)
    expect(ix.lastActiveAt()).toBe(indexFacts(facts).lastActiveAt())
  })

  it('should refuse to read a type that was not loaded, rather than read it as never', () => {
    const ix = indexFacts(partial(busyFacts()))
    expect(() => ix.eventsOf('product_view')).toThrow(/product_view events were not loaded/)
    expect(ix.eventsOf('cart_add')).toHaveLength(1)
  })

  it('should place and plan a customer the same as with every event', () => {
    for (const now of [T0 + 2 * HOUR, T0 + 8 * DAY, NOW, T0 + 90 * DAY]) {
      const facts = busyFacts()
      const stage = assignStage(config.journey, facts, now)
      expect(assignStage(config.journey, partial(facts), now)).toEqual(stage)
      const input = { ...config.library, now, currentStage: stage.stageKey, stageEnteredAt: now - 3 * DAY, stageHistory: [{ stageKey: 'new', enteredAt: T0 }] }
      expect(explainPlan({ ...input, facts: partial(facts) })).toEqual(explainPlan({ ...input, facts }))
    }
  })
})

describe('ruleHolds', () => {
  const config = loadJourneyConfig()
  /** Every rule of the default journey and SOP library. */
  const rules: Rule[] = [
    ...config.journey.stages.flatMap(s => (s.entry ? [s.entry] : [])),
    ...config.library.sops.flatMap(sop => [sop.audience?.rule, sop.exit?.goal, ...sop.steps.flatMap(st => [st.when, ...('branches' in st ? st.branches.map(b => b.when) : [])])]),
  ].filter((r): r is Rule => r !== undefined)

  it('should give the verdict evaluate gives, for every rule of the default config', () => {
    expect(rules.length).toBeGreaterThan(20)
    const customers = [busyFacts(), makeFacts(), makeFacts({ relationships: [relation(1, T0, { status: 'deleted_by_customer' })] })]
    for (const facts of customers) {
      for (const now of [T0 + HOUR, T0 + 8 * DAY, NOW, T0 + 100 * DAY]) {
        const ctx = { triggerAt: T0 + 3 * DAY, currentStage: 'high_value', currentStageName: '高价值' }
        for (const rule of rules) {
          expect(ruleHolds(rule, indexFacts(facts), now, ctx)).toBe(evaluate(rule, facts, now, ctx).matched)
          expect(explainRule(rule, indexFacts(facts), now, ctx)).toEqual(evaluate(rule, facts, now, ctx))
        }
      }
    }
  })

  it('should fail as evaluate does on a sinceTrigger rule without a trigger, wherever it sits', () => {
    const rule: Rule = { any: [{ fact: 'orderCount', op: '>=', value: 0 }, { fact: 'orderCount', op: '>=', value: 1, sinceTrigger: true }] }
    expect(() => evaluate(rule, makeFacts(), NOW)).toThrow(/trigger/)
    expect(() => ruleHolds(rule, indexFacts(makeFacts()), NOW)).toThrow(/trigger/)
  })
})
