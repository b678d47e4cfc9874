/**
 * Offline evaluation of the product recommendations, split in time: learn from everything
 * before a cutoff, predict the category of each customer's first purchase after it. Hit@3:
 * any of the three recommended products is in a category that purchase contains. Baselines
 * in the same run: the three best-selling products before the cutoff (the same for everyone),
 * and — a stronger one — the three best-selling categories.
 * Nothing after the cutoff is read for the prediction: no tags, no stages (both are computed
 * from the whole history), only orders and product events dated before it.
 */
import type Database from 'better-sqlite3'
import { prepareAllSql, sqlRows, sqlTuples } from '#db/sql/typed-sql.ts'
import { popularityOf, type RecoCustomer, type RecoOrder, type RecoProduct, type RecoProductEvent, recommendProducts } from '../engine/reco/index.ts'
import { countedOrderSql } from '../engine/rules/order-status.ts'
import { DAY } from '../engine/rules/time-units.ts'

export interface RecoEvalResult {
  cutoff: number
  /** Customers with an order before the cutoff and one after it. */
  customers: number
  hitAt3: { ours: number, popularProducts: number, popularCategories: number }
  /** The baselines' picks, for the report. */
  popularProducts: string[]
  popularCategories: string[]
}

interface OrderLineRow { id: number, customerId: number, orderedAt: number, paidCents: number, productId: number | null, quantity: number, unitPriceCents: number }

const SQL = {
  products: sqlRows<RecoProduct, []>(`select id, sku, name, category, brand, price_cents as priceCents, cycle_days as cycleDays,
    image_url as imageUrl, url from products order by id`),
  unitsSold: sqlRows<{ productId: number, n: number }, [before: number, since: number]>(`select i.product_id as productId, sum(i.quantity) as n from order_items i join orders o on o.id = i.order_id
    where o.ordered_at < ? and o.ordered_at >= ? and ${countedOrderSql('o.status')} and i.product_id is not null group by i.product_id`),
  orderLines: sqlRows<OrderLineRow, []>(`select o.id, o.customer_id as customerId, o.ordered_at as orderedAt, o.paid_cents as paidCents,
      i.product_id as productId, i.quantity, i.unit_price_cents as unitPriceCents
    from orders o join order_items i on i.order_id = o.id where ${countedOrderSql('o.status')} order by o.customer_id, o.ordered_at, o.id`),
  events: sqlRows<RecoProductEvent, [customerId: number, before: number, since: number]>(`select type, occurred_at as occurredAt, product_id as productId from events
    where customer_id = ? and type in ('product_view', 'cart_add') and product_id is not null and occurred_at < ? and occurred_at >= ?`),
  addedAt: sqlTuples<[addedAt: number | null], [customerId: number]>('select min(first_added_at) from staff_customers where customer_id = ?'),
  lastActive: sqlTuples<[lastActiveAt: number | null], [customerId: number, before: number]>(`select max(occurred_at) from events where customer_id = ? and type != 'message_out' and occurred_at < ?`),
}

export function evaluateReco(sqlite: Database.Database, cutoff: number, k = 3): RecoEvalResult {
  const q = prepareAllSql(sqlite, SQL)
  const products = q.products.all()
  const categoryOf = new Map(products.map(p => [p.id, p.category]))

  // What sold in the 90 days before the cutoff.
  const units = new Map<number, number>()
  for (const r of q.unitsSold.all(cutoff, cutoff - 90 * DAY))
    units.set(r.productId, r.n)
  const popularity = popularityOf(units)
  const bestSellers = [...units].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, k).map(([id]) => id)
  const popularProductCategories = new Set(bestSellers.map(id => categoryOf.get(id)!))
  const categoryUnits = new Map<string, number>()
  for (const [id, n] of units) categoryUnits.set(categoryOf.get(id)!, (categoryUnits.get(categoryOf.get(id)!) ?? 0) + n)
  const popularCategories = [...categoryUnits].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, k).map(([c]) => c)

  // Orders grouped per customer: before the cutoff (history) and the first one after (target).
  const byCustomer = new Map<number, { history: RecoOrder[], target: Set<string> | null, targetOrder: number | null }>()
  let current: { id: number, order: RecoOrder } | null = null
  for (const r of q.orderLines.iterate()) {
    let c = byCustomer.get(r.customerId)
    if (!c) {
      c = { history: [], target: null, targetOrder: null }
      byCustomer.set(r.customerId, c)
    }
    if (r.orderedAt < cutoff) {
      if (!current || current.id !== r.id) {
        current = { id: r.id, order: { orderedAt: r.orderedAt, paidCents: r.paidCents, counted: true, items: [] } }
        c.history.push(current.order)
      }
      current.order.items.push({ productId: r.productId, quantity: r.quantity, unitPriceCents: r.unitPriceCents })
    }
    else if (c.targetOrder === null || c.targetOrder === r.id) {
      c.targetOrder = r.id
      c.target ??= new Set()
      const category = r.productId === null ? undefined : categoryOf.get(r.productId)
      if (category)
        c.target.add(category)
    }
  }

  let n = 0
  let ours = 0
  let popProducts = 0
  let popCategories = 0
  for (const [customerId, c] of byCustomer) {
    if (!c.history.length || !c.target?.size)
      continue
    const customer: RecoCustomer = {
      stage: null,
      marketingAverse: false,
      tags: [],
      addedAt: q.addedAt.get(customerId)?.[0] ?? c.history[0]!.orderedAt,
      lastActiveAt: q.lastActive.get(customerId, cutoff)?.[0] ?? null,
      orders: c.history,
      events: q.events.all(customerId, cutoff, cutoff - 90 * DAY),
      coupons: [],
    }
    const picks = recommendProducts({ now: cutoff, customer, products, templates: [] }, popularity, k)
    const hit = (categories: Iterable<string>) => [...categories].some(cat => c.target!.has(cat))
    n++
    if (hit(picks.map(p => p.product.category)))
      ours++
    if (hit(popularProductCategories))
      popProducts++
    if (hit(popularCategories))
      popCategories++
  }
  const rate = (x: number) => (n ? x / n : 0)
  return {
    cutoff,
    customers: n,
    hitAt3: { ours: rate(ours), popularProducts: rate(popProducts), popularCategories: rate(popCategories) },
    popularProducts: bestSellers.map(id => products.find(p => p.id === id)!.name),
    popularCategories,
  }
}
