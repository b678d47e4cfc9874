/**
 * What a SOP is, as config: a trigger, an audience, timed steps (or a choice of branches) with a
 * touchpoint, content and goal, and exit conditions. Schemas are built by factories taking the
 * schema of nested rules, so load-config can check one level at a time and name the exact field.
 */
import { type Static, type TSchema, Type } from 'typebox'
import { eventFilterFields } from './events.ts'
import { RuleSchema } from './rules.ts'
import { KEY_PATTERN } from './stages.ts'
import { DURATION_PATTERN, TIME_OF_DAY_PATTERN } from './time.ts'

const GOALS = ['培育', '激活', '复购', '关怀'] as const
export type Goal = typeof GOALS[number]
/** marketing counts against the contact budget and is never sent to marketing-averse customers. */
const STEP_KINDS = ['marketing', 'care', 'service'] as const
export type StepKind = typeof STEP_KINDS[number]
const SOP_TOUCHPOINTS = ['single_chat', 'group', 'moments'] as const
export type SopTouchpoint = typeof SOP_TOUCHPOINTS[number]

const strict = { additionalProperties: false } as const
const Key = Type.String({ pattern: KEY_PATTERN })
const Name = Type.String({ minLength: 1 })
const Duration = Type.String({ pattern: DURATION_PATTERN })
const TimeOfDay = Type.String({ pattern: TIME_OF_DAY_PATTERN })

const ContentSchema = Type.Object({
  /** The script, with {{变量}} placeholders (see script.ts). */
  text: Type.String({ minLength: 1 }),
  link: Type.Optional(Type.Object({ title: Type.String({ minLength: 1 }), url: Type.String({ minLength: 1 }) }, strict)),
  image: Type.Optional(Type.String({ minLength: 1 })),
  miniprogram: Type.Optional(Type.Object({ title: Type.String({ minLength: 1 }), appid: Type.String({ minLength: 1 }), page: Type.String({ minLength: 1 }) }, strict)),
  /** The coupon {{优惠券}} names when the trigger brings none. */
  coupon: Type.Optional(Type.String({ minLength: 1 })),
  /** Per product category (the seeded product's, else the 商品偏好 tag), before `coupon`. */
  couponByCategory: Type.Optional(Type.Record(Type.String(), Type.String({ minLength: 1 }))),
}, strict)

const actionFields = {
  touchpoint: Type.Enum(SOP_TOUCHPOINTS),
  goal: Type.Enum(GOALS),
  /** Default: care for 关怀, marketing otherwise. */
  kind: Type.Optional(Type.Enum(STEP_KINDS)),
  content: ContentSchema,
}

const timingFields = {
  key: Key,
  name: Name,
  /** After the trigger. */
  delay: Duration,
  /** China time of day on the day the delay lands on (the next day if that is before the trigger). */
  at: Type.Optional(TimeOfDay),
  /** Not before the customer has been inactive this long (seed 003: recall the long inactive). */
  inactiveFor: Type.Optional(Duration),
  /** How long the task stays open after it is due; default 2d. */
  expiresAfter: Type.Optional(Duration),
}

export function sopShapes<R extends TSchema, T extends TSchema, S extends TSchema>(rule: R, trigger: T, step: S) {
  const branch = Type.Object({ key: Key, name: Name, when: Type.Optional(rule), ...actionFields }, strict)
  return {
    singleStep: Type.Object({ ...timingFields, when: Type.Optional(rule), ...actionFields }, strict),
    /**
     * Exclusive alternatives: if the step's `when` holds, the first branch whose `when` holds is
     * planned, once, and no other ever is for that occurrence.
     */
    branchStep: Type.Object({ ...timingFields, when: Type.Optional(rule), branches: Type.Array(branch, { minItems: 1 }) }, strict),
    branch,
    sop: Type.Object({
      key: Key,
      name: Name,
      description: Type.Optional(Type.String()),
      enabled: Type.Optional(Type.Boolean()),
      trigger,
      audience: Type.Optional(Type.Object({
        /** The customer has at least one of these tags. */
        includeTags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        excludeTags: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        rule: Type.Optional(rule),
      }, strict)),
      steps: Type.Array(step, { minItems: 1 }),
      exit: Type.Optional(Type.Object({
        /** Evaluated since the trigger: once it holds, the occurrence's remaining steps are dropped. */
        goal: Type.Optional(rule),
        /** Stage-triggered SOPs only: stop when the customer leaves the stage (default true). */
        leftStage: Type.Optional(Type.Boolean()),
      }, strict)),
    }, strict),
  }
}

