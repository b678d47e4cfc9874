/**
 * Journey stages: a journey is data (stages with entry rules, a priority order, a fallback);
 * assignStage places a customer in exactly one stage and says why.
 */
import { type Static, type TSchema, Type } from 'typebox'
import type { CustomerFacts } from './facts.ts'
import { indexFacts } from './facts.ts'
import { explainRule, ruleHolds, RuleSchema } from './rules.ts'

export const KEY_PATTERN = '^[a-z][a-z0-9_]*$'

/** Built around the schema of entry rules, so load-config can check one level at a time. */
export function journeyShapes<R extends TSchema>(rule: R) {
  const stage = Type.Object({
    key: Type.String({ pattern: KEY_PATTERN }),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    /** Required except on the fallback stage, where it only explains (its verdict is ignored). */
    entry: Type.Optional(rule),
  }, { additionalProperties: false })
  const journey = Type.Object({
    version: Type.Integer({ minimum: 1 }),
    key: Type.String({ pattern: KEY_PATTERN }),
    name: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    /** In funnel order, as pages show them. */
    stages: Type.Array(stage, { minItems: 1 }),
    /** Stage keys in evaluation order: the first whose entry rule matches wins. */
    priority: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** The stage of a customer no rule places: usually 新客. */
    fallback: Type.String({ minLength: 1 }),
  }, { additionalProperties: false })
  return { stage, journey }
}

const shapes = journeyShapes(RuleSchema)
export const JourneySchema = shapes.journey

type Stage = Static<typeof shapes.stage>
export type Journey = Static<typeof JourneySchema>

export interface StageAssignment {
  stageKey: string
  stageName: string
  /** The matched facts joined into one line: "6 单，累计 ¥1,380.00". */
  reason: string
  matched: string[]
}

const NO_RULE_MATCHED = '未满足其他阶段的条件'

/** The customer's stage at `now`: stages in priority order, first match wins, else the fallback. */
export function assignStage(journey: Journey, facts: CustomerFacts, now: number): StageAssignment {
  const ix = indexFacts(facts)
  for (const key of journey.priority) {
    const stage = stageByKey(journey, key)
    // The verdict first; the reasons only of the stage that wins.
    if (!stage.entry || !ruleHolds(stage.entry, ix, now))
      continue
    const result = explainRule(stage.entry, ix, now)
    return { stageKey: stage.key, stageName: stage.name, reason: result.reasons.join('，'), matched: result.reasons }
  }
  const fallback = stageByKey(journey, journey.fallback)
  const matched = fallback.entry ? explainRule(fallback.entry, ix, now).reasons : []
  return { stageKey: fallback.key, stageName: fallback.name, reason: matched.length ? matched.join('，') : NO_RULE_MATCHED, matched }
}

export interface StageState { stageKey: string, enteredAt: number }

/**
 * The stage to store after an assignment: entering a different stage starts its clock at `now`;
 * staying keeps the original entry time (stage-triggered SOPs key their tasks on it).
 */
export function nextStageState(previous: StageState | null, assigned: StageAssignment, now: number): StageState & { changed: boolean } {
  if (previous && previous.stageKey === assigned.stageKey)
    return { ...previous, changed: false }
  return { stageKey: assigned.stageKey, enteredAt: now, changed: true }
}

function stageByKey(journey: Journey, key: string): Stage {
  const stage = journey.stages.find(s => s.key === key)
  // load-config rejects journeys whose priority or fallback names an unknown stage.
  if (!stage)
    throw new Error(`journey ${journey.key} has no stage ${key}`)
  return stage
}
