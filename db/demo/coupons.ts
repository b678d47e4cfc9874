/**
 * The demo brand's coupon book and coupon histories: templates (from COUPONS plus a few the
 * recommendations need: category, recall, high-value, service, sold-out), product lines and
 * supply cycles, and each customer's coupons derived from what their plan already says (claim
 * events, orders that used a coupon). No random draws: the customers' streams stay as they were.
 */
import type Database from 'better-sqlite3'
import { isCountedOrder } from '#rules/order-status.ts'
import { DAY, HOUR } from '#rules/time-units.ts'
import type { couponTemplates } from '../schema.ts'
import { prepareAllSql, sqlRun } from '../sql/typed-sql.ts'
import { COUPONS, MALL_BASE, PRODUCTS } from './catalog.ts'
import type { CustomerPlan, OrderRow } from './plan.ts'

/** Product line (brand) and days one unit lasts, by SKU; null cycle: not used up on a schedule. */
const PRODUCT_LINES: Readonly<Record<string, readonly [string, number | null]>> = {
  'YW-JS-70G6': ['燕初', 12],
  'YW-XD-GIFT7': ['官燕坊', 14],
  'YW-GZ-50G': ['官燕坊', 30],
  'YW-TRIAL-3': ['燕初', 6],
  'YW-LOWSUGAR-6': ['燕初', 12],
  'YSJ-ADULT-30': ['益畅', 30],
  'YSJ-KIDS-DROP': ['益畅', 40],
  'YSJ-WOMEN-60': ['益畅', 30],
  'DC-SHAKE-CHOC': ['轻食记', 10],
  'DC-SHAKE-MATCHA': ['轻食记', 10],
  'DC-BAR-12': ['轻食记', 12],
  'DC-PORRIDGE-15': ['轻食记', 15],
  'DB-WHEY-900': ['力健', 30],
  'DB-SOY-450': ['力健', 15],
  'DB-ELDER-CA': ['力健', 30],
  'JY-PEP-DRINK10': ['颜究', 10],
  'JY-POWDER-30': ['颜究', 30],
  'JS-FRUIT-10': ['益畅', 10],
  'JS-JELLY-14': ['益畅', 14],
  'GIFT-NEWYEAR': ['官燕坊', null],
  'GIFT-PARENTS': ['力健', null],
  'KC-NUTRI-21': ['营养学院', null],
  'KC-YANWO-101': ['营养学院', null],
}

export interface CouponTemplateDef extends Pick<typeof couponTemplates.$inferSelect, 'id' | 'code' | 'name' | 'valueKind' | 'amountOffCents'
  | 'percentOff' | 'giftName' | 'thresholdCents' | 'scopeKind' | 'scopeValue' | 'purpose' | 'validDays' | 'audience' | 'stockTotal'> {
  /** Budget left on top of what the generated histories spent (null: no budget). */
  budgetHeadroomCents: number | null
  /** Handed out outside the histories (a live-stream drop): counted as issued. */
  issuedElsewhere: number
}

const CATEGORY_CODES: Record<string, string> = { 燕窝: 'YW', 益生菌: 'YSJ', 代餐: 'DC', 蛋白粉: 'DB', 胶原蛋白: 'JY', 酵素: 'JS' }

function fromCatalog(): Omit<CouponTemplateDef, 'id'>[] {
  return COUPONS.map((c) => {
    const cat = c.category ? CATEGORY_CODES[c.category] : 'ALL'
    const value = c.kind === 'percent' ? `P${100 - c.percentOff}` : `${c.thresholdCents / 100 || 0}-${c.valueCents / 100}`
    const prefix = { new: 'NEW', general: 'GEN', birthday: 'BDAY', recall: 'RECALL' }[c.use]
    return {
      code: `${prefix}-${cat}-${value}`,
      name: c.name,
      valueKind: c.kind === 'percent' ? 'percent_off' : 'amount_off',
      amountOffCents: c.kind === 'percent' ? null : c.valueCents,
      percentOff: c.kind === 'percent' ? c.percentOff : null,
      giftName: null,
      thresholdCents: c.thresholdCents,
      scopeKind: c.category ? 'category' : 'all',
      scopeValue: c.category,
      purpose: 'marketing',
      validDays: c.use === 'birthday' ? 30 : c.use === 'new' ? 7 : c.use === 'recall' ? 10 : 14,
      audience: c.use === 'new' ? { newCustomersOnly: true } : c.use === 'recall' ? { stages: ['silent'] } : c.use === 'birthday' ? { birthdayWithinDays: 7 } : {},
      stockTotal: null,
      budgetHeadroomCents: c.use === 'recall' ? 3_000_000 : null,
      issuedElsewhere: 0,
    }
  })
}

