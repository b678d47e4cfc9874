/**
 * Config problems as "path: what is wrong" lines. TypeBox checks shapes one level at a time
 * (a rule, a trigger, a step); unions are told apart here by their distinguishing key, because a
 * failed union reports every alternative's complaint and none of them names the real mistake.
 */
import type { TSchema } from 'typebox'
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { ruleVariants, WINDOWED_FACTS } from './rules.ts'
import { DURATION_PATTERN, TIME_OF_DAY_PATTERN } from './time.ts'

const PATTERN_MESSAGES: Record<string, string> = {
  [DURATION_PATTERN]: 'expected a duration like "12h" or "3d" (m, h or d)',
  [TIME_OF_DAY_PATTERN]: 'expected a time of day like "09:00" (00:00–23:59)',
  '^[a-z][a-z0-9_]*$': 'expected a key of lowercase letters, digits and _ (like "new_customer")',
}

/** `stages[2].entry` + `/all/0` → `stages[2].entry.all[0]`. */
function joinPath(base: string, pointer: string): string {
  return pointer.split('/').slice(1).reduce((path, raw) => {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    return /^\d+$/.test(seg) ? `${path}[${seg}]` : path ? `${path}.${seg}` : seg
  }, base)
}

/** Shape problems of `value` against `schema`, each naming its field. */
export function schemaProblems(schema: TSchema, value: unknown, path: string): string[] {
  const out: string[] = []
  for (const e of Value.Errors(schema, value)) {
    const at = joinPath(path, e.instancePath) || '(root)'
    const params = e.params as Record<string, unknown>
    switch (e.keyword) {
      case 'boolean':
        // additionalProperties: false reports each extra field twice; the keyword below names them.
        break
      case 'additionalProperties':
        for (const k of params.additionalProperties as string[]) out.push(`${joinPath(path, `${e.instancePath}/${k}`)}: unknown field`)
        break
      case 'required':
        for (const k of params.requiredProperties as string[]) {
          if (!isObject(value) || !hasAt(value, e.instancePath, k))
            out.push(`${joinPath(path, `${e.instancePath}/${k}`)}: is required`)
        }
        break
      case 'enum':
        out.push(`${at}: expected one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}`)
        break
      case 'const':
        out.push(`${at}: expected ${JSON.stringify(params.allowedValue)}`)
        break
      case 'pattern':
        out.push(`${at}: ${PATTERN_MESSAGES[params.pattern as string] ?? e.message}`)
        break
      case 'type':
        out.push(`${at}: expected ${params.type === 'object' ? 'an object' : params.type === 'array' ? 'a list' : `a ${params.type}`}`)
        break
      case 'minItems':
        out.push(`${at}: needs at least ${params.limit as number} item${params.limit === 1 ? '' : 's'}`)
        break
      case 'minLength':
        out.push(`${at}: must not be empty`)
        break
      default:
        out.push(`${at}: ${e.message}`)
    }
  }
  return [...new Set(out)]
}

function hasAt(root: object, pointer: string, key: string): boolean {
  let node: unknown = root
  for (const seg of pointer.split('/').slice(1)) node = isObject(node) ? (node as Record<string, unknown>)[seg] : undefined
  return isObject(node) && key in node
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const SHALLOW_RULES = ruleVariants(Type.Unknown())
type RuleKey = keyof typeof SHALLOW_RULES
const RULE_KEYS = Object.keys(SHALLOW_RULES) as RuleKey[]

export interface RuleScope {
  /** Stage entry rules have no trigger and cannot depend on the stage. */
  kind: 'stage' | 'sop'
  /** Known stage keys, for `inStage`. */
  stageKeys: readonly string[]
}

/** Problems of a rule and its nested rules. */
export function ruleProblems(value: unknown, path: string, scope: RuleScope): string[] {
  if (!isObject(value))
    return [`${path}: expected a rule object, e.g. { "fact": "orderCount", "op": ">=", "value": 1 }`]
  const keys = RULE_KEYS.filter(k => k in value)
  if (keys.length !== 1) {
    return [keys.length
      ? `${path}: a rule has exactly one of ${RULE_KEYS.join(', ')}; found ${keys.join(' and ')}`
      : `${path}: unknown rule with fields ${Object.keys(value).join(', ') || '(none)'}; expected one of ${RULE_KEYS.join(', ')}`]
  }
  const key = keys[0]!
  const shape = schemaProblems(SHALLOW_RULES[key], value, path)
  if (shape.length)
    return shape
  switch (key) {
    case 'all':
    case 'any':
      return (value[key] as unknown[]).flatMap((child, i) => ruleProblems(child, `${path}.${key}[${i}]`, scope))
    case 'not':
      return ruleProblems(value.not, `${path}.not`, scope)
    case 'fact':
      return windowProblems(value, path, scope, WINDOWED_FACTS.includes(value.fact as never) ? null : `${value.fact as string} is a number of days, not something counted in a window`)
    case 'event':
      return windowProblems(value.event as Record<string, unknown>, `${path}.event`, scope, null)
    case 'coupon':
      return windowProblems(value, path, scope, null)
    case 'tag':
      return tagProblems(value.tag as string, `${path}.tag`)
    case 'inStage':
      if (scope.kind === 'stage')
        return [`${path}.inStage: a stage's entry rule cannot depend on the stage`]
      return (value.inStage as string[]).flatMap((k, i) => stageKeyProblems(k, `${path}.inStage[${i}]`, scope.stageKeys))
    default:
      return []
  }
}

function windowProblems(node: Record<string, unknown>, path: string, scope: RuleScope, notWindowed: string | null): string[] {
  const out: string[] = []
  if (node.withinDays !== undefined && node.sinceTrigger)
    out.push(`${path}: use withinDays or sinceTrigger, not both`)
  if (notWindowed && (node.withinDays !== undefined || node.sinceTrigger))
    out.push(`${path}.${node.withinDays !== undefined ? 'withinDays' : 'sinceTrigger'}: ${notWindowed}`)
  if (node.sinceTrigger && scope.kind === 'stage')
    out.push(`${path}.sinceTrigger: only SOP rules have a trigger`)
  return out
}

export function tagProblems(ref: string, path: string): string[] {
  const colon = ref.indexOf(':')
  return colon === 0 || colon === ref.length - 1 ? [`${path}: expected "组:标签" or "标签", got ${JSON.stringify(ref)}`] : []
}

export function stageKeyProblems(key: string, path: string, stageKeys: readonly string[]): string[] {
  return stageKeys.includes(key) ? [] : [`${path}: unknown stage ${JSON.stringify(key)} (stages: ${[...new Set(stageKeys)].join(', ')})`]
}

/** `${path}: duplicate key "x"` for every repeat of a key in a list. */
export function duplicateKeyProblems(items: readonly unknown[], path: string, what: string): string[] {
  const seen = new Set<unknown>()
  const out: string[] = []
  items.forEach((item, i) => {
    const key = isObject(item) ? item.key : undefined
    if (typeof key !== 'string')
      return
    if (seen.has(key))
      out.push(`${path}[${i}].key: duplicate ${what} key ${JSON.stringify(key)}`)
    seen.add(key)
  })
  return out
}
