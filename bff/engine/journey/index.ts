/**
 * The journey engine's public surface: what services use. Pure functions over CustomerFacts with
 * the clock passed in; the only I/O is loadJourneyConfig, once at start.
 */
export type { CustomerFacts, FactCoupon, FactEvent, FactOrder, FactRelation, FactTag, FactTask, PartialEvents, ProductRef } from './facts.ts'
export { ConfigError, DEFAULT_CONFIG_FILES, type JourneyConfig, loadJourneyConfig, parseJourney, parseSopLibrary } from './load-config.ts'
export { type Owner, pickOwner } from './owner.ts'
export { eventTypesRead } from './reads.ts'
export type { RenderedContent } from './render.ts'
export { evaluate, type Rule, type RuleContext, type RuleResult } from './rules.ts'
export { SCRIPT_VARIABLES } from './script.ts'
export { explainPlan, type HeldStep, type HoldCode, type PlanExplained, type PlanInput, planTasks, type TaskPlan } from './sop.ts'
export type { Goal, Guardrails, Sop, SopLibrary, StepKind } from './sop-schema.ts'
export { assignStage, type Journey, nextStageState, type StageAssignment, type StageState } from './stages.ts'
export type { StageVisit } from './triggers.ts'
export { tasksToWithdraw, type Withdrawal, type WithdrawCode } from './withdraw.ts'
