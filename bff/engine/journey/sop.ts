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
import { onTimeOfDay } from '../rules/china-time.ts'
import { DAY } from '../rules/time-units.ts'
import type { CustomerFacts, FactsIndex } from './facts.ts'
import { hasTagRef, indexFacts } from './facts.ts'
import { checkBudget, dueOutsideQuietHours, liveConversationUntil, marketingTouches } from './guardrails.ts'
import { type Owner, pickOwner } from './owner.ts'
import { type RenderedContent, renderContent, scriptValues } from './render.ts'
import { explainRule, type Rule, ruleHolds, type RuleContext, type RuleResult } from './rules.ts'
import { type Branch, type Goal, type Guardrails, isBranchStep, type SingleStep, type Sop, type SopTouchpoint, type Step, type StepKind, stepKind } from './sop-schema.ts'
import { parseDuration, parseTimeOfDay } from './time.ts'
import { type Occurrence, occurrencesOf, type StageVisit, type TriggerContext } from './triggers.ts'
import { exitsOf, goalReachedDetail, openTasksBySop, type Withdrawal } from './withdraw.ts'

const DEFAULT_EXPIRES_AFTER = 2 * DAY

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

type HoldCode = 'no_owner' | 'goal_reached' | 'marketing_averse' | 'live_conversation' | 'budget'

/** A step that was due but not planned now, and why; `retryAt` when waiting will help. */
interface HeldStep {
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
  /** Open tasks whose SOP's exit now holds (goal reached, trigger gone). */
  withdrawals: Withdrawal[]
}

/** The new tasks for this customer at `now`. */
export function planTasks(input: PlanInput): TaskPlan[] {
  return explainPlan(input).tasks
}

/**
 * planTasks, with the due steps held back by a guardrail or an exit, and why (for logs and
 * tests), and the open tasks the SOPs' exits now withdraw. One pass over the SOPs: each trigger's
 * occurrences serve both the new steps and the exits of the open tasks.
 */
export function explainPlan(input: PlanInput): PlanExplained {
  const { facts, now } = input
  const owner = pickOwner(facts.relationships)
  const open = openTasksBySop(facts)
  if (!owner && !open.size)
    return { tasks: [], held: [NO_OWNER], owner, withdrawals: [] }

  const ix = indexFacts(facts)
  const existing = new Set(facts.tasks.map(t => t.taskKey))
  const run: Run | null = owner && { input, ix, owner, existing, liveUntil: liveConversationUntil(facts, now, input.guardrails, ix), candidates: [], held: [] }
  const withdrawals: Withdrawal[] = []
  // One context for every SOP of the customer; only leftStage differs.
  const triggerCtx: TriggerContext = {
    facts,
    now,
    currentStage: input.currentStage,
    stageEnteredAt: input.stageEnteredAt,
    stageHistory: input.stageHistory,
    stageNames: input.stageNames,
    leftStage: true,
    index: ix,
  }
  for (const sop of input.sops) {
    const openOfSop = open.get(sop.key)
    const plans = run !== null && sop.enabled !== false
    if (!plans && !openOfSop)
      continue
    triggerCtx.leftStage = sop.exit?.leftStage ?? true
    const occurrences = occurrencesOf(sop.trigger, triggerCtx)
    if (openOfSop)
      withdrawals.push(...exitsOf(sop, openOfSop, occurrences, input, ix))
    if (!plans || !occurrences.length)
      continue
    // Every key of this SOP's tasks starts so: without such a task, nothing of it is planned yet.
    const prefix = `${sop.key}:`
    const plannedBefore = existing.size > 0 && facts.tasks.some(t => t.taskKey.startsWith(prefix))
    for (const occurrence of occurrences)
      planOccurrence(run, sop, occurrence, plannedBefore)
  }
  if (!run)
    return { tasks: [], held: [NO_OWNER], owner, withdrawals }
  return { tasks: spendBudget(run), held: run.held, owner, withdrawals }
}

const NO_OWNER: HeldStep = { key: '', sopKey: '', stepKey: '', code: 'no_owner', detail: '没有正常的好友关系，无人可以跟进' }

/** How the rules see an occurrence: when it happened, and the stage the customer is in. */
export function occurrenceContext(input: PlanInput, occurrence: Occurrence): RuleContext {
  return { triggerAt: occurrence.at, currentStage: input.currentStage, currentStageName: input.stageNames?.[input.currentStage] }
}

const GOAL_NOT_SET: RuleResult = { matched: false, reasons: [] }

/** The SOP's goal for this occurrence, with its reasons when reached. */
export function goalOf(sop: Sop, ix: FactsIndex, now: number, ctx: RuleContext): RuleResult {
  return sop.exit?.goal && ruleHolds(sop.exit.goal, ix, now, ctx) ? explainRule(sop.exit.goal, ix, now, ctx) : GOAL_NOT_SET
}

interface Run {
  input: PlanInput
  ix: FactsIndex
  owner: Owner
  existing: Set<string>
  liveUntil: number | null
  candidates: TaskPlan[]
  held: HeldStep[]
}

/** The task key of a step (or branch) of an occurrence. */
function taskKey(sop: Sop, stepKey: string, customerId: number, occurrence: Occurrence): string {
  return `${sop.key}:${stepKey}:${customerId}:${occurrence.key}`
}

