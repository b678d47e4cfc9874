/**
 * Task planning: which SOP steps are due for one customer at `now`, for whom, with which words.
 *
 * A step is planned once its time has come (trigger + delay, at its time of day, after the
 * customer's inactivity when it asks for that), its condition holds, and it has not expired.
 * Every task has a deterministic key, `${sopKey}:${stepKey}:${customerId}:${occurrenceKey}`, and
 * steps whose key is among the customer's existing tasks are skipped: planning is idempotent.
 * Guardrails then apply in this order: marketing-averse customers get no marketing; marketing
 * waits while the customer is in a live conversation; due times move out of quiet hours;
 * marketing beyond the 7-day contact budget waits.
 */
import type { CustomerFacts } from './facts.ts'
import { findTags, lastActiveAt } from './facts.ts'
import { checkBudget, dueOutsideQuietHours, liveConversationUntil, marketingTouches } from './guardrails.ts'
import { type Owner, pickOwner } from './owner.ts'
import { type RenderedContent, renderContent, scriptValues } from './render.ts'
import { evaluate, type Rule, type RuleContext, type RuleResult } from './rules.ts'
import { type Branch, type Goal, type Guardrails, isBranchStep, type SingleStep, type Sop, type SopTouchpoint, type Step, type StepKind, stepKind } from './sop-schema.ts'
import { DAY, onTimeOfDay, parseDuration, parseTimeOfDay } from './time.ts'
import { type Occurrence, occurrencesOf, type StageVisit } from './triggers.ts'

export const DEFAULT_EXPIRES_AFTER = 2 * DAY

export interface PlanInput {
  sops: readonly Sop[]
  guardrails: Guardrails
  /** Stage names for reasons ("进入「沉默」阶段"); keys are shown without them. */
  stageNames?: Record<string, string>
  facts: CustomerFacts
  now: number
  currentStage: string
  stageEnteredAt: number
  stageHistory?: StageVisit[]
}

export interface TaskPlan {
  key: string
  sopKey: string
  sopName: string
  stepKey: string
  stepName: string
  customerId: number
  staffId: number
  triggerKey: string
  triggerAt: number
  dueAt: number
  expiresAt: number
  goal: Goal
  kind: StepKind
  touchpoint: SopTouchpoint
  marketing: boolean
  rendered: RenderedContent
  /** Why this task exists: the trigger and the facts its conditions matched. */
  reason: string
}

export type HoldCode = 'no_owner' | 'goal_reached' | 'marketing_averse' | 'live_conversation' | 'budget'

/** A step that was due but not planned now, and why; `retryAt` when waiting will help. */
export interface HeldStep {
  key: string
  sopKey: string
  stepKey: string
  code: HoldCode
  detail: string
  retryAt?: number
}

export interface PlanExplained {
  tasks: TaskPlan[]
  held: HeldStep[]
  owner: Owner | null
}

/** The new tasks for this customer at `now`. */
export function planTasks(input: PlanInput): TaskPlan[] {
  return explainPlan(input).tasks
}

/** planTasks, with the due steps held back by a guardrail or an exit, and why (for logs and tests). */
export function explainPlan(input: PlanInput): PlanExplained {
  const { facts, now } = input
  const owner = pickOwner(facts.relationships)
  if (!owner)
    return { tasks: [], held: [{ key: '', sopKey: '', stepKey: '', code: 'no_owner', detail: '没有正常的好友关系，无人可以跟进' }], owner }

  const run: Run = { input, owner, existing: new Set(facts.tasks.map(t => t.taskKey)), liveUntil: liveConversationUntil(facts, now, input.guardrails), candidates: [], held: [] }
  for (const sop of input.sops) {
    if (sop.enabled === false)
      continue
    const occurrences = occurrencesOf(sop.trigger, {
      facts,
      now,
      currentStage: input.currentStage,
      stageEnteredAt: input.stageEnteredAt,
      stageHistory: input.stageHistory,
      stageNames: input.stageNames,
      leftStage: sop.exit?.leftStage ?? true,
    })
    for (const occurrence of occurrences)
      planOccurrence(run, sop, occurrence)
  }
  return { tasks: spendBudget(run), held: run.held, owner }
}

interface Run {
  input: PlanInput
  owner: Owner
  existing: Set<string>
  liveUntil: number | null
  candidates: TaskPlan[]
  held: HeldStep[]
}

