/**
 * Orders from the brand's shops into the orders tables, linked to one customer per person.
 * One transaction per batch (one fsync-free WAL commit), each item in its own savepoint so a bad
 * item leaves nothing behind while the good ones land. `source` + `sourceOrderId` identifies an
 * order: sent again it updates in place (a refund arriving later) or, unchanged, is a duplicate.
 */
import type Database from 'better-sqlite3'
import { Type } from 'typebox'
import type { orderStatuses } from '#db/schema.ts'
import { isCountedOrder, ORDER_STATUS_RANK } from '#rules/order-status.ts'
import type { DbOrderSource } from './identity-kinds.ts'
import { resolveCustomer } from './identity-resolve.ts'
import { Customer, type CustomerRef, describe, IsoTime, ItemError, itemChecker, OneOf, OptionalText, readCustomer, readSource, readTime, RequiredText, Source, text, Yuan, yuanToFen } from './parse.ts'
import { emptyResult, type IngestResult } from './result.ts'
import { preparedPerDb } from '../prepared.ts'
import { prepareAllSql, sqlRows, sqlRun, sqlTuples } from '#db/sql/typed-sql.ts'

type OrderStatus = typeof orderStatuses[number]

export interface OrderItemInput { sku: string | null, name: string, category: string | null, quantity: number, priceCents: number }

export interface OrderInput {
  source: DbOrderSource
  sourceOrderId: string
  customer: CustomerRef
  status: OrderStatus
  paidAt: number
  amountCents: number
  items: OrderItemInput[]
  couponCode: string | null
}

/** The statuses a sender may send: an unpaid order is not theirs to send. */
const API_STATUSES = ['paid', 'shipped', 'completed', 'refunded', 'cancelled'] as const satisfies readonly OrderStatus[]
const MAX_ITEMS = 200

const OrderItem = Type.Object({
  sku: OptionalText(64),
  name: RequiredText(200),
  category: OptionalText(64),
  quantity: Type.Integer({ minimum: 1, maximum: 100_000, reason: 'must be a whole number from 1' }),
  price: Yuan,
}, { reason: 'must be an object' })

/** An order of the API's shape (amounts in yuan, times in ISO 8601). */
export const ApiOrder = Type.Object({
  source: Source,
  sourceOrderId: RequiredText(64),
  customer: Customer,
  status: OneOf(API_STATUSES),
  paidAt: IsoTime,
  amount: Yuan,
  items: Type.Array(OrderItem, {
    minItems: 1,
    maxItems: MAX_ITEMS,
    reason: (v: unknown) => Array.isArray(v) && v.length > MAX_ITEMS
      ? `has ${v.length} lines; at most ${MAX_ITEMS}`
      : `must be a non-empty array of { sku, name, category, quantity, price }, got ${describe(v)}`,
  }),
  couponCode: OptionalText(64),
}, { reason: 'must be an object' })

const checkOrder = itemChecker(ApiOrder, 'order')

/** Reads one order of the API's shape, or throws ItemError naming the field. */
export function parseOrder(raw: unknown, now: number): OrderInput {
  const o = checkOrder(raw)
  const source = readSource(o.source)
  return {
    source,
    sourceOrderId: o.sourceOrderId.trim(),
    customer: readCustomer(o.customer, 'customer', source),
    status: o.status,
    paidAt: readTime(o.paidAt, 'paidAt', now),
    amountCents: yuanToFen(o.amount, 'amount'),
    items: o.items.map((item, i) => ({
      sku: text(item.sku),
      name: item.name.trim(),
      category: text(item.category),
      quantity: item.quantity,
      priceCents: yuanToFen(item.price, `items[${i}].price`),
    })),
    couponCode: text(o.couponCode),
  }
}

interface ExistingOrder { id: number, customer_id: number, status: OrderStatus, total_cents: number, paid_cents: number, paid_at: number | null, coupon_code: string | null, lines: number }
interface OrderRow { customerId: number, source: DbOrderSource, sourceOrderId: string, status: OrderStatus, totalCents: number, discountCents: number, paidCents: number, couponName: string | null, couponCode: string | null, paidAt: number, now: number }

// Hand-written: the ingest write path is measured against raw inserts (npm run bench).
const SQL = {
  existing: sqlRows<ExistingOrder, [DbOrderSource, string]>(`select id, customer_id, status, total_cents, paid_cents, paid_at, coupon_code,
      (select count(*) from order_items where order_id = orders.id) as lines
    from orders where source = ? and source_order_id = ?`),
  // The unique key decides: an order another writer stored since `existing` was read returns no id.
  insert: sqlTuples<[number], OrderRow>(`insert into orders (customer_id, source, source_order_id, status, total_cents, discount_cents, paid_cents,
      coupon_name, coupon_code, ordered_at, paid_at, updated_at)
    values (@customerId, @source, @sourceOrderId, @status, @totalCents, @discountCents, @paidCents, @couponName, @couponCode, @paidAt, @paidAt, @now)
    on conflict (source, source_order_id) do nothing returning id`),
  update: sqlRun<OrderRow & { id: number }>(`update orders set customer_id = @customerId, status = @status, total_cents = @totalCents, discount_cents = @discountCents,
      paid_cents = @paidCents, coupon_name = coalesce(@couponName, coupon_name), coupon_code = @couponCode, paid_at = @paidAt, updated_at = @now
    where id = @id`),
  deleteItems: sqlRun<[number]>('delete from order_items where order_id = ?'),
  insertItem: sqlRun<[number, number | null, string, number, number]>('insert into order_items (order_id, product_id, name, quantity, unit_price_cents) values (?, ?, ?, ?, ?)'),
  product: sqlTuples<[number], [string]>('select id from products where sku = ?'),
  insertProduct: sqlTuples<[number], [string, string, string, number]>(`insert into products (sku, name, category, price_cents) values (?, ?, ?, ?)
    on conflict (sku) do nothing returning id`),
  coupon: sqlTuples<[number, number, string, string], [string]>(`select cc.id, cc.customer_id, cc.status, t.name from customer_coupons cc
    join coupon_templates t on t.id = cc.template_id where cc.code = ?`),
  useCoupon: sqlRun<[number, number, number]>(`update customer_coupons set status = 'used', used_at = ?, order_id = ? where id = ? and status <> 'used'`),
}

