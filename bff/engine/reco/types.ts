/**
 * What the recommendation engine reads: one customer's history, the catalogue and the coupon
 * templates, as plain data. The engine is pure: the same input gives the same ranking.
 */

export interface RecoProduct {
  id: number
  sku: string
  name: string
  category: string
  brand: string | null
  priceCents: number
  /** Days one unit lasts (consumables); null for goods that are not used up on a cycle. */
  cycleDays: number | null
  imageUrl: string | null
  url: string | null
}

interface RecoOrderItem { productId: number | null, quantity: number, unitPriceCents: number }

export interface RecoOrder {
  orderedAt: number
  paidCents: number
  /** Only paid, shipped and completed orders count as spend and preference. */
  counted: boolean
  items: RecoOrderItem[]
}

/** Product interest outside orders. */
export interface RecoProductEvent { type: 'product_view' | 'cart_add', occurredAt: number, productId: number }

export type CouponStatus = 'issued' | 'claimed' | 'used' | 'expired'

export interface RecoHeldCoupon {
  id: number
  templateId: number
  code: string
  status: CouponStatus
  issuedAt: number
  claimedAt: number | null
  usedAt: number | null
  expiresAt: number
}

export interface CouponAudience {
  stages?: string[]
  includeTags?: string[]
  excludeTags?: string[]
  minAovCents?: number
  maxAovCents?: number
  newCustomersOnly?: boolean
  /** Only for customers whose birthday (MM-DD, China time) falls within this many days from now. */
  birthdayWithinDays?: number
}

export interface RecoCouponTemplate {
  id: number
  code: string
  name: string
  valueKind: 'amount_off' | 'percent_off' | 'gift'
  amountOffCents: number | null
  percentOff: number | null
  giftName: string | null
  thresholdCents: number
  scopeKind: 'all' | 'category' | 'sku'
  scopeValue: string | null
  purpose: 'marketing' | 'service'
  validDays: number
  availableFrom: number | null
  availableUntil: number | null
  audience: CouponAudience
  stockTotal: number | null
  budgetCents: number | null
  issuedCount: number
  spentCents: number
  active: boolean
}

export interface RecoCustomer {
  /** Journey stage key (new, interested, activated, first_purchase, repeat, high_value, silent, churned), if computed. */
  stage: string | null
  marketingAverse: boolean
  /** MM-DD, when known. */
  birthday?: string | null
  /** Tag names the customer carries (优惠偏好 and the like). */
  tags: readonly string[]
  /** When the customer was first added (the first relation). */
  addedAt: number
  /** The customer's last interaction of any kind (message, view, order…), for silence. */
  lastActiveAt: number | null
  orders: readonly RecoOrder[]
  events: readonly RecoProductEvent[]
  coupons: readonly RecoHeldCoupon[]
}

export interface RecoInput {
  now: number
  customer: RecoCustomer
  products: readonly RecoProduct[]
  templates: readonly RecoCouponTemplate[]
}
