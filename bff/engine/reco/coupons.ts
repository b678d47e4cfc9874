/**
 * Which coupon templates a customer may get (eligibility, with the reason for each refusal) and
 * which fit them best (ranking): the category and brand they favour, their spending band, the
 * goal of their stage (new: first order; silent: a larger coupon scaled to past spend; high
 * value: the exclusive ones), their taste for 满减 or 折扣, and whether they use what they claim.
 */
import { chinaDate, chinaMidnight } from '../rules/china-time.ts'
import { DAY } from '../rules/time-units.ts'
import { buildProfile, type CustomerProfile, normalised } from './profile.ts'
import { spendBandText } from './format.ts'
import { round2, type Scored, scored, type Term } from './terms.ts'
import type { RecoCouponTemplate, RecoCustomer, RecoHeldCoupon, RecoInput, RecoProduct } from './types.ts'

export const COUPON_LIMIT = 4

export type IneligibleReason
  = | 'inactive' | 'not_available' | 'out_of_stock' | 'over_budget' | 'marketing_averse'
    | 'audience_stage' | 'audience_tag' | 'audience_aov' | 'audience_birthday' | 'new_customers_only' | 'already_held'

interface CouponVerdict {
  template: RecoCouponTemplate
  eligible: boolean
  /** Why not, for an ineligible template. */
  why: IneligibleReason | null
}

interface RankedCoupon extends Scored {
  template: RecoCouponTemplate
}

/** Silence from which a customer counts as silent even before the journey says so. */
const SILENT_DAYS = 60

/** Held and still usable: issued or claimed, not past its expiry. */
function isUnused(c: RecoHeldCoupon, now: number): boolean {
  return (c.status === 'issued' || c.status === 'claimed') && c.expiresAt > now
}

/**
 * What handing this coupon out commits from the budget: the amount off, or the percentage of the
 * threshold (else the customer's usual order, else ¥100). Gifts are budgeted by stock only.
 */
export function couponCost(t: RecoCouponTemplate, aovCents: number): number {
  switch (t.valueKind) {
    case 'amount_off': return t.amountOffCents ?? 0
    case 'percent_off': return Math.round((t.percentOff ?? 0) / 100 * Math.max(t.thresholdCents, aovCents, 10000))
    default: return 0
  }
}

export function couponEligibility(t: RecoCouponTemplate, customer: RecoCustomer, profile: CustomerProfile, now: number): IneligibleReason | null {
  if (!t.active)
    return 'inactive'
  if ((t.availableFrom !== null && now < t.availableFrom) || (t.availableUntil !== null && now >= t.availableUntil))
    return 'not_available'
  if (t.stockTotal !== null && t.issuedCount >= t.stockTotal)
    return 'out_of_stock'
  if (t.budgetCents !== null && t.spentCents + couponCost(t, profile.aovCents) > t.budgetCents)
    return 'over_budget'
  if (customer.marketingAverse && t.purpose !== 'service')
    return 'marketing_averse'
  const a = t.audience
  if (a.stages?.length && !(customer.stage && a.stages.includes(customer.stage)))
    return 'audience_stage'
  if (a.includeTags?.length && !a.includeTags.some(tag => customer.tags.includes(tag)))
    return 'audience_tag'
  if (a.excludeTags?.some(tag => customer.tags.includes(tag)))
    return 'audience_tag'
  if ((a.minAovCents !== undefined && profile.aovCents < a.minAovCents) || (a.maxAovCents !== undefined && profile.orderCount > 0 && profile.aovCents > a.maxAovCents))
    return 'audience_aov'
  if (a.birthdayWithinDays !== undefined) {
    const days = daysToBirthday(customer.birthday ?? null, now)
    if (days === null || days > a.birthdayWithinDays)
      return 'audience_birthday'
  }
  if (a.newCustomersOnly && profile.orderCount > 0)
    return 'new_customers_only'
  if (customer.coupons.some(c => c.templateId === t.id && isUnused(c, now)))
    return 'already_held'
  return null
}

/** Whole China calendar days from today to the customer's next birthday (0: today); null when unknown. */
function daysToBirthday(mmdd: string | null, now: number): number | null {
  const m = mmdd ? /^(\d{2})-(\d{2})$/.exec(mmdd) : null
  if (!m)
    return null
  const today = chinaDate(now)
  const start = chinaMidnight(today)
  const birthday = (year: number) => chinaMidnight({ year, month: Number(m[1]), day: Number(m[2]) })
  let next = birthday(today.year)
  if (next < start)
    next = birthday(today.year + 1)
  return Math.round((next - start) / DAY)
}

/** The category a coupon is for: its scope category, or its SKU's category. */
function scopeCategory(t: RecoCouponTemplate, products: readonly RecoProduct[]): string | null {
  if (t.scopeKind === 'category')
    return t.scopeValue
  if (t.scopeKind === 'sku')
    return products.find(p => p.sku === t.scopeValue)?.category ?? null
  return null
}

/** Fen off on an order of `basis` fen. */
function valueAt(t: RecoCouponTemplate, basis: number): number {
  if (t.valueKind === 'amount_off')
    return t.amountOffCents ?? 0
  if (t.valueKind === 'percent_off')
    return Math.round(basis * (t.percentOff ?? 0) / 100)
  return 0
}

function interestText(category: string, profile: CustomerProfile): string {
  if (profile.boughtCategories.has(category))
    return `常买${category}`
  const views = profile.browsedCategories.get(category) ?? 0
  return views > 1 ? `浏览${category} ${views} 次` : `看过${category}`
}

