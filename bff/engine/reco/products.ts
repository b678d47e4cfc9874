/**
 * Products for a customer: the categories and brands they favour, complements of what they
 * bought, and consumables due again by their own purchase cycle (a 30-day box bought 28 days
 * ago) — never what they just bought. Cold customers get what sells, told as such.
 */
import { COMPLEMENTS } from './complements.ts'
import { buildProfile, type CustomerProfile, normalised } from './profile.ts'
import { round2, type Scored, scored, type Term } from './terms.ts'
import { DAY } from '../rules/time-units.ts'
import type { RecoInput, RecoProduct } from './types.ts'

export const PRODUCT_LIMIT = 4
/** At most this many products of one category in the list: the next purchase may be elsewhere. */
const PER_CATEGORY = 2
/**
 * A consumable is due from a week (at most a quarter of its cycle) before it runs out, and stays
 * due this long after.
 */
const DUE_BEFORE = 7 * DAY
const DUE_AFTER = 45 * DAY
const dueFrom = (cover: number) => cover - Math.min(DUE_BEFORE, cover / 4)
/** Goods without a cycle are not offered again this soon after being bought. */
const JUST_BOUGHT = 30 * DAY

export interface RankedProduct extends Scored {
  product: RecoProduct
}

export type ProductExclusion = 'just_bought' | 'course_owned'

/** Why a product is left out for this customer now, or null. */
export function productExclusion(p: RecoProduct, profile: CustomerProfile, now: number): ProductExclusion | null {
  const last = profile.lastPurchase.get(p.id)
  if (!last)
    return null
  const elapsed = now - last.at
  if (p.cycleDays !== null)
    return elapsed < dueFrom(p.cycleDays * last.quantity * DAY) ? 'just_bought' : null
  if (p.category === '课程')
    return 'course_owned'
  return elapsed < JUST_BOUGHT ? 'just_bought' : null
}

function interestText(category: string, profile: CustomerProfile): string {
  if (profile.boughtCategories.has(category))
    return `常买${category}`
  const views = profile.browsedCategories.get(category) ?? 0
  return views > 1 ? `浏览${category} ${views} 次` : `看过${category}`
}

function productTerms(p: RecoProduct, input: RecoInput, profile: CustomerProfile, popularity: ReadonlyMap<number, number>): Term[] {
  const { now } = input
  const terms: Term[] = []
  const category = normalised(profile.categoryAffinity).get(p.category) ?? 0
  if (category > 0)
    terms.push({ key: 'category', points: round2(3 * category), text: interestText(p.category, profile) })
  const brand = p.brand ? normalised(profile.brandAffinity).get(p.brand) ?? 0 : 0
  if (brand > 0)
    // Named only when the brand, not the category, is what they come back for.
    terms.push({ key: 'brand', points: round2(brand), text: brand >= 0.5 && category < 0.5 ? `偏好${p.brand}` : null })

  // Complements of what they bought, weighted by how much of their buying that category is.
  let bought = 0
  for (const n of profile.boughtCategories.values()) bought += n
  let complement = 0
  let from: string | null = null
  for (const [c, n] of profile.boughtCategories) {
    const rank = COMPLEMENTS[c]?.indexOf(p.category) ?? -1
    if (rank < 0 || c === p.category)
      continue
    const w = (rank === 0 ? 1.2 : 0.8) * n / bought
    if (w > complement) {
      complement = w
      from = c
    }
  }
  // Worded only for a category they do not buy yet: for one they do, 常买 says it better.
  if (from)
    terms.push({ key: 'complement', points: round2(complement), text: profile.boughtCategories.has(p.category) ? null : `买过${from}，可搭配${p.category}` })

  // Due again by their own cycle.
  const last = profile.lastPurchase.get(p.id)
  if (last && p.cycleDays !== null) {
    const cover = p.cycleDays * last.quantity * DAY
    const elapsed = now - last.at
    if (elapsed >= dueFrom(cover) && elapsed <= cover + DUE_AFTER) {
      const days = Math.floor(elapsed / DAY)
      const supply = last.quantity > 1 ? `${last.quantity}件共${p.cycleDays * last.quantity}天用量` : `${p.cycleDays}天装`
      terms.push({ key: 'repurchase', points: 4, text: `${supply} · ${days} 天前购买，该补货了` })
    }
  }

  // Looked at or put in the cart lately, and not bought since.
  let viewed = 0
  let carted = false
  for (const e of input.customer.events) {
    if (e.productId !== p.id || e.occurredAt > now || now - e.occurredAt > 30 * DAY || (last && last.at > e.occurredAt))
      continue
    if (e.type === 'cart_add')
      carted = true
    else
      viewed++
  }
  if (carted)
    terms.push({ key: 'cart', points: 1.5, text: '加购未买' })
  else if (viewed)
    terms.push({ key: 'viewed', points: round2(Math.min(viewed, 3) * 0.4), text: viewed > 1 ? `近期看过 ${viewed} 次` : '近期看过' })

  // Price against what they usually spend; big spenders are not held back.
  if (profile.orderCount > 0 && input.customer.stage !== 'high_value') {
    const ratio = p.priceCents / profile.aovCents
    if (ratio > 2.5)
      terms.push({ key: 'price', points: -1, text: null })
    else if (ratio >= 0.4)
      terms.push({ key: 'price', points: 0.3, text: null })
  }

  // What sells, as a small prior (and the whole story for a customer we know nothing about).
  const pop = popularity.get(p.id) ?? 0
  if (pop > 0)
    terms.push({ key: 'popular', points: round2(0.5 * pop), text: category === 0 && !from && pop >= 0.5 ? '店内热销' : null })
  return terms
}

/** Units sold per product, scaled so the best seller is 1. */
export function popularityOf(unitsByProduct: ReadonlyMap<number, number>): Map<number, number> {
  let max = 0
  for (const v of unitsByProduct.values()) max = Math.max(max, v)
  return new Map([...unitsByProduct].map(([k, v]) => [k, max > 0 ? v / max : 0]))
}

/**
 * The best products, at most `limit`, no more than PER_CATEGORY of one category. Ties go to the
 * lower product id, so the ranking is deterministic.
 */
export function recommendProducts(input: RecoInput, popularity: ReadonlyMap<number, number> = new Map(), limit = PRODUCT_LIMIT, profile = buildProfile(input.customer, input.products, input.now)): RankedProduct[] {
  const candidates = input.products
    .filter(p => productExclusion(p, profile, input.now) === null)
    .map(product => ({ product, ...scored(productTerms(product, input, profile, popularity), '店内热销') }))
    .sort((a, b) => b.score - a.score || a.product.id - b.product.id)
  const picked: RankedProduct[] = []
  const perCategory = new Map<string, number>()
  for (const c of candidates) {
    const n = perCategory.get(c.product.category) ?? 0
    if (n >= PER_CATEGORY)
      continue
    perCategory.set(c.product.category, n + 1)
    picked.push(c)
    if (picked.length >= limit)
      break
  }
  return picked
}
