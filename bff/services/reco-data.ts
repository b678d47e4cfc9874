/**
 * Reads what the recommendation engine needs for one customer — orders with items, recent
 * product views and cart adds, coupons held, tags, stage — plus the catalogue, the coupon book
 * and what sells. Statements are prepared once per database; the catalogue-wide popularity is
 * cached for a few minutes (it scans every order line).
 */
import type { Db } from '../../db/client.ts'
import { DAY, type RecoCouponTemplate, type RecoCustomer, type RecoHeldCoupon, type RecoOrder, type RecoProduct, type RecoProductEvent } from '../engine/reco/index.ts'
import { popularityOf } from '../engine/reco/index.ts'
import { keptPerDb } from './kept-per-db.ts'
import { preparedPerDb } from './prepared.ts'

/** Browsing older than this no longer says much about what they want now. */
const EVENT_WINDOW = 90 * DAY
const POPULARITY_WINDOW = 90 * DAY
const POPULARITY_TTL = 10 * 60_000

const statements = preparedPerDb((db: Db) => {
  const s = db.$client
  return {
    customer: s.prepare(`select c.name, c.marketing_averse as marketingAverse, c.birthday, c.created_at as createdAt,
        (select min(first_added_at) from staff_customers where customer_id = c.id) as addedAt,
        (select stage_key from customer_stages where customer_id = c.id) as stage,
        (select max(occurred_at) from events where customer_id = c.id and type != 'message_out') as lastEventAt
      from customers c where c.id = ?`),
    tags: s.prepare('select t.name from customer_tags ct join tags t on t.id = ct.tag_id where ct.customer_id = ?').pluck(),
    orders: s.prepare(`select o.id, o.ordered_at as orderedAt, o.paid_cents as paidCents, o.status,
        i.product_id as productId, i.quantity, i.unit_price_cents as unitPriceCents
      from orders o left join order_items i on i.order_id = o.id where o.customer_id = ? order by o.ordered_at, o.id, i.id`),
    events: s.prepare(`select type, occurred_at as occurredAt, product_id as productId from events
      where customer_id = ? and type in ('product_view', 'cart_add') and occurred_at >= ? and product_id is not null`),
    coupons: s.prepare(`select id, template_id as templateId, code, status, issued_at as issuedAt, claimed_at as claimedAt,
        used_at as usedAt, expires_at as expiresAt from customer_coupons where customer_id = ? order by id`),
    products: s.prepare(`select id, sku, name, category, brand, price_cents as priceCents, cycle_days as cycleDays,
        image_url as imageUrl, url from products order by id`),
    templates: s.prepare('select * from coupon_templates order by id'),
    popularity: s.prepare(`select i.product_id as productId, sum(i.quantity) as units from order_items i join orders o on o.id = i.order_id
      where o.ordered_at >= ? and o.status in ('paid', 'shipped', 'completed') and i.product_id is not null group by i.product_id`),
    meta: s.prepare('select value from meta where key = ?').pluck(),
  }
})

type TemplateRow = Record<string, unknown> & { audience: string }

export function toTemplate(r: TemplateRow): RecoCouponTemplate {
  let audience: RecoCouponTemplate['audience'] = {}
  try {
    audience = JSON.parse(r.audience) as RecoCouponTemplate['audience']
  }
  catch {
    // A hand-edited audience that is not JSON: treat the template as for no one.
    audience = { stages: [] , includeTags: ['__invalid_audience__'] }
  }
  return {
    id: r.id as number,
    code: r.code as string,
    name: r.name as string,
    valueKind: r.value_kind as RecoCouponTemplate['valueKind'],
    amountOffCents: r.amount_off_cents as number | null,
    percentOff: r.percent_off as number | null,
    giftName: r.gift_name as string | null,
    thresholdCents: r.threshold_cents as number,
    scopeKind: r.scope_kind as RecoCouponTemplate['scopeKind'],
    scopeValue: r.scope_value as string | null,
    purpose: r.purpose as RecoCouponTemplate['purpose'],
    validDays: r.valid_days as number,
    availableFrom: r.available_from as number | null,
    availableUntil: r.available_until as number | null,
    audience,
    stockTotal: r.stock_total as number | null,
    budgetCents: r.budget_cents as number | null,
    issuedCount: r.issued_count as number,
    spentCents: r.spent_cents as number,
    active: Boolean(r.active),
  }
}