function lastCouponOutcome(coupons: readonly RecoHeldCoupon[], now: number): 'used' | 'wasted' | null {
  let latest: RecoHeldCoupon | null = null
  for (const c of coupons) {
    if (c.claimedAt === null || (c.status !== 'used' && c.status !== 'expired' && c.expiresAt > now))
      continue
    if (!latest || c.claimedAt > latest.claimedAt!)
      latest = c
  }
  if (!latest)
    return null
  return latest.status === 'used' ? 'used' : 'wasted'
}

function couponTerms(t: RecoCouponTemplate, input: RecoInput, profile: CustomerProfile): Term[] {
  const { customer } = input
  const terms: Term[] = []
  const affinity = normalised(profile.categoryAffinity)
  const category = scopeCategory(t, input.products)
  const hasOrders = profile.orderCount > 0
  const silentDays = customer.stage === 'silent' || (hasOrders && (profile.daysSilent ?? 0) >= SILENT_DAYS) ? profile.daysSilent : null

  // Fit: a category coupon for what they favour; none for a category they never showed interest in.
  if (category) {
    const a = affinity.get(category) ?? 0
    terms.push(a > 0 ? { key: 'category', points: round2(3 * a), text: interestText(category, profile) } : { key: 'category', points: -1.5, text: null })
  }
  else {
    terms.push({ key: 'category', points: 0.8, text: null })
  }

  // Spending band: a threshold they reach with their usual order.
  if (hasOrders) {
    const aov = profile.aovCents
    if (t.thresholdCents <= aov * 1.15)
      terms.push({ key: 'band', points: t.thresholdCents >= aov * 0.5 ? 1.5 : 0.8, text: spendBandText(aov) })
    else if (t.thresholdCents <= aov * 1.6)
      terms.push({ key: 'band', points: 0.3, text: null })
    else
      terms.push({ key: 'band', points: -1.5, text: null })
  }
  else {
    terms.push({ key: 'band', points: t.thresholdCents === 0 ? 1 : t.thresholdCents <= 20000 ? 0 : -1, text: null })
  }

  // Value: the share taken off their usual order.
  const basis = Math.max(t.thresholdCents, profile.aovCents || 20000)
  const share = basis > 0 ? valueAt(t, basis) / basis : 0
  terms.push({ key: 'value', points: round2(Math.min(share, 0.5) * 5), text: null })

  // The stage's goal.
  const stages = t.audience.stages ?? []
  if (!hasOrders) {
    if (t.audience.newCustomersOnly)
      terms.push({ key: 'stage', points: 3, text: '新客首单' })
  }
  else if (silentDays !== null) {
    // A larger coupon, scaled to what they used to spend: value against 20% of their usual order.
    const scaled = profile.aovCents > 0 ? Math.min(valueAt(t, basis) / (0.2 * profile.aovCents), 1.5) : 0
    terms.push({ key: 'stage', points: round2(1 + 2 * scaled + (stages.includes('silent') ? 1 : 0)), text: `沉默 ${silentDays} 天` })
  }
  else if (customer.stage === 'high_value') {
    if (stages.includes('high_value') || t.audience.minAovCents !== undefined)
      terms.push({ key: 'stage', points: 3, text: '高价值专享' })
  }
  else if (customer.stage && stages.includes(customer.stage)) {
    terms.push({ key: 'stage', points: 1.5, text: null })
  }

  // A birthday coupon says whose birthday it is.
  if (t.audience.birthdayWithinDays !== undefined) {
    const days = daysToBirthday(customer.birthday ?? null, input.now)
    terms.push({ key: 'birthday', points: 2, text: days === 0 ? '今天生日' : `${days} 天后生日` })
  }

  // Taste: the kind of deal they respond to (优惠偏好).
  if (t.valueKind === 'amount_off' && customer.tags.includes('满减敏感'))
    terms.push({ key: 'taste', points: 1, text: '偏好满减' })
  else if (t.valueKind === 'percent_off' && customer.tags.includes('折扣敏感'))
    terms.push({ key: 'taste', points: 1, text: '偏好折扣' })

  // Habit: the last coupon they claimed — used, or left to expire?
  const outcome = lastCouponOutcome(customer.coupons, input.now)
  if (outcome === 'used')
    terms.push({ key: 'habit', points: 0.5, text: null })
  else if (outcome === 'wasted')
    terms.push({ key: 'habit', points: t.thresholdCents === 0 ? 0.5 : -0.5, text: t.thresholdCents === 0 ? '上次的券未使用，选无门槛' : null })

  // Service coupons are for making things right, not for selling: offered, but after the rest.
  if (t.purpose === 'service' && !customer.marketingAverse)
    terms.push({ key: 'purpose', points: -2, text: null })
  return terms
}

export interface CouponRecommendation {
  ranked: RankedCoupon[]
  verdicts: CouponVerdict[]
}

/** Eligible templates, best first (ties by template id), at most `limit`; and every verdict. */
export function recommendCoupons(input: RecoInput, limit = COUPON_LIMIT, profile = buildProfile(input.customer, input.products, input.now)): CouponRecommendation {
  const verdicts: CouponVerdict[] = input.templates.map((template) => {
    const why = couponEligibility(template, input.customer, profile, input.now)
    return { template, eligible: why === null, why }
  })
  const ranked = verdicts.filter(v => v.eligible).map(({ template }) => ({
    template,
    ...scored(couponTerms(template, input, profile), template.purpose === 'service' ? '服务补偿券' : '店铺通用券'),
  }))
  ranked.sort((a, b) => b.score - a.score || a.template.id - b.template.id)
  return { ranked: ranked.slice(0, limit), verdicts }
}

/** A held coupon expires within this long: the sidebar warns and offers a reminder. */
export const EXPIRY_WARNING = DAY
