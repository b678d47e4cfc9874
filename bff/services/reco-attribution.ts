/**
 * Which sidebar send an order is credited to: the coupon it used, when that coupon was handed out
 * from the sidebar (exact, through customer_coupons.send_id); else the latest product card for
 * one of its products sent to the customer in the week before the order (last touch).
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { orders } from '#db/schema.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { preparedPerDb } from './prepared.ts'

export const PRODUCT_ATTRIBUTION_WINDOW = 7 * DAY

export interface Attribution {
  sendId: number
  via: 'coupon' | 'product'
  staffUserId: string
  sentAt: number
}

type Send = Omit<Attribution, 'via'>

const SQL = {
  byCoupon: sqlRows<Send, [orderId: number]>(`select cs.id as sendId, s.user_id as staffUserId, cs.sent_at as sentAt from customer_coupons cc
    join chat_sends cs on cs.id = cc.send_id join staff s on s.id = cs.staff_id where cc.order_id = ? limit 1`),
  byProduct: sqlRows<Send, [customerId: number, orderedAt: number, after: number, orderId: number]>(`select cs.id as sendId, s.user_id as staffUserId, cs.sent_at as sentAt from chat_sends cs join staff s on s.id = cs.staff_id
    where cs.customer_id = ? and cs.kind = 'product' and cs.sent_at <= ? and cs.sent_at > ?
      and cs.ref_id in (select product_id from order_items where order_id = ? and product_id is not null)
    order by cs.sent_at desc, cs.id desc limit 1`),
}

const statements = preparedPerDb((db: Db) => ({
  ...prepareAllSql(db.$client, SQL),
  order: db.select({ id: orders.id, customerId: orders.customerId, orderedAt: orders.orderedAt }).from(orders)
    .where(eq(orders.id, sql.placeholder('orderId'))).prepare(),
}))

export function attributeOrder(db: Db, orderId: number): Attribution | null {
  const q = statements(db)
  const order = q.order.get({ orderId })
  if (!order)
    return null
  const coupon = q.byCoupon.get(orderId)
  if (coupon)
    return { ...coupon, via: 'coupon' }
  const product = q.byProduct.get(order.customerId, order.orderedAt, order.orderedAt - PRODUCT_ATTRIBUTION_WINDOW, orderId)
  return product ? { ...product, via: 'product' } : null
}
