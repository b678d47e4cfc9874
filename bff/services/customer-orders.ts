import { and, desc, eq, inArray, lt, or } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import { orderItems, orders, products } from '../../db/schema.ts'
import type { Order, OrderPage } from '../contract/customer.ts'
import { decodeCursor, toPage } from './cursor.ts'

export const DEFAULT_ORDER_PAGE = 10

/** One page of a customer's orders across all sources, newest first, with their items. */
export function listCustomerOrders(db: Db, customerId: number, opts: { cursor?: string, limit?: number }): OrderPage {
  const limit = opts.limit ?? DEFAULT_ORDER_PAGE
  const after = decodeCursor(opts.cursor)
  const rows = db.select().from(orders).where(and(
    eq(orders.customerId, customerId),
    after ? or(lt(orders.orderedAt, after.at), and(eq(orders.orderedAt, after.at), lt(orders.id, after.id))) : undefined,
  )).orderBy(desc(orders.orderedAt), desc(orders.id)).limit(limit + 1).all()

  const ids = rows.slice(0, limit).map(r => r.id)
  const items = ids.length
    ? db.select({
        orderId: orderItems.orderId,
        name: orderItems.name,
        quantity: orderItems.quantity,
        unitPriceCents: orderItems.unitPriceCents,
        category: products.category,
      }).from(orderItems).leftJoin(products, eq(products.id, orderItems.productId)).where(inArray(orderItems.orderId, ids)).orderBy(orderItems.id).all()
    : []
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
