/**
 * Orders for one generated customer, and the behaviour that surrounds each of them
 * (viewed, put in cart, claimed and used a coupon, got a shipping notice).
 */
import { isCountedOrder, type OrderStatus } from '#rules/order-status.ts'
import { DAY, HOUR, MINUTE } from '#rules/time-units.ts'
import { type Category, COUPONS, type CouponDef, GOODS_BY_CATEGORY, type PreferenceCategory, PRODUCTS, type ProductDef } from './catalog.ts'
import { SHIPPING_NOTICE } from './content.ts'
import { sourceOrderId } from './ids.ts'
import { awake, event, type EventRow, type OrderItemRow, type OrderRow, type OrderSource } from './plan.ts'
import type { Random } from './random.ts'

export type DealTaste = 'reduction' | 'percent' | 'none'

export interface OrderPlanInput {
  /** How many orders that count (not refunded or cancelled). */
  count: number
  /** Add one refunded, cancelled or pending order on top. */
  extraBad: boolean
  /** Earliest and latest order time. */
  from: number
  to: number
  now: number
  preferred: PreferenceCategory
  taste: DealTaste
  /** Coupon from the welcome message, used on the first order when it comes soon after. */
  welcomeCoupon: CouponDef | null
  addedAt: number
  /** Total paid spend the orders must exceed (high-value customers), 0 for none. */
  minSpendCents: number
  staffId: number
}

const SOURCE_WEIGHTS: readonly (readonly [OrderSource, number])[] = [
  ['youzan', 35], ['tmall', 22], ['taobao', 8], ['mall', 20], ['wdt', 8], ['xiaoe', 7],
]
const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['燕窝', 30], ['益生菌', 18], ['代餐', 14], ['蛋白粉', 12], ['胶原蛋白', 14], ['酵素', 8], ['礼盒', 4],
]
const COURSES = GOODS_BY_CATEGORY.课程
const PRODUCT_URLS = new Map(PRODUCTS.map(p => [p.id, p.url]))
const PREMIUM = PRODUCTS.filter(p => p.priceCents >= 69900 && p.category !== '课程')

/** Orders and their companion events; `nextOrderId` hands out the global order ids. */
export function planOrders(rng: Random, input: OrderPlanInput, nextOrderId: () => number): { orders: OrderRow[], events: EventRow[] } {
  const orders: OrderRow[] = []
  const events: EventRow[] = []
  const total = input.count + (input.extraBad ? 1 : 0)
  if (total === 0)
    return { orders, events }
  const times: number[] = []
  for (let i = 0; i < total; i++) {
    const t = input.from + rng.next() * Math.max(input.to - input.from, MINUTE)
    times.push(Math.round(awake(rng, t, input.from, input.to)))
  }
  let badIndex = input.extraBad ? rng.int(0, total - 1) : -1
  // A recent customer's extra order is often the one still waiting for payment.
  if (input.extraBad && input.now - input.to < 40 * DAY && rng.chance(0.35))
    times[badIndex] = Math.round(input.now - rng.float(20 * MINUTE, 40 * HOUR))
  const badAt = times[badIndex]
  times.sort((a, b) => a - b)
  if (badAt !== undefined)
    badIndex = times.indexOf(badAt)
  // Big spenders buy goods; leaving courses out keeps topUp() able to reach the spend line.
  const sources = input.minSpendCents > 0 ? SOURCE_WEIGHTS.filter(([s]) => s !== 'xiaoe') : SOURCE_WEIGHTS
  const homeSource = rng.weighted(sources)

  times.forEach((orderedAt, i) => {
    const source = rng.chance(0.75) ? homeSource : rng.weighted(sources)
    const items = source === 'xiaoe' ? courseItems(rng) : goodsItems(rng, input.preferred)
    const gross = items.reduce((s, it) => s + it.unitPriceCents * it.quantity, 0)
    const coupon = pickCoupon(rng, input, i === 0 && orderedAt > input.addedAt && orderedAt - input.addedAt < 14 * DAY, gross)
    const discount = coupon ? discountOf(coupon, gross) : 0
    const status = i === badIndex ? badStatus(rng, input.now - orderedAt) : goodStatus(rng, input.now - orderedAt)
    const paidAt = status === 'pending' || status === 'cancelled' ? null : orderedAt + rng.int(5_000, 10 * MINUTE)
    const id = nextOrderId()
    orders.push({
      id,
      source,
      sourceOrderId: sourceOrderId(rng, source, id, orderedAt),
      status,
      totalCents: gross,
      discountCents: discount,
      paidCents: gross - discount,
      couponName: coupon?.name ?? null,
      orderedAt,
      paidAt,
      items,
    })
    companionEvents(rng, events, input, source, orderedAt, items, coupon, discount, status)
  })

  if (input.minSpendCents > 0)
    topUp(rng, orders, input.minSpendCents)
  return { orders, events }
}

