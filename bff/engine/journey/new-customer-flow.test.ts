/**
 * Seed 003's new-customer flow, played through time with a controlled clock: the planner runs
 * every hour, as the scheduler will, and staff do each task as soon as it is due.
 */
import { describe, expect, it } from 'vitest'
import { chinaDayKey, chinaMinuteOfDay } from '../rules/china-time.ts'
import type { CustomerFacts, FactTask } from './facts.ts'
import { loadJourneyConfig } from './load-config.ts'
import { planTasks, type TaskPlan } from './sop.ts'
import { assignStage, nextStageState, type StageState } from './stages.ts'
import { at, DAY, event, HOUR, makeFacts, order, recorded, relation, T0, tag, YANWO } from './test-facts.ts'

const { journey, library } = loadJourneyConfig()

/** A customer who added 张丽 at T0 (Fri 2026-11-20 10:00) through the 燕窝 live-stream channel. */
function yanwoNewcomer(): CustomerFacts {
  return makeFacts({ relationships: [relation(1, T0, { state: 'live_yanwo_1111' })], seededProduct: YANWO })
}

/** Runs the planner every hour from `from` to `to`; staff do each task when it is due. */
function play(facts: CustomerFacts, from: number, to: number, happenings: Array<[number, (f: CustomerFacts) => void]> = []) {
  let stage: StageState | null = null
  const tasks: FactTask[] = []
  const planned: Array<TaskPlan & { stage: string }> = []
  const pending = [...happenings].sort((a, b) => a[0] - b[0])
  for (let now = from; now <= to; now += HOUR) {
    while (pending.length && pending[0]![0] <= now) pending.shift()![1](facts)
    const current = { ...facts, tasks }
    stage = nextStageState(stage, assignStage(journey, current, now), now)
    const plans = planTasks({ ...library, facts: current, now, currentStage: stage.stageKey, stageEnteredAt: stage.enteredAt })
    tasks.push(...plans.flatMap(p => recorded([p], now, p.dueAt)))
    planned.push(...plans.map(p => ({ ...p, stage: stage!.stageKey })))
  }
  return planned
}

const steps = (plans: TaskPlan[]) => plans.map(p => `${p.sopKey}:${p.stepKey}`)
const followUps = (plans: TaskPlan[]) => plans.filter(p => p.stepKey.startsWith('follow_up.')).map(p => p.stepKey)