export interface Catalog { products: RecoProduct[], templates: RecoCouponTemplate[], claimUrls: Map<number, string> }

/**
 * Products and coupon templates change rarely but are read on every 推荐 open (half its cost):
 * kept for a few seconds, and dropped at once when a send here changes a template's counts.
 * A send re-reads them fresh inside its transaction, so stock is never judged on a stale copy.
 */
const catalog = keptPerDb<Catalog>(5_000)

export function invalidateCatalog(db: Db): void {
  catalog.forget(db)
}

export function loadCatalog(db: Db, options: { fresh?: boolean } = {}): Catalog {
  if (options.fresh)
    catalog.forget(db)
  return catalog.get(db, '', performance.now(), () => {
    const q = statements(db)
    const rows = q.templates.all() as TemplateRow[]
    return {
      products: q.products.all() as RecoProduct[],
      templates: rows.map(toTemplate),
      claimUrls: new Map(rows.map(r => [r.id as number, r.claim_url as string])),
    }
  })
}

export interface LoadedCustomer extends RecoCustomer { name: string }

export function loadRecoCustomer(db: Db, customerId: number, now: number): LoadedCustomer {
  const q = statements(db)
  const c = q.customer.get(customerId) as { name: string, marketingAverse: number, birthday: string | null, createdAt: number, addedAt: number | null, stage: string | null, lastEventAt: number | null }
  const orders: RecoOrder[] = []
  let last: { id: number, order: RecoOrder } | null = null
  for (const r of q.orders.all(customerId) as { id: number, orderedAt: number, paidCents: number, status: string, productId: number | null, quantity: number | null, unitPriceCents: number | null }[]) {
    if (!last || last.id !== r.id) {
      last = { id: r.id, order: { orderedAt: r.orderedAt, paidCents: r.paidCents, counted: r.status === 'paid' || r.status === 'shipped' || r.status === 'completed', items: [] } }
      orders.push(last.order)
    }
    if (r.quantity !== null)
      last.order.items.push({ productId: r.productId, quantity: r.quantity, unitPriceCents: r.unitPriceCents ?? 0 })
  }
  return {
    name: c.name,
    stage: c.stage,
    marketingAverse: Boolean(c.marketingAverse),
    birthday: c.birthday,
    tags: q.tags.all(customerId) as string[],
    addedAt: c.addedAt ?? c.createdAt,
    lastActiveAt: c.lastEventAt,
    orders,
    events: q.events.all(customerId, now - EVENT_WINDOW) as RecoProductEvent[],
    coupons: q.coupons.all(customerId) as RecoHeldCoupon[],
  }
}

const popularity = keptPerDb<Map<number, number>>(POPULARITY_TTL)

/** Units sold per product over the last 90 days, scaled to the best seller; cached 10 minutes. */
export function loadPopularity(db: Db, now: number): Map<number, number> {
  return popularity.get(db, '', now, () => {
    const rows = statements(db).popularity.all(now - POPULARITY_WINDOW) as { productId: number, units: number }[]
    return popularityOf(new Map(rows.map(r => [r.productId, r.units])))
  })
}

/** The brand's mall mini-program, when configured (meta 'reco_miniprogram'): cards go out as mini-program cards. */
export interface MallMiniprogram { appid: string, couponPage: string, productPage: string, myCouponsPage: string }

export function loadMiniprogram(db: Db): MallMiniprogram | null {
  const raw = statements(db).meta.get('reco_miniprogram') as string | undefined
  if (!raw)
    return null
  try {
    const v = JSON.parse(raw) as Partial<MallMiniprogram>
    return v.appid ? { appid: v.appid, couponPage: v.couponPage ?? 'pages/coupon/claim', productPage: v.productPage ?? 'pages/goods/detail', myCouponsPage: v.myCouponsPage ?? 'pages/coupon/list' } : null
  }
  catch {
    return null
  }
}
