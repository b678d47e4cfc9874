/**
 * The journey engine's public surface: what services use. Pure functions over CustomerFacts with
 * the clock passed in; the only I/O is loadJourneyConfig, once at start.
 */
export type { CustomerFacts, FactOrder, FactRelation, FactTask } from './facts.ts'
export { ConfigError, DEFAULT_CONFIG_FILES, type JourneyConfig, loadJourneyConfig } from './load-config.ts'
export { eventTypesRead } from './reads.ts'
export { explainPlan, type TaskPlan } from './sop.ts'
export type { Guardrails } from './sop-schema.ts'
export { assignStage, nextStageState, type StageState } from './stages.ts'
export type { StageVisit } from './triggers.ts'
