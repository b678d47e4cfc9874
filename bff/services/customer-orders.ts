import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { orderItems, orders, products } from '#db/schema.ts'
import { inJsonList } from '#db/sql/dialect.ts'
import type { Order, OrderPage } from '../contract/customer.ts'
import { decodeCursor, toPage } from './cursor.ts'
import { dialectSql } from '#db/sql/dialect-sql.ts'
import { FIRST_PAGE, preparedPerDb } from './prepared.ts'

export const DEFAULT_ORDER_PAGE = 10

const statements = preparedPerDb((db) => {
  // Row-value keyset comparison lets SQLite seek straight into (customer_id, ordered_at).
  const page = db.select().from(orders)
    .where(sql`${orders.customerId} = ${sql.placeholder('customerId')} and (${orders.orderedAt}, ${orders.id}) < (${sql.placeholder('at')}, ${sql.placeholder('id')})`)
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(sql.placeholder('limit'))
  return {
    page: page.prepare(),
    items: db.select({
      orderId: orderItems.orderId,
      name: orderItems.name,
      quantity: orderItems.quantity,
      unitPriceCents: orderItems.unitPriceCents,
      category: products.category,
    }).from(orderItems).leftJoin(products, eq(products.id, orderItems.productId))
      .where(sql`${orderItems.orderId} ${dialectSql(inJsonList, sql.placeholder('orderIds'))}`)
      .orderBy(orderItems.id).prepare(),
  }
})

/** One page of a customer's orders across all sources, newest first, with their items. */
export function listCustomerOrders(db: Db, customerId: number, opts: { cursor?: string, limit?: number }): OrderPage {
  const q = statements(db)
  const limit = opts.limit ?? DEFAULT_ORDER_PAGE
  const after = decodeCursor(opts.cursor) ?? FIRST_PAGE
  const rows = q.page.all({ customerId, at: after.at, id: after.id, limit: limit + 1 })

  const ids = rows.slice(0, limit).map(r => r.id)
  const items = ids.length ? q.items.all({ orderIds: JSON.stringify(ids) }) : []
  const itemsByOrder = new Map<number, typeof items>()
  for (const item of items)
    itemsByOrder.set(item.orderId, [...(itemsByOrder.get(item.orderId) ?? []), item])

  return toPage(rows, limit, r => ({ at: r.orderedAt, id: r.id }), (r): Order => ({
    id: r.id,
    source: r.source,
    sourceOrderId: r.sourceOrderId,
    status: r.status,
    totalCents: r.totalCents,
    discountCents: r.discountCents,
    paidCents: r.paidCents,
    couponName: r.couponName,
    orderedAt: new Date(r.orderedAt).toISOString(),
    items: (itemsByOrder.get(r.id) ?? []).map(({ orderId: _o, ...item }) => item),
  }))
}