describe('seed 003: a new customer seeded on 燕窝', () => {
  it('should welcome them at once with the 燕窝 new-customer coupon and the product link, from the staff member they added', () => {
    const plans = play(yanwoNewcomer(), T0, T0 + 23 * HOUR)
    expect(steps(plans)).toEqual(['new_customer:welcome'])
    const [welcome] = plans
    expect(welcome).toMatchObject({ staffId: 1, dueAt: T0, kind: 'service', marketing: false, goal: '培育', touchpoint: 'single_chat', stage: 'new' })
    expect(welcome!.rendered.text).toBe('赵女士您好，我是您的专属管家张丽～送您一张「新客燕窝立减30元券」，即食燕窝 70g×6瓶下单直接抵扣，点下面的链接就能领券下单，有任何问题随时找我哦')
    expect(welcome!.rendered.link).toEqual({ title: YANWO.name, url: YANWO.url })
  })

  it('should welcome a customer who added at night at 09:00 the next morning', () => {
    const night = at('2026-11-20T23:40:00')
    const plans = play(makeFacts({ relationships: [relation(1, night)], seededProduct: YANWO }), night, night + 12 * HOUR)
    expect(plans.map(p => [p.stepKey, p.dueAt])).toEqual([['welcome', at('2026-11-21T09:00:00')]])
  })

  describe('after 24 hours, exactly one of three branches', () => {
    const claim = (t: number): [number, (f: CustomerFacts) => void] => [t, f => f.events.push(event('coupon_claim', t, { title: '新客燕窝立减30元券' }))]
    const buy = (t: number): [number, (f: CustomerFacts) => void] => [t, f => f.orders.push(order(t, 36800, { couponName: '新客燕窝立减30元券' }))]

    it('should remind a customer who has not claimed the coupon', () => {
      // They claim it later that day: the reminder was the branch chosen, no second one follows.
      const plans = play(yanwoNewcomer(), T0, T0 + 3 * DAY, [claim(T0 + 26 * HOUR)])
      expect(followUps(plans)).toEqual(['follow_up.not_claimed'])
      const reminder = plans.find(p => p.stepKey === 'follow_up.not_claimed')!
      expect(reminder).toMatchObject({ dueAt: T0 + 24 * HOUR, marketing: true, reason: '添加好友，此后未领券' })
      expect(reminder.rendered.text).toContain('「新客燕窝立减30元券」还没领')
    })

    it('should nudge a customer who claimed but has not ordered that the coupon expires', () => {
      const plans = play(yanwoNewcomer(), T0, T0 + 3 * DAY, [claim(T0 + 2 * HOUR), buy(T0 + 30 * HOUR)])
      expect(followUps(plans)).toEqual(['follow_up.claimed_not_ordered'])
      const nudge = plans.find(p => p.stepKey === 'follow_up.claimed_not_ordered')!
      expect(nudge.reason).toBe('添加好友，此后已领券「新客燕窝立减30元券」，此后 0 单')
      expect(nudge.rendered.text).toContain('过期就失效啦')
    })

    it('should send service, not a nudge, to a customer who ordered', () => {
      const plans = play(yanwoNewcomer(), T0, T0 + 3 * DAY, [claim(T0 + 2 * HOUR), buy(T0 + 3 * HOUR)])
      expect(followUps(plans)).toEqual(['follow_up.ordered'])
      expect(plans.find(p => p.stepKey === 'follow_up.ordered')).toMatchObject({ kind: 'service', goal: '关怀', marketing: false, stage: 'first_purchase' })
    })
  })

  it('should follow up on day 7, 15 and 30 with what matches their tags', () => {
    const facts = yanwoNewcomer()
    const buyAndTag = (f: CustomerFacts) => {
      f.orders.push(order(T0 + 3 * HOUR, 36800, { couponName: '新客燕窝立减30元券' }))
      f.tags.push(tag('商品偏好:燕窝', T0 + 3 * HOUR), tag('优惠偏好:满减敏感', T0 + 3 * HOUR))
    }
    // A customer who keeps chatting every few days is never "long inactive".
    const chats = Array.from({ length: 8 }, (_, i): [number, (f: CustomerFacts) => void] => [T0 + (4 * i + 2) * DAY + 5 * HOUR, f => f.events.push(event('message_in', T0 + (4 * i + 2) * DAY + 5 * HOUR, { content: '好的' }))])
    const plans = play(facts, T0, T0 + 31 * DAY, [[T0 + 3 * HOUR, buyAndTag], ...chats])
    const timeline = plans.map(p => `${chinaDayKey(p.dueAt)} ${p.sopKey}:${p.stepKey}`)
    expect(timeline).toEqual([
      '2026-11-20 new_customer:welcome',
      '2026-11-21 new_customer:follow_up.ordered',
      '2026-11-27 new_customer:day7.yanwo',
      '2026-12-05 new_customer:day15.reduction',
      '2026-12-20 new_customer:day30.referral',
    ])
    expect(plans.find(p => p.stepKey === 'day15.reduction')!.rendered.text).toBe('赵女士，这周有满减活动，燕窝囤货正合适，给您留了一张「满299减50」～')
    expect(plans.filter(p => p.stepKey.startsWith('day')).map(p => chinaMinuteOfDay(p.dueAt))).toEqual([600, 600, 600])
  })

  describe('recall when long inactive, scaled to past spend', () => {
    const quiet = (paidCents: number | null) => {
      const facts = yanwoNewcomer()
      if (paidCents !== null)
        facts.orders.push(order(T0 + 2 * HOUR, paidCents))
      return play(facts, T0, T0 + 20 * DAY).filter(p => p.stepKey.startsWith('recall.'))
    }

    it('should recall 14 days after the last activity, once, at 10:00', () => {
      const [recall, ...more] = quiet(null)
      expect(more).toEqual([])
      // Last activity: the add at 10:00 on 11-20 (nothing since), so 14 days later at 10:00.
      expect(recall).toMatchObject({ stepKey: 'recall.no_purchase', dueAt: at('2026-12-04T10:00:00'), goal: '激活' })
      expect(recall!.rendered.text).toContain('「新客燕窝立减30元券」还能用')
    })

    it('should offer more to those who spent more', () => {
      expect(quiet(9900).map(p => [p.stepKey, p.rendered.text.match(/「(.+?)」/)?.[1]])).toEqual([['recall.buyer', '老客回归满200减60']])
      expect(quiet(69900).map(p => [p.stepKey, p.rendered.text.match(/「(.+?)」/)?.[1]])).toEqual([['recall.big_spender', '满599减120']])
    })

    it('should wait while the customer is still active', () => {
      const facts = yanwoNewcomer()
      const read = T0 + 10 * DAY + 4 * HOUR
      const plans = play(facts, T0, T0 + 30 * DAY, [[read, f => f.events.push(event('article_read', read, { title: '燕窝怎么吃才有效？', durationSeconds: 120 }))]])
      expect(plans.filter(p => p.stepKey.startsWith('recall.')).map(p => chinaDayKey(p.dueAt))).toEqual(['2026-12-15'])
    })
  })

  it('should hand a customer who went silent to 沉默激活 with a coupon scaled to what they spent', () => {
    const facts = yanwoNewcomer()
    facts.orders.push(...[0, 1, 2, 3, 4, 5].map(i => order(T0 + i * DAY + 3 * HOUR, 25000)))
    const plans = play(facts, T0 + 64 * DAY, T0 + 66 * DAY)
    const silent = plans.filter(p => p.sopKey === 'silent_reactivation')
    expect(silent.map(p => [p.stage, p.stepKey, chinaDayKey(p.dueAt)])).toEqual([['silent', 'recall.vip', '2027-01-24']])
    expect(silent[0]!.rendered.text).toContain('「满599减120」')
    expect(silent[0]!.reason).toBe('进入「沉默」阶段，累计 ¥1,500.00')
  })
})