/** Triggers by their `type`. */
export const TRIGGER_SHAPES = {
  /** The customer's first add to any staff member (the exact first-add time). */
  friend_added: Type.Object({ type: Type.Literal('friend_added') }, strict),
  /** Entering a stage; with `every`, again every period while in it, for at most `for`. */
  stage_entered: Type.Object({ type: Type.Literal('stage_entered'), stage: Type.String({ minLength: 1 }), every: Type.Optional(Duration), for: Type.Optional(Duration) }, strict),
  tag_added: Type.Object({ type: Type.Literal('tag_added'), tag: Type.String({ minLength: 1 }) }, strict),
  /** Each matching event; events within `cooldown` of the previous one that fired are folded into it. */
  event: Type.Object({ type: Type.Literal('event'), event: Type.Object(eventFilterFields, strict), cooldown: Type.Optional(Duration) }, strict),
  /** 00:00 of the birthday (MM-DD; 02-29 falls on 02-28 in other years). */
  birthday: Type.Object({ type: Type.Literal('birthday') }, strict),
  /** 00:00 of the day `daysBefore` days before claimed, unused coupons expire; one occurrence per expiry day. */
  coupon_expiring: Type.Object({ type: Type.Literal('coupon_expiring'), daysBefore: Type.Integer({ minimum: 0 }) }, strict),
  /** 00:00 of the day `days` days after the last paid order. */
  days_since_last_order: Type.Object({ type: Type.Literal('days_since_last_order'), days: Type.Integer({ minimum: 1 }) }, strict),
}

const TriggerSchema = Type.Union([
  TRIGGER_SHAPES.friend_added, TRIGGER_SHAPES.stage_entered, TRIGGER_SHAPES.tag_added, TRIGGER_SHAPES.event,
  TRIGGER_SHAPES.birthday, TRIGGER_SHAPES.coupon_expiring, TRIGGER_SHAPES.days_since_last_order,
])

const deepStepParts = sopShapes(RuleSchema, TriggerSchema, Type.Unknown())
const StepSchema = Type.Union([deepStepParts.singleStep, deepStepParts.branchStep])
const SopSchema = sopShapes(RuleSchema, TriggerSchema, StepSchema).sop

const GuardrailsSchema = Type.Object({
  /** Marketing touches per customer in any rolling 7 days; care and service are exempt. */
  marketingPer7Days: Type.Integer({ minimum: 0 }),
  /** The customer's night, China time: nothing is due inside it. */
  quietHours: Type.Object({ from: TimeOfDay, to: TimeOfDay }, strict),
  /** A customer message this recent means a live conversation: scripted marketing waits. */
  liveConversationMinutes: Type.Integer({ minimum: 0 }),
}, strict)

export function libraryShape<S extends TSchema>(sop: S) {
  return Type.Object({
    version: Type.Integer({ minimum: 1 }),
    /** The journey whose stage keys the SOPs refer to. */
    journey: Key,
    guardrails: GuardrailsSchema,
    sops: Type.Array(sop),
  }, strict)
}
export const SopLibrarySchema = libraryShape(SopSchema)

export type Content = Static<typeof ContentSchema>
export type Trigger = Static<typeof TriggerSchema>
export type SingleStep = Static<typeof deepStepParts.singleStep>
export type BranchStep = Static<typeof deepStepParts.branchStep>
export type Branch = Static<typeof deepStepParts.branch>
export type Step = SingleStep | BranchStep
export type Sop = Static<typeof SopSchema>
export type Guardrails = Static<typeof GuardrailsSchema>

/** A validated library, with the names of the journey's stages for reasons. */
export type SopLibrary = Static<typeof SopLibrarySchema> & { stageNames: Record<string, string> }

export function isBranchStep(step: Step): step is BranchStep {
  return 'branches' in step
}

/** Marketing unless the step says otherwise; 关怀 steps are care by default. */
export function stepKind(action: { goal: Goal, kind?: StepKind }): StepKind {
  return action.kind ?? (action.goal === '关怀' ? 'care' : 'marketing')
}
