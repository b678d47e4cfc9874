/**
 * Reading one untrusted ingest item: a TypeBox schema checks its shape, then small conversions
 * (yuan → fen, phone normalisation, times, identifiers) make the stored values. Either step
 * throws an ItemError naming the field and what was wrong with it, so a developer on the
 * brand's side can fix their sender from the message.
 *
 * Each schema that can be refused carries a `reason` (what the field must be); the first error
 * TypeBox finds becomes `<field> <reason>, got <value>`, `<field> is required` or
 * `<field> is longer than <n> characters`.
 */
import { type Static, type TSchema, Type } from 'typebox'
import { Compile } from 'typebox/compile'
import { normalizePhone } from '#rules/phone.ts'
import { DAY } from '#rules/time-units.ts'
import { BUYER_KIND, type DbOrderSource, type IdentityKey } from './identity-kinds.ts'

export class ItemError extends Error {}

export type Obj = Record<string, unknown>

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function describe(v: unknown): string {
  if (v === null)
    return 'null'
  if (Array.isArray(v))
    return 'an array'
  if (typeof v === 'string')
    return v.length > 40 ? `"${v.slice(0, 40)}…"` : `"${v}"`
  if (typeof v === 'object')
    return 'an object'
  return `${typeof v} ${String(v)}`
}

/** What a field must be (`, got <value>` is added), or the whole reason from the value. */
type Reason = string | ((value: unknown) => string)

/** A string with something in it besides spaces; trimmed after the check. */
export function RequiredText(maxLength: number) {
  return Type.String({ maxLength, pattern: '\\S', reason: 'must be a non-empty string' })
}

/** A string, or absent, null or '' (all read as null); trimmed after the check. */
export function OptionalText(maxLength: number, reason: Reason = 'must be a string', pattern?: string) {
  return Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength, ...(pattern ? { pattern } : {}), reason }))
}

/** A string from a fixed list. */
export function OneOf<const T extends readonly string[]>(values: T, reason: Reason = `must be one of ${values.join(', ')}`) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], reason })
}

const YUAN_REASON = 'must be an amount in yuan, not negative, with at most 2 decimals (e.g. 398 or 398.50)'
/** Yuan as a JSON number or string; `yuanToFen` reads it. */
export const Yuan = Type.Unsafe<number | string>({ type: ['number', 'string'], reason: YUAN_REASON })
export const OptionalYuan = Type.Optional(Type.Unsafe<number | string | null>({ type: ['number', 'string', 'null'], reason: YUAN_REASON }))

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})$/
const TIME_REASON = 'must be an ISO 8601 time with a time zone, e.g. 2026-11-20T10:00:00+08:00'
/** An ISO 8601 time with its zone (a shop's local time without one is ambiguous); `readTime` reads it. */
export const IsoTime = Type.String({ pattern: ISO.source, reason: TIME_REASON })

/** Senders' clocks drift; a day ahead is a wrong time zone or a wrong clock. */
const MAX_CLOCK_SKEW_MS = DAY
const EARLIEST = Date.UTC(2000, 0, 1)

/** Order sources the API takes, and the ones it refuses by law. */
export const API_SOURCES: Record<string, DbOrderSource> = {
  youzan: 'youzan', tmall: 'tmall', taobao: 'taobao', own_mall: 'mall', mall: 'mall',
  wdt: 'wdt', jst: 'jst', weimob: 'weimob', xiaoe: 'xiaoe', zsxq: 'zsxq',
}
const REFUSED_SOURCES = new Set(['jd', 'jingdong', 'douyin', 'doudian', 'kuaishou', 'tiktok'])

function sourceReason(v: unknown): string {
  if (typeof v === 'string' && REFUSED_SOURCES.has(v.toLowerCase()))
    return `"${v}" is refused: 京东 and 抖音/快手 do not allow their buyers' personal data to leave the platform (个人信息保护法), so their orders cannot be linked to a person`
  return `must be one of youzan, tmall, taobao, own_mall, wdt, jst, weimob, xiaoe, zsxq, got ${describe(v)}`
}

export const Source = Type.Unsafe<string>({ type: 'string', enum: Object.keys(API_SOURCES), reason: sourceReason })
export const OptionalSource = Type.Optional(Type.Unsafe<string | null>({ type: ['string', 'null'], enum: [...Object.keys(API_SOURCES), null], reason: sourceReason }))

/** An identifier: letters, digits and a few separators, spaces around it allowed (trimmed). */
const ID_PATTERN = '^\\s*(?:[\\w\\-.:@|=+/]+\\s*)?$'
const Identifier = OptionalText(128, v => typeof v === 'string'
  ? `may only contain letters, digits and - _ . : @ | = + /, got ${describe(v.trim())}`
  : `must be a string, got ${describe(v)}`, ID_PATTERN)