function planOccurrence(run: Run, sop: Sop, occurrence: Occurrence): void {
  const { facts, now, guardrails, currentStage, stageNames } = run.input
  const ctx: RuleContext = { triggerAt: occurrence.at, currentStage, currentStageName: stageNames?.[currentStage] }
  const keyOf = (stepKey: string) => `${sop.key}:${stepKey}:${facts.customer.id}:${occurrence.key}`
  // Rules are evaluated only once a step is actually due, and at most once per occurrence.
  let audience: boolean | undefined
  let goal: RuleResult | undefined
  for (const step of sop.steps) {
    const scheduled = scheduledAt(step, occurrence, facts)
    if (scheduled > now || alreadyPlanned(step, keyOf, run.existing))
      continue
    // A step whose window has passed is never planned late: no backfill of stale history.
    const expiresAt = Math.min(
      dueOutsideQuietHours(scheduled, guardrails) + (step.expiresAfter ? parseDuration(step.expiresAfter) : DEFAULT_EXPIRES_AFTER),
      occurrence.endsAt ?? Infinity,
    )
    const dueAt = dueOutsideQuietHours(Math.max(scheduled, now), guardrails)
    if (dueAt >= expiresAt || !(audience ??= inAudience(sop, facts, now, ctx)))
      continue
    const hold = (stepKey: string, code: HoldCode, detail: string, retryAt?: number) =>
      run.held.push({ key: keyOf(stepKey), sopKey: sop.key, stepKey, code, detail, ...(retryAt === undefined ? {} : { retryAt }) })
    goal ??= sop.exit?.goal ? evaluate(sop.exit.goal, facts, now, ctx) : { matched: false, reasons: [] }
    if (goal.matched) {
      hold(step.key, 'goal_reached', `已达成目标：${goal.reasons.join('，')}`)
      continue
    }
    const choice = chooseAction(step, facts, now, ctx)
    if (!choice)
      continue
    const { action, stepKey, stepName, reasons } = choice
    const kind = stepKind(action)
    const marketing = kind === 'marketing'
    if (marketing && facts.customer.marketingAverse) {
      hold(stepKey, 'marketing_averse', '客户反感营销，不发营销内容')
      continue
    }
    if (marketing && run.liveUntil !== null) {
      hold(stepKey, 'live_conversation', '客户正在对话中，话术稍后再发', run.liveUntil)
      continue
    }
    const values = scriptValues({ facts, now, occurrence, content: action.content, staffName: run.owner.staffName })
    run.candidates.push({
      key: keyOf(stepKey),
      sopKey: sop.key,
      sopName: sop.name,
      stepKey,
      stepName,
      customerId: facts.customer.id,
      staffId: run.owner.staffId,
      triggerKey: occurrence.key,
      triggerAt: occurrence.at,
      dueAt,
      expiresAt,
      goal: action.goal,
      kind,
      touchpoint: action.touchpoint,
      marketing,
      rendered: renderContent(action.content, values),
      reason: [occurrence.label, ...reasons].join('，'),
    })
  }
}

/** The contact budget, spent in due order so an earlier step is never starved by a later one. */
function spendBudget(run: Run): TaskPlan[] {
  const { facts, now, guardrails } = run.input
  const touches = marketingTouches(facts, now)
  const tasks: TaskPlan[] = []
  for (const task of [...run.candidates].sort((a, b) => a.dueAt - b.dueAt)) {
    if (task.marketing) {
      const verdict = checkBudget(touches, task.dueAt, guardrails)
      if (!verdict.ok) {
        run.held.push({ key: task.key, sopKey: task.sopKey, stepKey: task.stepKey, code: 'budget', detail: `近7天已营销触达 ${verdict.used} 次`, ...(verdict.retryAt === null ? {} : { retryAt: verdict.retryAt }) })
        continue
      }
      touches.push(task.dueAt)
    }
    tasks.push(task)
  }
  return tasks
}

/** When a step of this occurrence becomes due, before guardrails. */
export function scheduledAt(step: Step, occurrence: Occurrence, facts: CustomerFacts): number {
  let at = occurrence.at + parseDuration(step.delay)
  let notBefore = occurrence.at
  if (step.inactiveFor) {
    const lastActive = Math.max(lastActiveAt(facts) ?? occurrence.at, occurrence.at)
    notBefore = lastActive + parseDuration(step.inactiveFor)
    at = Math.max(at, notBefore)
  }
  return step.at ? onTimeOfDay(at, parseTimeOfDay(step.at), notBefore) : at
}

interface Choice {
  action: SingleStep | Branch
  stepKey: string
  stepName: string
  reasons: string[]
}

/** Planned before, for this occurrence: the step, or any of its branches (they are exclusive for good). */
function alreadyPlanned(step: Step, keyOf: (stepKey: string) => string, existing: Set<string>): boolean {
  return isBranchStep(step)
    ? step.branches.some(b => existing.has(keyOf(`${step.key}.${b.key}`)))
    : existing.has(keyOf(step.key))
}

/** The action to plan for a step, or null when its condition does not hold or no branch fits. */
function chooseAction(step: Step, facts: CustomerFacts, now: number, ctx: RuleContext): Choice | null {
  const gate = holds(step.when, facts, now, ctx)
  if (!gate.matched)
    return null
  if (!isBranchStep(step))
    return { action: step, stepKey: step.key, stepName: step.name, reasons: gate.reasons }
  for (const branch of step.branches) {
    const when = holds(branch.when, facts, now, ctx)
    if (when.matched)
      return { action: branch, stepKey: `${step.key}.${branch.key}`, stepName: `${step.name}·${branch.name}`, reasons: [...gate.reasons, ...when.reasons] }
  }
  return null
}

function holds(rule: Rule | undefined, facts: CustomerFacts, now: number, ctx: RuleContext) {
  return rule ? evaluate(rule, facts, now, ctx) : { matched: true, reasons: [] }
}

function inAudience(sop: Sop, facts: CustomerFacts, now: number, ctx: RuleContext): boolean {
  const audience = sop.audience
  if (!audience)
    return true
  if (audience.includeTags?.length && !audience.includeTags.some(t => findTags(facts, t).length))
    return false
  if (audience.excludeTags?.some(t => findTags(facts, t).length))
    return false
  return audience.rule ? evaluate(audience.rule, facts, now, ctx).matched : true
}
