/**
 * The rule language stages and SOPs are written in: declarative conditions over CustomerFacts,
 * combined with all / any / not. Each rule is an object told apart by its one distinguishing key
 * (`all`, `fact`, `event`, `tag`…), so config files read like the sentence they encode.
 */
import { type Static, type TSchema, Type } from 'typebox'
import { eventFilterFields } from './events.ts'
import type { CustomerFacts, FactsIndex } from './facts.ts'
import { indexFacts, RELATION_STATUSES } from './facts.ts'
import { uniq } from './format.ts'
import { explainLeaf, leafHolds } from './rule-facts.ts'

const COMPARISON_OPS = ['>', '>=', '<', '<=', '==', '!='] as const
export type ComparisonOp = typeof COMPARISON_OPS[number]

/** Numeric facts; the first three can be counted in a window, the "days since" ones cannot. */
const NUMERIC_FACTS = ['orderCount', 'spendCents', 'messagesIn', 'daysSinceLastOrder', 'daysSinceAdded', 'daysSinceActive'] as const
export type NumericFact = typeof NUMERIC_FACTS[number]
export const WINDOWED_FACTS: readonly NumericFact[] = ['orderCount', 'spendCents', 'messagesIn']

const strict = { additionalProperties: false } as const
const Op = Type.Enum(COMPARISON_OPS)
/** Count only what happened in the last N days, or since the SOP's trigger (SOP rules only). */
const windowFields = {
  withinDays: Type.Optional(Type.Integer({ minimum: 1 })),
  sinceTrigger: Type.Optional(Type.Boolean()),
}

const FactRuleSchema = Type.Object({ fact: Type.Enum(NUMERIC_FACTS), op: Op, value: Type.Number({ minimum: 0 }), ...windowFields }, strict)
const EventRuleSchema = Type.Object({
  event: Type.Object({
    ...eventFilterFields,
    /** How many matching events; default at least one. */
    count: Type.Optional(Type.Object({ op: Op, value: Type.Integer({ minimum: 0 }) }, strict)),
    /** Count per subject (product, category or group) rather than in total: "asked about one product > 2 times". */
    per: Type.Optional(Type.Enum(['subject'])),
    ...windowFields,
  }, strict),
}, strict)
/** A cart add at least N hours old with no paid order for that product since; carts older than `withinDays` (default 14) are forgotten. */
const CartRuleSchema = Type.Object({ cartUnpaidHours: Type.Integer({ minimum: 1 }), withinDays: Type.Optional(Type.Integer({ minimum: 1 })) }, strict)
/** "商品偏好:燕窝" (group:name) or a bare name matching in any group. */
const TagRuleSchema = Type.Object({ tag: Type.String({ minLength: 1 }) }, strict)
/** Some relationship of the customer has this status. */
const RelationRuleSchema = Type.Object({ relationStatus: Type.Enum(RELATION_STATUSES) }, strict)
/** A coupon was claimed / used (coupon rows, coupon events or an order that used one). */
const CouponRuleSchema = Type.Object({ coupon: Type.Enum(['claimed', 'used']), ...windowFields }, strict)
const AverseRuleSchema = Type.Object({ marketingAverse: Type.Boolean() }, strict)
/** The customer's current journey stage is one of these (SOP rules only). */
const StageRuleSchema = Type.Object({ inStage: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) }, strict)

/** The variants by their distinguishing key; `child` is the schema of nested rules. */
export function ruleVariants<Child extends TSchema>(child: Child) {
  return {
    all: Type.Object({ all: Type.Array(child, { minItems: 1 }) }, strict),
    any: Type.Object({ any: Type.Array(child, { minItems: 1 }) }, strict),
    not: Type.Object({ not: child }, strict),
    fact: FactRuleSchema,
    event: EventRuleSchema,
    cartUnpaidHours: CartRuleSchema,
    tag: TagRuleSchema,
    relationStatus: RelationRuleSchema,
    coupon: CouponRuleSchema,
    marketingAverse: AverseRuleSchema,
    inStage: StageRuleSchema,
  }
}

const deep = ruleVariants(Type.Ref('Rule'))
export const RuleSchema = Type.Cyclic({
  Rule: Type.Union([deep.all, deep.any, deep.not, deep.fact, deep.event, deep.cartUnpaidHours, deep.tag, deep.relationStatus, deep.coupon, deep.marketingAverse, deep.inStage]),
}, 'Rule')
export type Rule = Static<typeof RuleSchema>
export type FactRule = Static<typeof FactRuleSchema>
export type EventRule = Static<typeof EventRuleSchema>
export type CartRule = Static<typeof CartRuleSchema>
export type CouponRule = Static<typeof CouponRuleSchema>
export type LeafRule = Exclude<Rule, { all: unknown } | { any: unknown } | { not: unknown }>

/** What a rule can see besides the facts: the SOP trigger's time and the current stage. */
export interface RuleContext {
  triggerAt?: number
  currentStage?: string
  currentStageName?: string
}

/** matched, and the short Chinese facts that decided it ("7 单", "累计 ¥1,380.00"). */
export interface RuleResult {
  matched: boolean
  reasons: string[]
}

/**
 * Evaluates a rule at `now`. Reasons are the facts that decided the outcome: for a match, what
 * matched; for a miss, what fell short (a `not` keeps its child's facts, only flipping the verdict).
 */
export function evaluate(rule: Rule, facts: CustomerFacts, now: number, ctx: RuleContext = {}): RuleResult {
  return explainRule(rule, indexFacts(facts), now, ctx)
}

/** evaluate, over an index of the facts built once by the caller. */
export function explainRule(rule: Rule, ix: FactsIndex, now: number, ctx: RuleContext = {}): RuleResult {
  if ('all' in rule) {
    const results = rule.all.map(r => explainRule(r, ix, now, ctx))
    const matched = results.every(r => r.matched)
    return { matched, reasons: uniq((matched ? results : results.filter(r => !r.matched)).flatMap(r => r.reasons)) }
  }
  if ('any' in rule) {
    const results = rule.any.map(r => explainRule(r, ix, now, ctx))
    const matched = results.some(r => r.matched)
    return { matched, reasons: uniq((matched ? results.filter(r => r.matched) : results).flatMap(r => r.reasons)) }
  }
  if ('not' in rule) {
    const inner = explainRule(rule.not, ix, now, ctx)
    return { matched: !inner.matched, reasons: inner.reasons }
  }
  return explainLeaf(rule, ix, now, ctx)
}

/**
 * explainRule(…).matched without building the reasons: for the rules whose reasons are only read
 * when they match (stage entry rules, step conditions, goals, audiences) — callers ask
 * explainRule for the reasons of the one that does. Every child is still looked at, as
 * explainRule does, so a rule that cannot be evaluated fails the same way.
 */
export function ruleHolds(rule: Rule, ix: FactsIndex, now: number, ctx: RuleContext = {}): boolean {
  if ('all' in rule) {
    let matched = true
    for (const r of rule.all)
      matched = ruleHolds(r, ix, now, ctx) && matched
    return matched
  }
  if ('any' in rule) {
    let matched = false
    for (const r of rule.any)
      matched = ruleHolds(r, ix, now, ctx) || matched
    return matched
  }
  if ('not' in rule)
    return !ruleHolds(rule.not, ix, now, ctx)
  return leafHolds(rule, ix, now, ctx)
}