/** The `customer` object: at least one identifier (checked by `readCustomer`). */
export const Customer = Type.Object({
  phone: Type.Optional(Type.Unsafe<string | number | null>({
    type: ['string', 'number', 'null'],
    reason: 'must be a mainland mobile number (11 digits starting with 1, optionally +86)',
  })),
  unionId: Identifier,
  openId: Identifier,
  externalUserId: Identifier,
  memberId: Identifier,
  buyerId: Identifier,
  name: OptionalText(64),
}, { reason: 'must be an object' })

/**
 * Checks `raw` against `schema` (compiled once per schema) and answers it typed, or throws the
 * ItemError for the first thing wrong with it; `root` names the item itself ('order', 'event').
 */
export function itemChecker<T extends TSchema>(schema: T, root: string) {
  const validator = Compile(schema)
  return (raw: unknown): Static<T> => {
    if (validator.Check(raw))
      return raw as Static<T>
    const [first] = validator.Errors(raw)
    throw new ItemError(first ? explain(schema, root, raw, first) : `${root} is not valid`)
  }
}

interface SchemaError { keyword: string, schemaPath: string, instancePath: string, params: unknown, message: string }

function explain(schema: TSchema, root: string, raw: unknown, error: SchemaError): string {
  const path = error.instancePath.split('/').slice(1).map(decodePointer)
  if (error.keyword === 'required') {
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? ''
    return `${fieldName(root, [...path, missing])} is required`
  }
  const field = fieldName(root, path)
  if (error.keyword === 'maxLength')
    return `${field} is longer than ${(error.params as { limit: number }).limit} characters`
  const value = path.reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], raw)
  const reason = (schemaAt(schema, error.schemaPath) as { reason?: Reason } | undefined)?.reason
  if (typeof reason === 'function')
    return `${field} ${reason(value)}`
  return `${field} ${reason ?? error.message}, got ${describe(value)}`
}

/** `items/0/price` → `items[0].price`; the item itself is `root`. */
function fieldName(root: string, path: string[]): string {
  if (path.length === 0)
    return root
  return path.map((key, i) => /^\d+$/.test(key) ? `[${key}]` : i === 0 ? key : `.${key}`).join('')
}

function schemaAt(schema: TSchema, pointer: string): unknown {
  return pointer.split('/').slice(1).map(decodePointer).reduce<unknown>((s, key) => (s as Record<string, unknown>)?.[key], schema)
}

function decodePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~')
}

/** A checked optional text: trimmed, null when empty. */
export function text(v: string | null | undefined): string | null {
  return v?.trim() || null
}

const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/

/** Yuan as a JSON number or string with at most 2 decimals ("398.5", 398.5) → exact integer fen. */
export function yuanToFen(v: unknown, field: string): number {
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : null
  const m = s === null ? null : YUAN.exec(s)
  if (!m)
    throw new ItemError(`${field} ${YUAN_REASON}, got ${describe(v)}`)
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** A checked `IsoTime` → ms, refused when it is not a real time, in the future or before 2000. */
export function readTime(v: string, field: string, now: number): number {
  const at = Date.parse(v)
  if (Number.isNaN(at))
    throw new ItemError(`${field} ${TIME_REASON}, got ${describe(v)}`)
  if (at > now + MAX_CLOCK_SKEW_MS)
    throw new ItemError(`${field} ${v} is in the future`)
  if (at < EARLIEST)
    throw new ItemError(`${field} ${v} is before 2000`)
  return at
}

/** A checked `Source` → the stored source. */
export function readSource(v: string): DbOrderSource {
  const source = API_SOURCES[v]
  if (!source)
    throw new ItemError(`source ${sourceReason(v)}`)
  return source
}

export interface CustomerRef {
  keys: IdentityKey[]
  name: string | null
  phone: string | null
}

/** A checked `Customer` → its identity keys; buyerId only where the shop is known. */
export function readCustomer(c: Static<typeof Customer>, field: string, source: DbOrderSource | null): CustomerRef {
  const keys: IdentityKey[] = []
  let phone: string | null = null
  if (c.phone !== undefined && c.phone !== null && c.phone !== '') {
    phone = normalizePhone(String(c.phone))
    if (!phone)
      throw new ItemError(`${field}.phone must be a mainland mobile number (11 digits starting with 1, optionally +86), got ${describe(c.phone)}`)
    keys.push({ kind: 'phone', value: phone })
  }
  const id = (value: string | null | undefined, kind: IdentityKey['kind']) => {
    const trimmed = text(value)
    if (trimmed !== null)
      keys.push({ kind, value: trimmed })
  }
  id(c.unionId, 'unionid')
  id(c.openId, 'openid')
  id(c.externalUserId, 'external_userid')
  id(c.memberId, 'member_id')
  if (c.buyerId !== undefined && c.buyerId !== null && c.buyerId !== '') {
    if (!source)
      throw new ItemError(`${field}.buyerId is a shop's own id and needs the shop: give "source" with it`)
    id(c.buyerId, BUYER_KIND[source])
  }
  if (keys.length === 0)
    throw new ItemError(`${field} needs at least one identifier: phone, unionId, openId, externalUserId, memberId or buyerId`)
  return { keys, name: text(c.name), phone }
}
