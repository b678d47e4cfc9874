import { describe, expect, it } from 'vitest'
import { dueOutsideQuietHours } from './guardrails.ts'
import { loadJourneyConfig, parseSopLibrary } from './load-config.ts'
import { explainPlan, type PlanInput } from './sop.ts'
import { at, DAY, event, HOUR, makeFacts, MINUTE, type recorded, tag, T0 } from './test-facts.ts'

const { journey } = loadJourneyConfig()
const guardrails = { marketingPer7Days: 2, quietHours: { from: '21:00', to: '09:00' }, liveConversationMinutes: 60 }

/** Two SOPs fired by a tag: one marketing step and one care step, due at the tag's time. */
const library = parseSopLibrary({
  version: 1,
  journey: 'default',
  guardrails,
  sops: [
    {
      key: 'promo',
      name: '促销',
      trigger: { type: 'tag_added', tag: '活动:促销' },
      steps: [{ key: 'push', name: '推券', delay: '0m', touchpoint: 'single_chat', goal: '复购', content: { text: '{{称呼}}，送您一张券' } }],
    },
    {
      key: 'care',
      name: '关怀',
      trigger: { type: 'tag_added', tag: '活动:关怀' },
      steps: [{ key: 'hello', name: '问候', delay: '0m', touchpoint: 'single_chat', goal: '关怀', content: { text: '{{称呼}}，最近好吗' } }],
    },
  ],
}, journey)

const plan = (facts: ReturnType<typeof makeFacts>, now: number) =>
  explainPlan({ ...library, facts, now, currentStage: 'new', stageEnteredAt: T0 } satisfies PlanInput)

describe('quiet hours', () => {
  it('should move a due time between 21:00 and 09:00 China time to 09:00', () => {
    expect(dueOutsideQuietHours(at('2026-11-20T22:30:00'), guardrails)).toBe(at('2026-11-21T09:00:00'))
    expect(dueOutsideQuietHours(at('2026-11-20T21:00:00'), guardrails)).toBe(at('2026-11-21T09:00:00'))
    expect(dueOutsideQuietHours(at('2026-11-21T03:00:00'), guardrails)).toBe(at('2026-11-21T09:00:00'))
  })

  it('should leave daytime alone', () => {
    expect(dueOutsideQuietHours(at('2026-11-20T09:00:00'), guardrails)).toBe(at('2026-11-20T09:00:00'))
    expect(dueOutsideQuietHours(at('2026-11-20T20:59:00'), guardrails)).toBe(at('2026-11-20T20:59:00'))
  })

  it('should plan a step triggered at night due at 09:00 the next morning', () => {
    const night = at('2026-11-20T23:15:00')
    const { tasks } = plan(makeFacts({ tags: [tag('活动:关怀', night)] }), night + MINUTE)
    expect(tasks.map(t => t.dueAt)).toEqual([at('2026-11-21T09:00:00')])
  })
})

describe('live conversation', () => {
  const wrote = T0 + 2 * HOUR
  const facts = makeFacts({ tags: [tag('活动:促销', T0), tag('活动:关怀', T0)], events: [event('message_in', wrote, { content: '燕窝一天吃几瓶？' })] })

  it('should defer scripted marketing while the customer wrote within the hour, and say until when', () => {
    const { tasks, held } = plan(facts, wrote + 30 * MINUTE)
    expect(tasks.map(t => t.sopKey)).toEqual(['care'])
    expect(held).toEqual([expect.objectContaining({ sopKey: 'promo', code: 'live_conversation', retryAt: wrote + HOUR })])
  })

  it('should plan it once the conversation has been quiet for an hour', () => {
    expect(plan(facts, wrote + HOUR).tasks.map(t => t.sopKey)).toEqual(['promo', 'care'])
  })
})

describe('contact budget', () => {
  const now = T0 + 10 * DAY
  const facts = (tasks: ReturnType<typeof recorded>) => makeFacts({ tags: [tag('活动:促销', now), tag('活动:关怀', now)], tasks })
  const touch = (dueAt: number, fields: { doneAt?: number | null, marketing?: boolean, expiresAt?: number } = {}) => ({
    taskKey: `old:${dueAt}`, sopKey: 'old', stepKey: 'x', goal: '复购' as const, marketing: fields.marketing ?? true,
    createdAt: dueAt, dueAt, expiresAt: fields.expiresAt ?? dueAt + 2 * DAY, doneAt: fields.doneAt === undefined ? dueAt : fields.doneAt, open: fields.doneAt === null,
  })

  it('should hold marketing beyond N touches in 7 days, exempting care', () => {
    const { tasks, held } = plan(facts([touch(now - 6 * DAY), touch(now - DAY)]), now)
    expect(tasks.map(t => t.sopKey)).toEqual(['care'])
    expect(held).toEqual([expect.objectContaining({ sopKey: 'promo', code: 'budget', detail: '近7天已营销触达 2 次', retryAt: now + DAY })])
  })

  it('should not count touches older than 7 days, care touches, or tasks that expired undone', () => {
    const old = [touch(now - 8 * DAY), touch(now - DAY, { marketing: false }), touch(now - 3 * DAY, { doneAt: null, expiresAt: now - DAY }), touch(now - DAY)]
    expect(plan(facts(old), now).tasks.map(t => t.sopKey)).toEqual(['promo', 'care'])
  })

  it('should count open marketing tasks, not only done ones', () => {
    const open = [touch(now - DAY, { doneAt: null, expiresAt: now + DAY }), touch(now - 2 * DAY)]
    expect(plan(facts(open), now).held.map(h => h.code)).toEqual(['budget'])
  })

  it('should count tasks planned in the same run', () => {
    const lib = parseSopLibrary({
      version: 1,
      journey: 'default',
      guardrails: { ...guardrails, marketingPer7Days: 1 },
      sops: ['a', 'b'].map(key => ({ key, name: key, trigger: { type: 'tag_added', tag: '活动:促销' }, steps: [{ key: 'push', name: '推', delay: '0m', touchpoint: 'single_chat', goal: '复购', content: { text: '券' } }] })),
    }, journey)
    const { tasks, held } = explainPlan({ ...lib, facts: facts([]), now, currentStage: 'new', stageEnteredAt: T0 })
    expect(tasks.map(t => t.sopKey)).toEqual(['a'])
    expect(held.map(h => [h.sopKey, h.code])).toEqual([['b', 'budget']])
  })
})

describe('marketing-averse customers', () => {
  it('should get care but no marketing', () => {
    const facts = makeFacts({ customer: { marketingAverse: true }, tags: [tag('活动:促销', T0), tag('活动:关怀', T0)] })
    const { tasks, held } = plan(facts, T0 + MINUTE)
    expect(tasks.map(t => t.sopKey)).toEqual(['care'])
    expect(held).toEqual([expect.objectContaining({ sopKey: 'promo', code: 'marketing_averse' })])
  })
})
