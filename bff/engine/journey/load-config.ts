/**
 * Journeys and SOP libraries are data: versioned JSON files loaded once at start. They are
 * checked in full before use, and every problem is reported with the path of the bad field
 * (`sops[2].steps[1].delay: expected a duration like "12h" or "3d"`), all at once, so a broken
 * file is fixed in one pass rather than one error per restart.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type TSchema, Type } from 'typebox'
import { Value } from 'typebox/value'
import { checkScript } from './script.ts'
import { libraryShape, type SopLibrary, SopLibrarySchema, sopShapes, TRIGGER_SHAPES } from './sop-schema.ts'
import { type Journey, JourneySchema, journeyShapes } from './stages.ts'
import { parseDuration, parseTimeOfDay } from './time.ts'
import { duplicateKeyProblems, isObject, ruleProblems, type RuleScope, schemaProblems, stageKeyProblems, tagProblems } from './validate.ts'

export class ConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`${source} is invalid:\n  ${problems.join('\n  ')}`)
    this.name = 'ConfigError'
  }
}

const shallowJourney = journeyShapes(Type.Unknown()).journey
const shallow = sopShapes(Type.Unknown(), Type.Unknown(), Type.Unknown())
const shallowLibrary = libraryShape(Type.Unknown())

/** A validated journey, or a ConfigError listing every problem. */
export function parseJourney(raw: unknown, source = 'journey'): Journey {
  const problems = schemaProblems(shallowJourney, raw, '')
  const j = isObject(raw) ? raw : {}
  const stages = list(j.stages).map(s => (isObject(s) ? s : {}))
  const stageKeys = stages.map(s => s.key).filter(k => typeof k === 'string') as string[]
  const priority = list(j.priority).filter(k => typeof k === 'string') as string[]
  const fallback = typeof j.fallback === 'string' ? j.fallback : null
  const scope: RuleScope = { kind: 'stage', stageKeys }
  problems.push(...duplicateKeyProblems(stages, 'stages', 'stage'))
  stages.forEach((stage, i) => {
    if (stage.entry !== undefined)
      problems.push(...ruleProblems(stage.entry, `stages[${i}].entry`, scope))
    else if (fallback !== null && stage.key !== fallback)
      problems.push(`stages[${i}].entry: is required (only the fallback stage may omit it)`)
  })
  if (fallback !== null)
    problems.push(...stageKeyProblems(fallback, 'fallback', stageKeys))
  priority.forEach((key, i) => {
    problems.push(...stageKeyProblems(key, `priority[${i}]`, stageKeys))
    if (key === fallback)
      problems.push(`priority[${i}]: the fallback stage ${JSON.stringify(key)} is not ranked; it is what no rule matched`)
    if (priority.indexOf(key) !== i)
      problems.push(`priority[${i}]: ${JSON.stringify(key)} is listed twice`)
  })
  if (Array.isArray(j.priority)) {
    for (const key of new Set(stageKeys)) {
      if (key !== fallback && !priority.includes(key))
        problems.push(`priority: stage ${JSON.stringify(key)} is missing (every stage but the fallback must be ranked)`)
    }
  }
  return finish(JourneySchema, raw, problems, source) as Journey
}

/** A validated SOP library for `journey`, or a ConfigError listing every problem. */
export function parseSopLibrary(raw: unknown, journey: Journey, source = 'sops'): SopLibrary {
  const problems = schemaProblems(shallowLibrary, raw, '')
  const lib = isObject(raw) ? raw : {}
  if (typeof lib.journey === 'string' && lib.journey !== journey.key)
    problems.push(`journey: ${JSON.stringify(lib.journey)} is not the loaded journey ${JSON.stringify(journey.key)}`)
  const scope: RuleScope = { kind: 'sop', stageKeys: journey.stages.map(s => s.key) }
  problems.push(...duplicateKeyProblems(list(lib.sops), 'sops', 'SOP'))
  list(lib.sops).forEach((sop, i) => problems.push(...sopProblems(sop, `sops[${i}]`, scope)))
  const library = finish(SopLibrarySchema, raw, problems, source) as Omit<SopLibrary, 'stageNames'>
  parseTimings(library)
  return { ...library, stageNames: Object.fromEntries(journey.stages.map(s => [s.key, s.name])) }
}

/**
 * Parses every duration and time of day of a valid library once, now: the planner asks for them
 * for every customer and gets the parsed values back (time.ts remembers them).
 */
function parseTimings(library: Omit<SopLibrary, 'stageNames'>): void {
  const { quietHours } = library.guardrails
  parseTimeOfDay(quietHours.from)
  parseTimeOfDay(quietHours.to)
  for (const sop of library.sops) {
    const { trigger, steps } = sop
    const durations = [
      ...(trigger.type === 'stage_entered' ? [trigger.every, trigger.for] : []),
      ...(trigger.type === 'event' ? [trigger.cooldown] : []),
      ...steps.flatMap(step => [step.delay, step.inactiveFor, step.expiresAfter]),
    ]
    for (const duration of durations) {
      if (duration)
        parseDuration(duration)
    }
    for (const step of steps) {
      if (step.at)
        parseTimeOfDay(step.at)
    }
  }
}