function goodsItems(rng: Random, preferred: PreferenceCategory): OrderItemRow[] {
  const n = rng.weighted([[1, 65], [2, 27], [3, 8]] as const)
  const chosen: ProductDef[] = []
  for (let tries = 0; chosen.length < n && tries < 10; tries++) {
    const category = rng.chance(0.65) ? preferred : rng.weighted(CATEGORY_WEIGHTS)
    const p = rng.pick(GOODS_BY_CATEGORY[category])
    if (!chosen.includes(p))
      chosen.push(p)
  }
  return chosen.map(p => ({
    productId: p.id,
    name: p.name,
    quantity: rng.weighted([[1, 80], [2, 15], [3, 5]] as const),
    // Live-stream and festival prices: about one line in five is sold below list price.
    unitPriceCents: rng.chance(0.2) ? Math.round(p.priceCents * 0.9 / 100) * 100 : p.priceCents,
  }))
}

function courseItems(rng: Random): OrderItemRow[] {
  const p = rng.pick(COURSES)
  return [{ productId: p.id, name: p.name, quantity: 1, unitPriceCents: p.priceCents }]
}

function pickCoupon(rng: Random, input: OrderPlanInput, isWelcomeWindow: boolean, gross: number): CouponDef | null {
  if (isWelcomeWindow && input.welcomeCoupon && rng.chance(0.6))
    return input.welcomeCoupon
  const p = input.taste === 'none' ? 0.06 : 0.6
  if (!rng.chance(p))
    return null
  const kind = input.taste === 'none' ? rng.pick(['reduction', 'percent'] as const) : input.taste
  const usable = COUPONS.filter(c => c.use !== 'new' && c.kind === kind && c.thresholdCents <= gross && (c.category === null || c.category === input.preferred))
  return usable.length ? rng.pick(usable) : null
}

function discountOf(coupon: CouponDef, gross: number): number {
  const d = coupon.kind === 'percent' ? Math.round(gross * coupon.percentOff / 100) : coupon.valueCents
  return Math.min(d, gross - 100)
}

function goodStatus(rng: Random, age: number): OrderStatus {
  if (age < DAY)
    return 'paid'
  if (age < 4 * DAY)
    return rng.chance(0.3) ? 'paid' : 'shipped'
  if (age < 12 * DAY)
    return rng.chance(0.6) ? 'shipped' : 'completed'
  return 'completed'
}

function badStatus(rng: Random, age: number): OrderStatus {
  if (age < 2 * DAY)
    return rng.chance(0.7) ? 'pending' : 'cancelled'
  return rng.chance(0.55) ? 'refunded' : 'cancelled'
}

function companionEvents(rng: Random, events: EventRow[], input: OrderPlanInput, source: OrderSource, at: number, items: OrderItemRow[], coupon: CouponDef | null, discount: number, status: OrderStatus): void {
  // Only our own mall and mini-program report views, carts and coupon use; marketplaces do not.
  const own = source === 'youzan' || source === 'mall'
  const first = items[0]!
  const touch = source === 'mall' ? 'miniprogram' : 'mall'
  if (own && rng.chance(0.7))
    events.push(event('product_view', touch, at - rng.float(5 * MINUTE, 3 * DAY), { productId: first.productId, title: first.name, url: PRODUCT_URLS.get(first.productId), durationSeconds: rng.int(8, 240) }))
  if (own && rng.chance(0.55))
    events.push(event('cart_add', touch, at - rng.float(2 * MINUTE, 6 * HOUR), { productId: first.productId, title: first.name, url: PRODUCT_URLS.get(first.productId), amountCents: first.unitPriceCents * first.quantity }))
  if (own && coupon) {
    if (coupon !== input.welcomeCoupon && rng.chance(0.7))
      events.push(event('coupon_claim', 'miniprogram', at - rng.float(HOUR, 5 * DAY), { title: coupon.name, amountCents: coupon.valueCents || null }))
    events.push(event('coupon_use', touch, at, { title: coupon.name, amountCents: discount }))
  }
  if (status !== 'pending' && status !== 'cancelled' && source !== 'xiaoe' && rng.chance(0.45))
    events.push(event('message_out', 'single_chat', at + rng.float(20 * HOUR, 2 * DAY), { content: SHIPPING_NOTICE, staffId: input.staffId }))
}

/** High-value customers must pass the spend line: add a premium item to counted orders until they do. */
function topUp(rng: Random, orders: OrderRow[], minSpend: number): void {
  const counted = orders.filter(o => isCountedOrder(o.status))
  let spend = counted.reduce((s, o) => s + o.paidCents, 0)
  const goods = counted.filter(o => o.source !== 'xiaoe')
  for (let i = 0; spend <= minSpend && goods.length > 0; i++) {
    const o = goods[i % goods.length]!
    const p = rng.pick(PREMIUM)
    const existing = o.items.find(it => it.productId === p.id)
    if (existing)
      existing.quantity += 1
    else
      o.items.push({ productId: p.id, name: p.name, quantity: 1, unitPriceCents: p.priceCents })
    o.totalCents += p.priceCents
    o.paidCents += p.priceCents
    spend += p.priceCents
  }
}
