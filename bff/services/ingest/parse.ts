/**
 * Reading one untrusted ingest item. Each check throws an ItemError naming the field and what
 * was wrong with it, so a developer on the brand's side can fix their sender from the message.
 */
import { BUYER_KIND, type DbOrderSource, type IdentityKey } from './identity-kinds.ts'
import { normalizePhone } from '../../engine/rules/phone.ts'

export class ItemError extends Error {}

export type Obj = Record<string, unknown>

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function requireObject(v: unknown, field: string): Obj {
  if (!isObject(v))
    throw new ItemError(`${field} must be an object, got ${describe(v)}`)
  return v
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

export function requireString(o: Obj, key: string, field: string, maxLength = 200): string {
  const v = o[key]
  if (typeof v !== 'string' || v.trim() === '')
    throw new ItemError(v === undefined ? `${field} is required` : `${field} must be a non-empty string, got ${describe(v)}`)
  if (v.length > maxLength)
    throw new ItemError(`${field} is longer than ${maxLength} characters`)
  return v.trim()
}

export function optionalString(o: Obj, key: string, field: string, maxLength = 200): string | null {
  const v = o[key]
  if (v === undefined || v === null || v === '')
    return null
  if (typeof v !== 'string')
    throw new ItemError(`${field} must be a string, got ${describe(v)}`)
  if (v.length > maxLength)
    throw new ItemError(`${field} is longer than ${maxLength} characters`)
  return v.trim() || null
}

const YUAN = /^(\d{1,9})(?:\.(\d{1,2}))?$/

/** Yuan as a JSON number or string with at most 2 decimals ("398.5", 398.5) → exact integer fen. */
export function yuanToFen(v: unknown, field: string): number {
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : null
  const m = s === null ? null : YUAN.exec(s)
  if (!m)
    throw new ItemError(`${field} must be an amount in yuan, not negative, with at most 2 decimals (e.g. 398 or 398.50), got ${describe(v)}`)
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2})$/

/** An ISO 8601 time with its zone (a shop's local time without one is ambiguous) → ms. */
export function requireTime(o: Obj, key: string, field: string, now: number): number {
  const v = o[key]
  const at = typeof v === 'string' && ISO.test(v) ? Date.parse(v) : Number.NaN
  if (Number.isNaN(at))
    throw new ItemError(`${field} must be an ISO 8601 time with a time zone, e.g. 2026-11-20T10:00:00+08:00, got ${describe(v)}`)
  if (at > now + MAX_CLOCK_SKEW_MS)
    throw new ItemError(`${field} ${v} is in the future`)
  if (at < EARLIEST)
    throw new ItemError(`${field} ${v} is before 2000`)
  return at
}

/** Senders' clocks drift; a day ahead is a wrong time zone or a wrong clock. */
const MAX_CLOCK_SKEW_MS = 24 * 3600_000
const EARLIEST = Date.UTC(2000, 0, 1)

const ID_PATTERN = /^[\w\-.:@|=+/]{1,128}$/

export interface CustomerRef {
  keys: IdentityKey[]
  name: string | null
  phone: string | null
}

/** The `customer` object: at least one identifier; buyerId only where the shop is known. */
export function parseCustomer(v: unknown, field: string, source: DbOrderSource | null): CustomerRef {
  const c = requireObject(v, field)
  const keys: IdentityKey[] = []
  const id = (key: string, kind: IdentityKey['kind']) => {
    const value = optionalString(c, key, `${field}.${key}`, 128)
    if (value === null)
      return
    if (!ID_PATTERN.test(value))
      throw new ItemError(`${field}.${key} may only contain letters, digits and - _ . : @ | = + /, got ${describe(value)}`)
    keys.push({ kind, value })
  }
  let phone: string | null = null
  const rawPhone = c.phone
  if (rawPhone !== undefined && rawPhone !== null && rawPhone !== '') {
    phone = typeof rawPhone === 'string' || typeof rawPhone === 'number' ? normalizePhone(String(rawPhone)) : null
    if (!phone)
      throw new ItemError(`${field}.phone must be a mainland mobile number (11 digits starting with 1, optionally +86), got ${describe(rawPhone)}`)
    keys.push({ kind: 'phone', value: phone })
  }
  id('unionId', 'unionid')
  id('openId', 'openid')
  id('externalUserId', 'external_userid')
  id('memberId', 'member_id')
  if (c.buyerId !== undefined && c.buyerId !== null && c.buyerId !== '') {
    if (!source)
      throw new ItemError(`${field}.buyerId is a shop's own id and needs the shop: give "source" with it`)
    id('buyerId', BUYER_KIND[source])
  }
  if (keys.length === 0)
    throw new ItemError(`${field} needs at least one identifier: phone, unionId, openId, externalUserId, memberId or buyerId`)
  return { keys, name: optionalString(c, 'name', `${field}.name`, 64), phone }
}

/** Order sources the API takes, and the one it refuses by law. */
export const API_SOURCES: Record<string, DbOrderSource> = {
  youzan: 'youzan', tmall: 'tmall', taobao: 'taobao', own_mall: 'mall', mall: 'mall',
  wdt: 'wdt', jst: 'jst', weimob: 'weimob', xiaoe: 'xiaoe', zsxq: 'zsxq',
}

const REFUSED_SOURCES = new Set(['jd', 'jingdong', 'douyin', 'doudian', 'kuaishou', 'tiktok'])

export function parseSource(v: unknown, field: string): DbOrderSource {
  if (typeof v === 'string') {
    const source = API_SOURCES[v]
    if (source)
      return source
    if (REFUSED_SOURCES.has(v.toLowerCase()))
      throw new ItemError(`${field} "${v}" is refused: 京东 and 抖音/快手 do not allow their buyers' personal data to leave the platform (个人信息保护法), so their orders cannot be linked to a person`)
  }
  throw new ItemError(`${field} must be one of youzan, tmall, taobao, own_mall, wdt, jst, weimob, xiaoe, zsxq, got ${describe(v)}`)
}