const EXTRA: Omit<CouponTemplateDef, 'id'>[] = [
  { code: 'CAT-YSJ-199-40', name: '益生菌满199减40', valueKind: 'amount_off', amountOffCents: 4000, percentOff: null, giftName: null, thresholdCents: 19900, scopeKind: 'category', scopeValue: '益生菌', purpose: 'marketing', validDays: 14, audience: {}, stockTotal: null, budgetHeadroomCents: null, issuedElsewhere: 0 },
  { code: 'CAT-DC-139-20', name: '代餐满139减20', valueKind: 'amount_off', amountOffCents: 2000, percentOff: null, giftName: null, thresholdCents: 13900, scopeKind: 'category', scopeValue: '代餐', purpose: 'marketing', validDays: 14, audience: {}, stockTotal: null, budgetHeadroomCents: null, issuedElsewhere: 0 },
  { code: 'CAT-DB-259-40', name: '蛋白粉满259减40', valueKind: 'amount_off', amountOffCents: 4000, percentOff: null, giftName: null, thresholdCents: 25900, scopeKind: 'category', scopeValue: '蛋白粉', purpose: 'marketing', validDays: 14, audience: {}, stockTotal: null, budgetHeadroomCents: null, issuedElsewhere: 0 },
  { code: 'CAT-JY-238-35', name: '胶原蛋白满238减35', valueKind: 'amount_off', amountOffCents: 3500, percentOff: null, giftName: null, thresholdCents: 23800, scopeKind: 'category', scopeValue: '胶原蛋白', purpose: 'marketing', validDays: 14, audience: {}, stockTotal: null, budgetHeadroomCents: null, issuedElsewhere: 0 },
  { code: 'CAT-JS-P88', name: '酵素88折券', valueKind: 'percent_off', amountOffCents: null, percentOff: 12, giftName: null, thresholdCents: 0, scopeKind: 'category', scopeValue: '酵素', purpose: 'marketing', validDays: 14, audience: {}, stockTotal: null, budgetHeadroomCents: null, issuedElsewhere: 0 },
  { code: 'RECALL-ALL-399-100', name: '老客专属满399减100', valueKind: 'amount_off', amountOffCents: 10000, percentOff: null, giftName: null, thresholdCents: 39900, scopeKind: 'all', scopeValue: null, purpose: 'marketing', validDays: 10, audience: { stages: ['silent'], minAovCents: 30000 }, stockTotal: null, budgetHeadroomCents: 2_000_000, issuedElsewhere: 0 },
  { code: 'VIP-GIFT-JY', name: '高价值专享·满500赠胶原肽饮体验装', valueKind: 'gift', amountOffCents: null, percentOff: null, giftName: '胶原蛋白肽饮体验装', thresholdCents: 50000, scopeKind: 'all', scopeValue: null, purpose: 'marketing', validDays: 30, audience: { stages: ['high_value'] }, stockTotal: 800, budgetHeadroomCents: null, issuedElsewhere: 120 },
  { code: 'SVC-ALL-0-20', name: '售后关怀无门槛20元券', valueKind: 'amount_off', amountOffCents: 2000, percentOff: null, giftName: null, thresholdCents: 0, scopeKind: 'all', scopeValue: null, purpose: 'service', validDays: 30, audience: {}, stockTotal: null, budgetHeadroomCents: 500_000, issuedElsewhere: 0 },
  // Sold out in the 11.11 live stream: shows that stock is respected.
  { code: 'LIVE-YW-99-50', name: '直播间秒杀 燕窝满99减50', valueKind: 'amount_off', amountOffCents: 5000, percentOff: null, giftName: null, thresholdCents: 9900, scopeKind: 'category', scopeValue: '燕窝', purpose: 'marketing', validDays: 3, audience: {}, stockTotal: 2000, budgetHeadroomCents: null, issuedElsewhere: 2000 },
]

export const COUPON_TEMPLATES: readonly CouponTemplateDef[] = [...fromCatalog(), ...EXTRA].map((t, i) => ({ ...t, id: i + 1 }))
const TEMPLATE_BY_NAME = new Map(COUPON_TEMPLATES.map(t => [t.name, t]))

export const claimUrl = (code: string) => `${MALL_BASE}/coupon/claim?tpl=${code}`

/** Fixture stories that need a coupon on a given clock: 林晓雯's 满599减120 lapses tomorrow morning. */
const FIXTURE_EXPIRY: Readonly<Record<number, { name: string, expiresIn: number }>> = {
  1: { name: '满599减120', expiresIn: 20 * HOUR },
}

interface CouponRow {
  templateId: number
  code: string
  status: 'issued' | 'claimed' | 'used' | 'expired'
  issuedAt: number
  claimedAt: number | null
  usedAt: number | null
  expiresAt: number
  orderId: number | null
}

