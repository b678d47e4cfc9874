/**
 * SOP exits for tasks already planned: an open task is withdrawn when its SOP's goal has been
 * reached (the customer ordered) or its trigger no longer holds (the customer left the stage, the
 * coupon was used, a new order reset "60 days since the last order", the tag came off). Staff then
 * never send a nurture script to someone who has just bought.
 */
import { indexFacts } from './facts.ts'
import { explainRule, ruleHolds, type RuleContext } from './rules.ts'
import type { PlanInput } from './sop.ts'
import { occurrencesOf, type TriggerContext } from './triggers.ts'

export type WithdrawCode = 'goal_reached' | 'trigger_gone'

export interface Withdrawal {
  taskKey: string
  code: WithdrawCode
  /** In words, for the task's history: "已达成目标：下单 1 次", "客户已离开「新客」阶段". */
  detail: string
}

/** The open tasks of this customer that their SOP's exit conditions now close. */
export function tasksToWithdraw(input: PlanInput): Withdrawal[] {
  const { facts, now } = input
  // Only tasks this planner made (their key starts with the SOP's): ones made elsewhere, such as
  // imported history, carry no occurrence to check.
  const open = facts.tasks.filter(t => t.open && t.taskKey.startsWith(`${t.sopKey}:`))
  if (!open.length)
    return []
  const ix = indexFacts(facts)
  const bySop = new Map(input.sops.map(s => [s.key, s]))
  const out: Withdrawal[] = []
  for (const sopKey of new Set(open.map(t => t.sopKey))) {
    const sop = bySop.get(sopKey)
    // A SOP taken out of the library leaves its tasks to run out: staff may still want them.
    if (!sop)
      continue
    const ctx: TriggerContext = {
      facts,
      now,
      currentStage: input.currentStage,
      stageEnteredAt: input.stageEnteredAt,
      stageHistory: input.stageHistory,
      stageNames: input.stageNames,
      leftStage: sop.exit?.leftStage ?? true,
      index: ix,
    }
    const occurrences = occurrencesOf(sop.trigger, ctx)
    for (const task of open.filter(t => t.sopKey === sopKey)) {
      const occurrence = occurrences.find(o => task.taskKey.endsWith(`:${facts.customer.id}:${o.key}`))
      if (!occurrence) {
        out.push({ taskKey: task.taskKey, code: 'trigger_gone', detail: triggerGone(sop.trigger, input) })
        continue
      }
      const goal = sop.exit?.goal
      const ruleCtx: RuleContext = { triggerAt: occurrence.at, currentStage: input.currentStage, currentStageName: input.stageNames?.[input.currentStage] }
      if (goal && ruleHolds(goal, ix, now, ruleCtx))
        out.push({ taskKey: task.taskKey, code: 'goal_reached', detail: `已达成目标：${explainRule(goal, ix, now, ruleCtx).reasons.join('，')}` })
    }
  }
  return out
}

function triggerGone(trigger: PlanInput['sops'][number]['trigger'], input: PlanInput): string {
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