// Each level checks its own fields, then walks into whatever nested parts are there, so one
// mistake does not hide the others.

function sopProblems(sop: unknown, path: string, scope: RuleScope): string[] {
  const out = schemaProblems(shallow.sop, sop, path)
  if (!isObject(sop))
    return out
  if (sop.trigger !== undefined)
    out.push(...triggerProblems(sop.trigger, `${path}.trigger`, scope))
  const audience = isObject(sop.audience) ? sop.audience : {}
  if (audience.rule !== undefined)
    out.push(...ruleProblems(audience.rule, `${path}.audience.rule`, scope))
  for (const field of ['includeTags', 'excludeTags'] as const)
    list(audience[field]).forEach((t, i) => out.push(...(typeof t === 'string' ? tagProblems(t, `${path}.audience.${field}[${i}]`) : [])))
  const exit = isObject(sop.exit) ? sop.exit : {}
  if (exit.goal !== undefined)
    out.push(...ruleProblems(exit.goal, `${path}.exit.goal`, scope))
  if (exit.leftStage !== undefined && isObject(sop.trigger) && sop.trigger.type !== 'stage_entered')
    out.push(`${path}.exit.leftStage: only a stage_entered trigger has a stage to leave`)
  out.push(...duplicateKeyProblems(list(sop.steps), `${path}.steps`, 'step'))
  list(sop.steps).forEach((step, j) => out.push(...stepProblems(step, `${path}.steps[${j}]`, scope)))
  return out
}

function triggerProblems(trigger: unknown, path: string, scope: RuleScope): string[] {
  if (!isObject(trigger))
    return [`${path}: expected an object with a type`]
  const types = Object.keys(TRIGGER_SHAPES)
  if (typeof trigger.type !== 'string' || !types.includes(trigger.type))
    return [`${path}.type: expected one of ${types.map(t => JSON.stringify(t)).join(', ')}`]
  const out = schemaProblems(TRIGGER_SHAPES[trigger.type as keyof typeof TRIGGER_SHAPES], trigger, path)
  if (trigger.type === 'stage_entered') {
    if (typeof trigger.stage === 'string')
      out.push(...stageKeyProblems(trigger.stage, `${path}.stage`, scope.stageKeys))
    if (trigger.for !== undefined && trigger.every === undefined)
      out.push(`${path}.for: only makes sense with every`)
  }
  if (trigger.type === 'tag_added' && typeof trigger.tag === 'string')
    out.push(...tagProblems(trigger.tag, `${path}.tag`))
  return out
}

function stepProblems(step: unknown, path: string, scope: RuleScope): string[] {
  const branching = isObject(step) && 'branches' in step
  const out = schemaProblems(branching ? shallow.branchStep : shallow.singleStep, step, path)
  if (!isObject(step))
    return out
  if (!branching)
    return [...out, ...actionProblems(step, path, scope)]
  if (step.when !== undefined)
    out.push(...ruleProblems(step.when, `${path}.when`, scope))
  const branches = list(step.branches)
  out.push(...duplicateKeyProblems(branches, `${path}.branches`, 'branch'))
  branches.forEach((b, k) => out.push(...(isObject(b) ? actionProblems(b, `${path}.branches[${k}]`, scope) : [])))
  return out
}

/** The condition and the scripts of a step or branch. */
function actionProblems(action: Record<string, unknown>, path: string, scope: RuleScope): string[] {
  const out = action.when === undefined ? [] : ruleProblems(action.when, `${path}.when`, scope)
  const script = (text: unknown, at: string) => (typeof text === 'string' ? checkScript(text).map(p => `${path}.content.${at}: ${p}`) : [])
  const content = isObject(action.content) ? action.content : {}
  const link = isObject(content.link) ? content.link : {}
  const card = isObject(content.miniprogram) ? content.miniprogram : {}
  out.push(...script(content.text, 'text'), ...script(link.title, 'link.title'), ...script(link.url, 'link.url'), ...script(card.title, 'miniprogram.title'))
  return out
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/** Throws the collected problems; otherwise the full schema must agree (it always should). */
function finish(schema: TSchema, raw: unknown, problems: string[], source: string): unknown {
  if (problems.length)
    throw new ConfigError(source, problems)
  if (!Value.Check(schema, raw))
    throw new ConfigError(source, schemaProblems(schema, raw, ''))
  return raw
}

export interface JourneyConfig {
  journey: Journey
  library: SopLibrary
}

export const DEFAULT_CONFIG_FILES = {
  journey: fileURLToPath(new URL('../../journeys/default.journey.json', import.meta.url)),
  sops: fileURLToPath(new URL('../../journeys/default.sops.json', import.meta.url)),
}

/** Reads and validates a journey and its SOP library; the only I/O in the journey engine. */
export function loadJourneyConfig(files: { journey: string, sops: string } = DEFAULT_CONFIG_FILES): JourneyConfig {
  const journey = parseJourney(readJson(files.journey), files.journey)
  return { journey, library: parseSopLibrary(readJson(files.sops), journey, files.sops) }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  }
  catch (error) {
    throw new ConfigError(file, [`not readable JSON: ${(error as Error).message}`])
  }
}
