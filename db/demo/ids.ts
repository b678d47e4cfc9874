/**
 * Realistic-looking identifiers that are still guaranteed unique: each has a random-looking
 * part from the customer's stream and a part that is a bijection of the customer (or order) id.
 */
import { chinaDayKey, chinaParts } from '#rules/china-time.ts'
import { PHONE_PREFIXES } from './content.ts'
import type { IdentityKind, OrderSource } from './plan.ts'
import { encode, type Random, scramble } from './random.ts'

// 3^18 is coprime with every 10^k and 62^k modulus used below.
const MULT = 387_420_489
const B62_6 = 62 ** 6
const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const HEX = '0123456789abcdef'

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}

function code6(id: number, salt: number): string {
  return encode(scramble(id, B62_6, MULT, salt), 6)
}

/** 'wm' + 22 [A-Za-z0-9]: the shape of a WeCom external_userid. */
export function externalUserId(rng: Random, customerId: number): string {
  return `wm${rng.chars(16)}${code6(customerId, 7_340_033)}`
}

/** The 8 digits after the carrier prefix are unique per customer id. */
export function phoneNumber(rng: Random, customerId: number, reserved: ReadonlySet<string>): string {
  const rest = pad(scramble(customerId, 1e8, 43_046_721, 24_681_357), 8)
  const phone = `${rng.pick(PHONE_PREFIXES)}${rest}`
  // A fixture's hand-picked number may share the 8 digits; a prefix no fixture uses resolves it.
  return reserved.has(phone) ? `166${rest}` : phone
}

/** A generated identity value of `kind` (not phone or external_userid, which have their own). */
export function identityValue(rng: Random, kind: Exclude<IdentityKind, 'phone' | 'external_userid'>, customerId: number): string {
  switch (kind) {
    case 'unionid': return `o6_bm${rng.chars(17, URLSAFE)}${code6(customerId, 1_234_567)}`
    case 'openid': return `oK7xQ${rng.chars(17, URLSAFE)}${code6(customerId, 9_876_543)}`
    case 'member_id': return `HY${pad(scramble(customerId, 1e10, MULT, 1_357_913_579), 10)}`
    case 'youzan_buyer': return `${rng.int(1, 9)}${pad(scramble(customerId, 1e9, MULT, 600_613), 9)}`
    case 'tmall_buyer': return `AAH${rng.chars(15, URLSAFE)}${code6(customerId, 2_718_281)}`
    case 'mall_buyer': return `U${pad(scramble(customerId, 1e9, MULT, 314_159_265), 9)}`
    case 'wdt_buyer': return `KH${pad(scramble(customerId, 1e9, MULT, 161_803_398), 9)}`
    case 'xiaoe_user': return `u_${rng.chars(8, HEX)}_${code6(customerId, 5_772_156)}`
  }
}

/** The buyer identity a mall source reveals, if any. */
export function buyerKind(source: OrderSource): Exclude<IdentityKind, 'phone' | 'external_userid'> | null {
  switch (source) {
    case 'youzan': return 'youzan_buyer'
    case 'tmall': case 'taobao': return 'tmall_buyer'
    case 'mall': return 'mall_buyer'
    case 'wdt': return 'wdt_buyer'
    case 'xiaoe': return 'xiaoe_user'
    default: return null
  }
}

/** yyyyMMddHHmmss in China time, whatever the machine's time zone. */
function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

function chinaStamp(ms: number): string {
  const p = chinaParts(ms)
  return `${p.year}${two(p.month)}${two(p.day)}${two(p.hour)}${two(p.minute)}${two(p.second)}`
}

/** The order number as the source system prints it; unique per (source, order id). */
export function sourceOrderId(rng: Random, source: OrderSource, orderId: number, orderedAt: number): string {
  const stamp = chinaStamp(orderedAt)
  switch (source) {
    case 'youzan': return `E${stamp}${pad(scramble(orderId, 1e9, MULT, 11), 9)}`
    case 'tmall': case 'taobao': return `${rng.int(1, 4)}${rng.digits(8)}${pad(scramble(orderId, 1e10, MULT, 4_242_424_242), 10)}`
    case 'mall': return `SO${stamp.slice(0, 8)}${pad(scramble(orderId, 1e8, 43_046_721, 777), 8)}`
    case 'wdt': return `JY${stamp.slice(0, 8)}${pad(scramble(orderId, 1e8, 43_046_721, 31_337), 8)}`
    case 'xiaoe': return `o_${Math.floor(orderedAt / 1000)}_${code6(orderId, 8_675_309)}`
    default: return `${source.toUpperCase()}${stamp}${pad(orderId, 8)}`
  }
}

/** MM-DD of `ms` in China time. */
export function chinaMonthDay(ms: number): string {
  return chinaDayKey(ms).slice(5)
}
