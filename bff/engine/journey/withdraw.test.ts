import { describe, expect, it } from 'vitest'
import { loadJourneyConfig } from './load-config.ts'
import { planTasks, type PlanInput } from './sop.ts'
import { DAY, event, HOUR, makeFacts, order, recorded, T0, tag, YANWO } from './test-facts.ts'
import { tasksToWithdraw } from './withdraw.ts'

const { library } = loadJourneyConfig()
const base = { ...library, currentStage: 'interested', stageEnteredAt: T0 }

/** Plans at `plannedAt` and records the plan as open tasks in the facts. */
function withOpenTasks(facts: ReturnType<typeof makeFacts>, plannedAt: number, stage: Partial<PlanInput> = {}) {
  const plans = planTasks({ ...base, ...stage, facts, now: plannedAt })
  return { plans, facts: { ...facts, tasks: recorded(plans, plannedAt) } }
}

describe('tasksToWithdraw: SOP exits for tasks already planned', () => {
  const cart = event('cart_add', T0 + HOUR, { productId: YANWO.productId, productName: YANWO.name })

  it('should withdraw the cart reminder once the customer orders, saying the goal was reached', () => {
    const { plans, facts } = withOpenTasks(makeFacts({ events: [cart] }), T0 + 14 * HOUR)
    const reminder = plans.find(p => p.sopKey === 'cart_unpaid_12h')!
    expect(reminder).toBeDefined()
    expect(tasksToWithdraw({ ...base, facts, now: T0 + 15 * HOUR })).toEqual([])

    const ordered = { ...facts, orders: [order(T0 + 15 * HOUR, 39800)] }
    expect(tasksToWithdraw({ ...base, facts: ordered, now: T0 + 16 * HOUR })).toContainEqual({
      taskKey: reminder.key, code: 'goal_reached', detail: expect.stringMatching(/^已达成目标：/),
    })
  })

  it('should not count an order placed before the trigger as reaching the goal', () => {
    const before = makeFacts({ events: [cart], orders: [order(T0 - 30 * DAY, 39800)] })
    const { facts } = withOpenTasks(before, T0 + 14 * HOUR)
    expect(tasksToWithdraw({ ...base, facts, now: T0 + 16 * HOUR }).filter(w => w.code === 'goal_reached')).toEqual([])
  })

  it('should withdraw the stage SOP\'s tasks when the customer leaves the stage', () => {
    const silent = makeFacts({ orders: [order(T0 - 100 * DAY, 39800)] })
    const { plans, facts } = withOpenTasks(silent, T0 + 2 * HOUR, { currentStage: 'silent', stageEnteredAt: T0 })
    const recall = plans.filter(p => p.sopKey === 'silent_reactivation')
    expect(recall.length).toBeGreaterThan(0)
    // Still silent: nothing to withdraw.
    expect(tasksToWithdraw({ ...base, currentStage: 'silent', stageEnteredAt: T0, facts, now: T0 + 3 * HOUR })).toEqual([])
    // Ordered, so now a repeat customer: the recall has no reason left.
    const back = tasksToWithdraw({ ...base, currentStage: 'repeat', stageEnteredAt: T0 + 3 * HOUR, facts, now: T0 + 3 * HOUR })
    expect(back).toEqual(recall.map(p => ({ taskKey: p.key, code: 'trigger_gone', detail: '客户已离开「沉默」阶段' })))
  })

  it('should leave closed tasks alone', () => {
    const { plans } = withOpenTasks(makeFacts({ events: [cart] }), T0 + 14 * HOUR)
    const done = { ...makeFacts({ events: [cart], orders: [order(T0 + 15 * HOUR, 39800)] }), tasks: recorded(plans, T0 + 14 * HOUR, T0 + 14 * HOUR) }
    expect(tasksToWithdraw({ ...base, facts: done, now: T0 + 16 * HOUR })).toEqual([])
  })

  it('should leave open tasks the planner did not make (imported history) alone', () => {
    const { plans } = withOpenTasks(makeFacts({ events: [cart] }), T0 + 14 * HOUR)
    const imported = recorded(plans, T0 + 14 * HOUR).map(t => ({ ...t, taskKey: `history:${t.taskKey}` }))
    const facts = { ...makeFacts({ events: [cart], orders: [order(T0 + 15 * HOUR, 39800)] }), tasks: imported }
    expect(tasksToWithdraw({ ...base, facts, now: T0 + 16 * HOUR })).toEqual([])
  })

  it('should withdraw a tag-triggered task when the tag comes off', () => {
    const tagged = makeFacts({ tags: [tag('行为标签:代理意向', T0)] })
    const { plans, facts } = withOpenTasks(tagged, T0 + 2 * HOUR)
    const agent = plans.filter(p => p.sopKey === 'agent_interest')
    expect(agent.length).toBeGreaterThan(0)
    const untagged = tasksToWithdraw({ ...base, facts: { ...facts, tags: [] }, now: T0 + 3 * HOUR })
    expect(untagged).toEqual(agent.map(p => ({ taskKey: p.key, code: 'trigger_gone', detail: '标签已移除' })))
  })
})
