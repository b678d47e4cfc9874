/**
 * What the engine knows about a customer before ranking anything: category and brand affinity
 * (orders weighted by recency, views, cart adds), spend band, silence, and when each product was
 * last bought. Every ranking term and every reason is computed from these numbers.
 */
import { DAY } from '../rules/time-units.ts'
import type { RecoCustomer, RecoProduct } from './types.ts'

/** Weights of the affinity signals; a purchase counts for far more than a look. */
const AFFINITY_WEIGHTS = { order: 3, cart: 1.5, view: 0.6 } as const
/** Half-lives: purchases fade over half a year, browsing over two weeks. */
const HALF_LIFE = { order: 180 * DAY, browse: 14 * DAY } as const

interface LastPurchase { at: number, quantity: number }

export interface CustomerProfile {
  /** Counted orders. */
  orderCount: number
  spendCents: number
  /** Average paid value of counted orders; 0 without orders. */
  aovCents: number
  /** Affinity per category and brand, recency-weighted sums of the signals. */
  categoryAffinity: Map<string, number>
  brandAffinity: Map<string, number>
  /** Categories the customer bought (counted orders), with order lines. */
  boughtCategories: Map<string, number>
  /** Views and cart adds per category (any age). */
  browsedCategories: Map<string, number>
  lastPurchase: Map<number, LastPurchase>
  lastOrderAt: number | null
  /** Days since the last interaction; null when never active. */
  daysSilent: number | null
}

const decay = (age: number, halfLife: number) => 0.5 ** (Math.max(age, 0) / halfLife)

function add(map: Map<string, number>, key: string | null | undefined, w: number) {
  if (key)
    map.set(key, (map.get(key) ?? 0) + w)
}

export function buildProfile(customer: RecoCustomer, products: readonly RecoProduct[], now: number): CustomerProfile {
  const byId = new Map(products.map(p => [p.id, p]))
  const categoryAffinity = new Map<string, number>()
  const brandAffinity = new Map<string, number>()
  const boughtCategories = new Map<string, number>()
  const browsedCategories = new Map<string, number>()
  const lastPurchase = new Map<number, LastPurchase>()
  let orderCount = 0
  let spendCents = 0
  let lastOrderAt: number | null = null

  for (const o of customer.orders) {
    if (!o.counted || o.orderedAt > now)
      continue
    orderCount++
    spendCents += o.paidCents
    lastOrderAt = lastOrderAt === null ? o.orderedAt : Math.max(lastOrderAt, o.orderedAt)
    const w = AFFINITY_WEIGHTS.order * decay(now - o.orderedAt, HALF_LIFE.order)
    for (const it of o.items) {
      const p = it.productId === null ? undefined : byId.get(it.productId)
      if (!p)
        continue
      const q = Math.min(it.quantity, 3)
      add(categoryAffinity, p.category, w * q)
      add(brandAffinity, p.brand, w * q)
      add(boughtCategories, p.category, 1)
      const last = lastPurchase.get(p.id)
      if (!last || o.orderedAt > last.at)
        lastPurchase.set(p.id, { at: o.orderedAt, quantity: it.quantity })
      else if (o.orderedAt === last.at)
        last.quantity += it.quantity
    }
  }
  for (const e of customer.events) {
    if (e.occurredAt > now)
      continue
    const p = byId.get(e.productId)
    if (!p)
      continue
    const w = (e.type === 'cart_add' ? AFFINITY_WEIGHTS.cart : AFFINITY_WEIGHTS.view) * decay(now - e.occurredAt, HALF_LIFE.browse)
    add(categoryAffinity, p.category, w)
    add(brandAffinity, p.brand, w)
    add(browsedCategories, p.category, 1)
  }
  const lastActive = Math.max(customer.lastActiveAt ?? -Infinity, lastOrderAt ?? -Infinity)
  return {
    orderCount,
    spendCents,
    aovCents: orderCount ? Math.round(spendCents / orderCount) : 0,
    categoryAffinity,
    brandAffinity,
    boughtCategories,
    browsedCategories,
    lastPurchase,
    lastOrderAt,
    daysSilent: Number.isFinite(lastActive) ? Math.floor((now - lastActive) / DAY) : null,
  }
}

/** Affinity scaled so the customer's strongest category (or brand) is 1. */
export function normalised(map: ReadonlyMap<string, number>): Map<string, number> {
  let max = 0
  for (const v of map.values()) max = Math.max(max, v)
  return new Map([...map].map(([k, v]) => [k, max > 0 ? v / max : 0]))
}
