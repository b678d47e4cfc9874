/**
 * Limits on how the brand touches a customer, whatever the SOPs say: WeChat penalises
 * over-messaging (seed 004), nobody wants a nudge at night, and a script dropped into a live
 * conversation reads as a robot.
 */
import { DAY, MINUTE } from '../rules/time-units.ts'
import { outOfQuietHours } from '../rules/working-hours.ts'
import type { CustomerFacts, FactsIndex } from './facts.ts'
import { indexFacts } from './facts.ts'
import type { Guardrails } from './sop-schema.ts'
import { parseTimeOfDay } from './time.ts'

const BUDGET_WINDOW = 7 * DAY

/** The time a task may be due: inside the customer's quiet hours it moves to their end (09:00). */
export function dueOutsideQuietHours(at: number, g: Guardrails): number {
  return outOfQuietHours(at, parseTimeOfDay(g.quietHours.from), parseTimeOfDay(g.quietHours.to))
}

/** When the live conversation counts as over, if the customer wrote within the window; else null. */
export function liveConversationUntil(facts: CustomerFacts, now: number, g: Guardrails, ix: FactsIndex = indexFacts(facts)): number | null {
  const last = ix.lastMessageInAt()
  if (last === null || last > now)
    return null
  const until = last + g.liveConversationMinutes * MINUTE
  return until > now ? until : null
}

/**
 * Times of the marketing touches already spent or promised: done tasks at their done time, open
 * ones at their due time. Tasks that expired undone never reached the customer and do not count.
 */
export function marketingTouches(facts: CustomerFacts, now: number): number[] {
  return facts.tasks
    .filter(t => t.marketing && (t.doneAt !== null || t.expiresAt > now))
    .map(t => t.doneAt ?? t.dueAt)
}

export type BudgetVerdict = { ok: true } | { ok: false, used: number, retryAt: number | null }

/**
 * At most `marketingPer7Days` marketing touches in the 7 days up to `dueAt` (touches planned
 * later than that are counted too: they are already promised).
 */
export function checkBudget(touches: readonly number[], dueAt: number, g: Guardrails): BudgetVerdict {
  const inWindow = touches.filter(t => t > dueAt - BUDGET_WINDOW)
  if (inWindow.length < g.marketingPer7Days)
    return { ok: true }
  return { ok: false, used: inWindow.length, retryAt: inWindow.length ? Math.min(...inWindow) + BUDGET_WINDOW : null }
}