/** A plan's coupons, and the order rows' couponCode filled in for the orders that used one. */
export function planCoupons(plan: CustomerPlan, now: number): CouponRow[] {
  const id = plan.customer.id
  const rows: CouponRow[] = []
  const code = () => `CP${id.toString(36).toUpperCase().padStart(6, '0')}${String(rows.length + 1).padStart(2, '0')}`
  const claims = plan.events.filter(e => e.type === 'coupon_claim' && e.title && TEMPLATE_BY_NAME.has(e.title)).sort((a, b) => a.occurredAt - b.occurredAt)
  const orders: OrderRow[] = plan.orders.filter(o => o.couponName && TEMPLATE_BY_NAME.has(o.couponName)).sort((a, b) => a.orderedAt - b.orderedAt)
  let c = 0
  let o = 0
  // Walk claims and orders in time order: an order uses the oldest usable coupon of its template.
  while (c < claims.length || o < orders.length) {
    const claim = claims[c]
    const order = orders[o]
    if (claim && (!order || claim.occurredAt <= order.orderedAt)) {
      const t = TEMPLATE_BY_NAME.get(claim.title!)!
      const at = Math.round(claim.occurredAt)
      rows.push({ templateId: t.id, code: code(), status: 'claimed', issuedAt: at, claimedAt: at, usedAt: null, expiresAt: at + t.validDays * DAY, orderId: null })
      c++
      continue
    }
    const t = TEMPLATE_BY_NAME.get(order!.couponName!)!
    const at = Math.round(order!.orderedAt)
    let held = rows.find(r => r.templateId === t.id && r.status === 'claimed' && r.expiresAt > at)
    if (!held) {
      // Claimed where no event reports it (a marketplace, an offline drop): a few hours earlier.
      const claimedAt = at - (2 + (order!.id % 46)) * HOUR
      held = { templateId: t.id, code: code(), status: 'claimed', issuedAt: claimedAt, claimedAt, usedAt: null, expiresAt: claimedAt + t.validDays * DAY, orderId: null }
      rows.push(held)
    }
    if (order!.status !== 'pending' && order!.status !== 'cancelled') {
      Object.assign(held, { status: 'used', usedAt: at, orderId: order!.id })
      order!.couponCode = held.code
    }
    o++
  }
  const story = FIXTURE_EXPIRY[id]
  if (story) {
    const t = TEMPLATE_BY_NAME.get(story.name)!
    const held = rows.filter(r => r.templateId === t.id && r.status === 'claimed').at(-1)
    if (held)
      held.expiresAt = now + story.expiresIn
  }
  for (const r of rows) {
    if (r.status === 'claimed' && r.expiresAt <= now)
      r.status = 'expired'
  }
  return rows
}

const SQL = {
  productLine: sqlRun<[brand: string | null, cycleDays: number | null, sku: string]>('update products set brand = ?, cycle_days = ? where sku = ?'),
  template: sqlRun<[id: number, code: string, name: string, valueKind: string, amountOffCents: number | null, percentOff: number | null, giftName: string | null, thresholdCents: number,
    scopeKind: string, scopeValue: string | null, purpose: string, validDays: number, audience: string, stockTotal: number | null, claimUrl: string]>(`insert into coupon_templates (id, code, name, value_kind, amount_off_cents, percent_off, gift_name, threshold_cents,
      scope_kind, scope_value, purpose, valid_days, audience, stock_total, budget_cents, issued_count, spent_cents, claim_url, active)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, null, 0, 0, ?, 1)`),
  tally: sqlRun<[issuedCount: number, spentCents: number, budgetCents: number | null, id: number]>('update coupon_templates set issued_count = ?, spent_cents = ?, budget_cents = ? where id = ?'),
}

/** Writes the coupon book and product lines, then each customer's coupons; tallies issue and spend per template. */
export class DemoCoupons {
  private readonly issued = new Map<number, number>()
  private readonly spent = new Map<number, number>()

  constructor(private readonly sqlite: Database.Database, private readonly now: number) {}

  writeReference(): void {
    const q = prepareAllSql(this.sqlite, SQL)
    for (const p of PRODUCTS) {
      const [brand, cycle] = PRODUCT_LINES[p.sku] ?? [null, null]
      q.productLine.run(brand, cycle, p.sku)
    }
    for (const t of COUPON_TEMPLATES) {
      q.template.run(t.id, t.code, t.name, t.valueKind, t.amountOffCents, t.percentOff, t.giftName, t.thresholdCents, t.scopeKind, t.scopeValue,
        t.purpose, t.validDays, JSON.stringify(t.audience), t.stockTotal, claimUrl(t.code))
    }
  }

  /** The plan's coupons as rows for customer_coupons (its orders get their couponCode). */
  attach(plan: CustomerPlan): CustomerPlan {
    const rows = planCoupons(plan, this.now)
    for (const r of rows) {
      this.issued.set(r.templateId, (this.issued.get(r.templateId) ?? 0) + 1)
      if (r.status === 'used') {
        const order = plan.orders.find(o => o.id === r.orderId)
        if (order && isCountedOrder(order.status))
          this.spent.set(r.templateId, (this.spent.get(r.templateId) ?? 0) + order.discountCents)
      }
    }
    plan.coupons = rows
    return plan
  }

  /** Issue counts, spend and budgets from the histories written. */
  finish(): void {
    const { tally } = prepareAllSql(this.sqlite, SQL)
    for (const t of COUPON_TEMPLATES) {
      const spent = this.spent.get(t.id) ?? 0
      tally.run((this.issued.get(t.id) ?? 0) + t.issuedElsewhere, spent, t.budgetHeadroomCents === null ? null : spent + t.budgetHeadroomCents, t.id)
    }
  }
}
