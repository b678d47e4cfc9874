/**
 * Reads what the recommendation engine needs for one customer — orders with items, recent
 * product views and cart adds, coupons held, tags, stage — plus the catalogue, the coupon book
 * and what sells. Statements are prepared once per database; the catalogue-wide popularity is
 * cached for a few minutes (it scans every order line).
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { customerCoupons, customerTags, meta, products, tags } from '#db/schema.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import { type CouponAudience, popularityOf, type RecoCouponTemplate, type RecoCustomer, type RecoOrder, type RecoProduct, type RecoProductEvent } from '../engine/reco/index.ts'
import { countedOrderSql, isCountedOrder } from '../engine/rules/order-status.ts'
import { DAY, MINUTE } from '../engine/rules/time-units.ts'
import { keptPerDb } from './kept-per-db.ts'
import { preparedPerDb } from './prepared.ts'

/** Browsing older than this no longer says much about what they want now. */
const EVENT_WINDOW = 90 * DAY
const POPULARITY_WINDOW = 90 * DAY
const POPULARITY_TTL = 10 * MINUTE

interface CustomerRow { name: string, marketingAverse: number, birthday: string | null, createdAt: number, addedAt: number | null, stage: string | null, lastEventAt: number | null }
interface OrderLineRow { id: number, orderedAt: number, paidCents: number, status: string, productId: number | null, quantity: number | null, unitPriceCents: number | null }

/** A coupon_templates row as stored: the audience is JSON text, parsed by `toTemplate`. */
export type TemplateRow = Omit<RecoCouponTemplate, 'audience' | 'active'> & { audience: string, active: number, claimUrl: string }

const SQL = {
  customer: sqlRows<CustomerRow, [customerId: number]>(`select c.name, c.marketing_averse as marketingAverse, c.birthday, c.created_at as createdAt,
      (select min(first_added_at) from staff_customers where customer_id = c.id) as addedAt,
      (select stage_key from customer_stages where customer_id = c.id) as stage,
      (select max(occurred_at) from events where customer_id = c.id and type != 'message_out') as lastEventAt
    from customers c where c.id = ?`),
  // Every order, counted or not, with its lines (none: one row of nulls).
  orders: sqlRows<OrderLineRow, [customerId: number]>(`select o.id, o.ordered_at as orderedAt, o.paid_cents as paidCents, o.status,
      i.product_id as productId, i.quantity, i.unit_price_cents as unitPriceCents
    from orders o left join order_items i on i.order_id = o.id where o.customer_id = ? order by o.ordered_at, o.id, i.id`),
  events: sqlRows<RecoProductEvent, [customerId: number, since: number]>(`select type, occurred_at as occurredAt, product_id as productId from events
    where customer_id = ? and type in ('product_view', 'cart_add') and occurred_at >= ? and product_id is not null`),
  // The audience stays text here: drizzle's json mode would throw on a hand-edited value that is not JSON.
  templates: sqlRows<TemplateRow, []>(`select id, code, name, value_kind as valueKind, amount_off_cents as amountOffCents, percent_off as percentOff,
      gift_name as giftName, threshold_cents as thresholdCents, scope_kind as scopeKind, scope_value as scopeValue, purpose,
      valid_days as validDays, available_from as availableFrom, available_until as availableUntil, audience,
      stock_total as stockTotal, budget_cents as budgetCents, issued_count as issuedCount, spent_cents as spentCents,
      claim_url as claimUrl, active
    from coupon_templates order by id`),
  popularity: sqlRows<{ productId: number, units: number }, [since: number]>(`select i.product_id as productId, sum(i.quantity) as units from order_items i join orders o on o.id = i.order_id
    where o.ordered_at >= ? and ${countedOrderSql('o.status')} and i.product_id is not null group by i.product_id`),
}