function hold(run: Run, sop: Sop, occurrence: Occurrence, stepKey: string, code: HoldCode, detail: string, retryAt?: number): void {
  run.held.push({ key: taskKey(sop, stepKey, run.input.facts.customer.id, occurrence), sopKey: sop.key, stepKey, code, detail, ...(retryAt === undefined ? {} : { retryAt }) })
}

/** `plannedBefore`: whether any existing task is of this SOP (when not, no step can be planned already). */
function planOccurrence(run: Run, sop: Sop, occurrence: Occurrence, plannedBefore: boolean): void {
  const { ix } = run
  const { facts, now, guardrails } = run.input
  const customerId = facts.customer.id
  const ctx = occurrenceContext(run.input, occurrence)
  // Rules are evaluated only once a step is actually due, and at most once per occurrence.
  let audience: boolean | undefined
  let goal: RuleResult | undefined
  for (const step of sop.steps) {
    const scheduled = scheduledAtIndexed(step, occurrence, ix)
    if (scheduled > now || (plannedBefore && alreadyPlanned(step, sop, customerId, occurrence, run.existing)))
      continue
    // A step whose window has passed is never planned late: no backfill of stale history.
    const expiresAt = Math.min(
      dueOutsideQuietHours(scheduled, guardrails) + (step.expiresAfter ? parseDuration(step.expiresAfter) : DEFAULT_EXPIRES_AFTER),
      occurrence.endsAt ?? Infinity,
    )
    const dueAt = dueOutsideQuietHours(Math.max(scheduled, now), guardrails)
    if (dueAt >= expiresAt || !(audience ??= inAudience(sop, ix, now, ctx)))
      continue
    // The goal's reasons are only read when it is reached.
    goal ??= goalOf(sop, ix, now, ctx)
    if (goal.matched) {
      hold(run, sop, occurrence, step.key, 'goal_reached', goalReachedDetail(goal))
      continue
    }
    const choice = chooseAction(step, ix, now, ctx)
    if (!choice)
      continue
    const { action, stepKey, stepName, reasons } = choice
    const kind = stepKind(action)
    const marketing = kind === 'marketing'
    if (marketing && facts.customer.marketingAverse) {
      hold(run, sop, occurrence, stepKey, 'marketing_averse', '客户反感营销，不发营销内容')
      continue
    }
    if (marketing && run.liveUntil !== null) {
      hold(run, sop, occurrence, stepKey, 'live_conversation', '客户正在对话中，话术稍后再发', run.liveUntil)
      continue
    }
    const values = scriptValues({ facts, now, occurrence, content: action.content, staffName: run.owner.staffName })
    run.candidates.push({
      key: taskKey(sop, stepKey, customerId, occurrence),
      sopKey: sop.key,
      sopName: sop.name,
      stepKey,
      stepName,
      customerId,
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
function scheduledAtIndexed(step: Step, occurrence: Occurrence, ix: FactsIndex): number {
  let at = occurrence.at + parseDuration(step.delay)
  let notBefore = occurrence.at
  if (step.inactiveFor) {
    const lastActive = Math.max(ix.lastActiveAt() ?? occurrence.at, occurrence.at)
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
function alreadyPlanned(step: Step, sop: Sop, customerId: number, occurrence: Occurrence, existing: Set<string>): boolean {
  return isBranchStep(step)
    ? step.branches.some(b => existing.has(taskKey(sop, `${step.key}.${b.key}`, customerId, occurrence)))
    : existing.has(taskKey(sop, step.key, customerId, occurrence))
}

const NO_REASONS: string[] = []

/**
 * The action to plan for a step, or null when its condition does not hold or no branch fits.
 * Conditions are decided first; only the ones that hold are asked for their reasons.
 */
function chooseAction(step: Step, ix: FactsIndex, now: number, ctx: RuleContext): Choice | null {
  if (step.when && !ruleHolds(step.when, ix, now, ctx))
    return null
  if (!isBranchStep(step))
    return { action: step, stepKey: step.key, stepName: step.name, reasons: reasonsOf(step.when, ix, now, ctx) }
  for (const branch of step.branches) {
    if (branch.when && !ruleHolds(branch.when, ix, now, ctx))
      continue
    return { action: branch, stepKey: `${step.key}.${branch.key}`, stepName: `${step.name}·${branch.name}`, reasons: [...reasonsOf(step.when, ix, now, ctx), ...reasonsOf(branch.when, ix, now, ctx)] }
  }
  return null
}

/** The reasons of a condition that holds (none when there is no condition). */
function reasonsOf(rule: Rule | undefined, ix: FactsIndex, now: number, ctx: RuleContext): string[] {
  return rule ? explainRule(rule, ix, now, ctx).reasons : NO_REASONS
}

function inAudience(sop: Sop, ix: FactsIndex, now: number, ctx: RuleContext): boolean {
  const audience = sop.audience
  if (!audience)
    return true
  const { tags } = ix.facts
  if (audience.includeTags?.length && !audience.includeTags.some(t => hasTagRef(tags, t)))
    return false
  if (audience.excludeTags?.some(t => hasTagRef(tags, t)))
    return false
  return audience.rule ? ruleHolds(audience.rule, ix, now, ctx) : true
}