const statements = preparedPerDb((sqlite: Database.Database) => prepareAllSql(sqlite, SQL))
type Statements = ReturnType<typeof statements>

/** Another writer stored the same order between this item's read and its insert: the item is written again, as an update. */
class OrderRaced extends Error {}

/**
 * Writes a batch of raw API orders. `raw[i]` that fails validation or writing is reported by
 * index with the reason; the others are committed together before this returns.
 */
export function ingestOrders(sqlite: Database.Database, raw: readonly unknown[], now: number): IngestResult {
  const parsed = raw.map((item, index) => {
    try {
      return parseOrder(item, now)
    }
    catch (err) {
      if (err instanceof ItemError)
        return { index, message: err.message }
      throw err
    }
  })
  return writeOrders(sqlite, parsed, now)
}

/** Writes already-parsed orders (the CSV import parses its own rows); errors are passed through. */
export function writeOrders(sqlite: Database.Database, items: ReadonlyArray<OrderInput | { index: number, message: string }>, now: number): IngestResult {
  const result = emptyResult()
  const q = statements(sqlite)
  sqlite.transaction(() => {
    items.forEach((item, index) => {
      if ('message' in item) {
        result.rejected.push({ index, message: item.message })
        return
      }
      try {
        const attempt = () => sqlite.transaction(() => writeOne(sqlite, q, item, now, result.affectedCustomerIds))()
        let outcome: ReturnType<typeof writeOne>
        try {
          outcome = attempt()
        }
        catch (err) {
          if (!(err instanceof OrderRaced))
            throw err
          outcome = attempt()
        }
        if (outcome === 'duplicate')
          result.duplicates++
        else
          result.accepted++
      }
      catch (err) {
        result.rejected.push({ index, message: `could not be stored: ${err instanceof Error ? err.message : String(err)}` })
      }
    })
  }).immediate()
  return result
}

/** One order, in its own savepoint on the batch's connection. */
function writeOne(sqlite: Database.Database, q: Statements, order: OrderInput, now: number, affected: Set<number>): 'new' | 'updated' | 'duplicate' {
  const existing = q.existing.get(order.source, order.sourceOrderId)
  const totalCents = order.items.reduce((sum, i) => sum + i.priceCents * i.quantity, 0)
  const coupon = order.couponCode ? q.coupon.get(order.couponCode) : undefined

  if (existing) {
    const unchanged = existing.status === order.status && existing.paid_cents === order.amountCents && existing.total_cents === totalCents
      && existing.paid_at === order.paidAt && existing.coupon_code === order.couponCode && existing.lines === order.items.length
    // A status never goes back: a re-sent old export must not undo a refund.
    if (unchanged || ORDER_STATUS_RANK[order.status] < ORDER_STATUS_RANK[existing.status])
      return 'duplicate'
  }

  // An update's identifiers belong to the order's customer: unknown ones are added to them, and
  // another customer's mean the two are one person (merged).
  const { customerId, mergedIds } = resolveCustomer(sqlite, order.customer.keys, order.customer, now, undefined, existing?.customer_id)

  const row: OrderRow = {
    customerId,
    source: order.source,
    sourceOrderId: order.sourceOrderId,
    status: order.status,
    totalCents,
    discountCents: Math.max(0, totalCents - order.amountCents),
    paidCents: order.amountCents,
    couponName: coupon?.[3] ?? null,
    couponCode: order.couponCode,
    paidAt: order.paidAt,
    now,
  }
  let orderId: number
  if (existing) {
    q.update.run({ ...row, id: existing.id })
    q.deleteItems.run(existing.id)
    orderId = existing.id
  }
  else {
    const inserted = q.insert.get(row)
    if (!inserted)
      throw new OrderRaced()
    orderId = inserted[0]
  }
  // Only once the order is in: a raced attempt is rolled back, customers it created with it.
  affected.add(customerId)
  for (const id of mergedIds)
    affected.delete(id)
  for (const item of order.items)
    q.insertItem.run(orderId, productId(q, item), item.name, item.quantity, item.priceCents)
  if (coupon && coupon[1] === row.customerId && isCountedOrder(order.status))
    q.useCoupon.run(order.paidAt, orderId, coupon[0])
  return existing ? 'updated' : 'new'
}

/** The catalogue product for a line's SKU; an SKU not seen before is added to the catalogue. */
function productId(q: Statements, item: OrderItemInput): number | null {
  if (!item.sku)
    return null
  const known = q.product.get(item.sku)
  if (known)
    return known[0]
  // Another writer may have added the SKU since: then it is read again.
  const [id] = q.insertProduct.get(item.sku, item.name, item.category ?? '未分类', item.priceCents) ?? q.product.get(item.sku)!
  return id
}