/** A customer's coupons as the engine reads them; the caller adds which ones. */
export function selectHeldCoupons(db: Db) {
  return db.select({
    id: customerCoupons.id,
    templateId: customerCoupons.templateId,
    code: customerCoupons.code,
    status: customerCoupons.status,
    issuedAt: customerCoupons.issuedAt,
    claimedAt: customerCoupons.claimedAt,
    usedAt: customerCoupons.usedAt,
    expiresAt: customerCoupons.expiresAt,
  }).from(customerCoupons)
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  tags: db.select({ name: tags.name }).from(customerTags).innerJoin(tags, eq(tags.id, customerTags.tagId))
    .where(eq(customerTags.customerId, sql.placeholder('customerId'))).prepare(),
  coupons: selectHeldCoupons(db).where(eq(customerCoupons.customerId, sql.placeholder('customerId'))).orderBy(asc(customerCoupons.id)).prepare(),
  products: db.select({
    id: products.id,
    sku: products.sku,
    name: products.name,
    category: products.category,
    brand: products.brand,
    priceCents: products.priceCents,
    cycleDays: products.cycleDays,
    imageUrl: products.imageUrl,
    url: products.url,
  }).from(products).orderBy(asc(products.id)).prepare(),
  meta: db.select({ value: meta.value }).from(meta).where(eq(meta.key, sql.placeholder('key'))).prepare(),
}))

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(x => typeof x === 'string')
const AUDIENCE_FIELDS: Record<keyof CouponAudience, (v: unknown) => boolean> = {
  stages: isStrings,
  includeTags: isStrings,
  excludeTags: isStrings,
  minAovCents: v => typeof v === 'number',
  maxAovCents: v => typeof v === 'number',
  newCustomersOnly: v => typeof v === 'boolean',
  birthdayWithinDays: v => typeof v === 'number',
}

/** The audience a template's JSON names; null when it is not an audience (not JSON, or a field of the wrong type). */
function parseAudience(text: string): CouponAudience | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  }
  catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return null
  const fields = new Map<string, unknown>(Object.entries(value))
  const audience: Record<string, unknown> = {}
  for (const [key, valid] of Object.entries(AUDIENCE_FIELDS)) {
    const field = fields.get(key)
    if (field === undefined)
      continue
    if (!valid(field))
      return null
    audience[key] = field
  }
  return audience
}

export function toTemplate(r: TemplateRow): RecoCouponTemplate {
  const { claimUrl: _claimUrl, ...template } = r
  return {
    ...template,
    // A hand-edited audience that is not one: treat the template as for no one.
    audience: parseAudience(r.audience) ?? { stages: [], includeTags: ['__invalid_audience__'] },
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
    const rows = q.templates.all()
    return {
      products: q.products.all(),
      templates: rows.map(toTemplate),
      claimUrls: new Map(rows.map(r => [r.id, r.claimUrl])),
    }
  })
}

export interface LoadedCustomer extends RecoCustomer { name: string }

export function loadRecoCustomer(db: Db, customerId: number, now: number): LoadedCustomer {
  const q = statements(db)
  const c = q.customer.get(customerId)
  if (!c)
    throw new Error(`customer ${customerId} not found`)
  const orders: RecoOrder[] = []
  let last: { id: number, order: RecoOrder } | null = null
  for (const r of q.orders.all(customerId)) {
    if (!last || last.id !== r.id) {
      last = { id: r.id, order: { orderedAt: r.orderedAt, paidCents: r.paidCents, counted: isCountedOrder(r.status), items: [] } }
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
    tags: q.tags.all({ customerId }).map(t => t.name),
    addedAt: c.addedAt ?? c.createdAt,
    lastActiveAt: c.lastEventAt,
    orders,
    events: q.events.all(customerId, now - EVENT_WINDOW),
    coupons: q.coupons.all({ customerId }),
  }
}

const popularity = keptPerDb<Map<number, number>>(POPULARITY_TTL)

/** Units sold per product over the last 90 days, scaled to the best seller; cached 10 minutes. */
export function loadPopularity(db: Db, now: number): Map<number, number> {
  return popularity.get(db, '', now, () => {
    const rows = statements(db).popularity.all(now - POPULARITY_WINDOW)
    return popularityOf(new Map(rows.map(r => [r.productId, r.units])))
  })
}

/** The brand's mall mini-program, when configured (meta 'reco_miniprogram'): cards go out as mini-program cards. */
export interface MallMiniprogram { appid: string, couponPage: string, productPage: string, myCouponsPage: string }

export function loadMiniprogram(db: Db): MallMiniprogram | null {
  const raw = statements(db).meta.get({ key: 'reco_miniprogram' })?.value
  if (!raw)
    return null
  let v: unknown
  try {
    v = JSON.parse(raw)
  }
  catch {
    return null
  }
  if (typeof v !== 'object' || v === null)
    return null
  const fields = new Map<string, unknown>(Object.entries(v))
  const text = (key: keyof MallMiniprogram, fallback = ''): string => {
    const field = fields.get(key)
    return typeof field === 'string' ? field : fallback
  }
  const appid = text('appid')
  return appid ? { appid, couponPage: text('couponPage', 'pages/coupon/claim'), productPage: text('productPage', 'pages/goods/detail'), myCouponsPage: text('myCouponsPage', 'pages/coupon/list') } : null
}
