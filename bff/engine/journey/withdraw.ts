/**
 * SOP exits for tasks already planned: an open task is withdrawn when its SOP's goal has been
 * reached (the customer ordered) or its trigger no longer holds (the customer left the stage, the
 * coupon was used, a new order reset "60 days since the last order", the tag came off). Staff then
 * never send a nurture script to someone who has just bought. The planner (sop.ts) calls exitsOf
 * in its pass over the SOPs, with the occurrences it computes anyway.
 */
import type { CustomerFacts, FactsIndex, FactTask } from './facts.ts'
import type { RuleResult } from './rules.ts'
import type { Sop } from './sop-schema.ts'
import { explainPlan, goalOf, occurrenceContext, type PlanInput } from './sop.ts'
import type { Occurrence } from './triggers.ts'

type WithdrawCode = 'goal_reached' | 'trigger_gone'

export interface Withdrawal {
  taskKey: string
  code: WithdrawCode
  /** In words, for the task's history: "已达成目标：下单 1 次", "客户已离开「新客」阶段". */
  detail: string
}

/** The open tasks of this customer that their SOP's exit conditions now close. */
export function tasksToWithdraw(input: PlanInput): Withdrawal[] {
  return explainPlan(input).withdrawals
}

/**
 * Open tasks by SOP. Only tasks the planner made (their key starts with the SOP's): ones made
 * elsewhere, such as imported history, carry no occurrence to check. A SOP taken out of the
 * library never comes up, so its tasks run out on their own: staff may still want them.
 */
export function openTasksBySop(facts: CustomerFacts): Map<string, FactTask[]> {
  const out = new Map<string, FactTask[]>()
  for (const t of facts.tasks) {
    if (t.open && t.taskKey.startsWith(`${t.sopKey}:`))
      out.set(t.sopKey, [...(out.get(t.sopKey) ?? []), t])
  }
  return out
}

/** Which of one SOP's open tasks its exits close, given the trigger's current occurrences. */
export function exitsOf(sop: Sop, open: readonly FactTask[], occurrences: readonly Occurrence[], input: PlanInput, ix: FactsIndex): Withdrawal[] {
  const out: Withdrawal[] = []
  for (const task of open) {
    const occurrence = occurrences.find(o => task.taskKey.endsWith(`:${input.facts.customer.id}:${o.key}`))
    if (!occurrence) {
      out.push({ taskKey: task.taskKey, code: 'trigger_gone', detail: triggerGone(sop.trigger, input) })
      continue
    }
    const goal = goalOf(sop, ix, input.now, occurrenceContext(input, occurrence))
    if (goal.matched)
      out.push({ taskKey: task.taskKey, code: 'goal_reached', detail: goalReachedDetail(goal) })
  }
  return out
}

export function goalReachedDetail(goal: RuleResult): string {
  return `已达成目标：${goal.reasons.join('，')}`
}

function triggerGone(trigger: Sop['trigger'], input: PlanInput): string {
  switch (trigger.type) {
    case 'stage_entered':
      return `客户已离开「${input.stageNames?.[trigger.stage] ?? trigger.stage}」阶段`
    case 'coupon_expiring':
      return '优惠券已使用或已过期'
    case 'days_since_last_order':
      return '客户已再次下单'
    case 'tag_added':
      return '标签已移除'
    default:
      return '触发条件已不成立'
  }
}
