import type { DbHandle } from '#db/client.ts'
import { customerIdentities, customers, departments, events, orderItems, orders, products, staff, staffCustomers } from '#db/schema.ts'
import type { App } from '../app.ts'
import { SESSION_COOKIE } from '../plugins/session.ts'

type Db = DbHandle['db']

/**
 * The Origin a browser on the app's own page sends: `app.inject()` addresses the request to
 * Host localhost:80, so state-changing requests pass the origin check with it.
 */
export const SAME_ORIGIN = { origin: 'http://localhost' } as const

/**
 * The headers of a signed-in staff member's request from the app's own page: the session cookie,
 * signed the way the session plugin signs, and a same-origin Origin (the origin check).
 */
export function sessionCookie(app: App, userId: string, issuedAt: number) {
  return { cookie: `${SESSION_COOKIE}=${app.signCookie(JSON.stringify({ u: userId, t: issuedAt }))}`, ...SAME_ORIGIN }
}

export function insertDepartment(db: Db, name = '华东一部') {
  return db.insert(departments).values({ name }).returning().get()
}

export function insertStaff(db: Db, departmentId: number, userId: string, name = userId, role: 'staff' | 'supervisor' = 'staff') {
  return db.insert(staff).values({ userId, name, departmentId, role }).returning().get()
}

export function insertProduct(db: Db, sku: string, name: string, category: string, priceCents: number) {
  return db.insert(products).values({ sku, name, category, priceCents }).returning().get()
}

export function insertCustomer(db: Db, externalUserId: string, values: Partial<typeof customers.$inferInsert> = {}, at = 0) {
  const customer = db.insert(customers).values({ name: externalUserId, createdAt: at, updatedAt: at, ...values }).returning().get()
  db.insert(customerIdentities).values({ customerId: customer.id, kind: 'external_userid', value: externalUserId, createdAt: at }).run()
  return customer
}

export function serve(db: Db, staffId: number, customerId: number, values: Partial<typeof staffCustomers.$inferInsert> = {}) {
  return db.insert(staffCustomers).values({ staffId, customerId, firstAddedAt: 0, ...values }).returning().get()
}

let orderSeq = 0
export function insertOrder(db: Db, customerId: number, values: Partial<typeof orders.$inferInsert> & { orderedAt: number }, items: Array<{ name: string, productId?: number, quantity?: number, unitPriceCents: number }> = []) {
  const total = items.reduce((s, i) => s + i.unitPriceCents * (i.quantity ?? 1), 0) || 10000
  const order = db.insert(orders).values({
    customerId,
    source: 'youzan',
    sourceOrderId: `T${++orderSeq}`,
    status: 'completed',
    totalCents: total,
    paidCents: total,
    ...values,
  }).returning().get()
  for (const item of items)
    db.insert(orderItems).values({ orderId: order.id, name: item.name, productId: item.productId, quantity: item.quantity ?? 1, unitPriceCents: item.unitPriceCents }).run()
  return order
}

let eventSeq = 0
export function insertEvent(db: Db, customerId: number, values: Partial<typeof events.$inferInsert> & { occurredAt: number }) {
  return db.insert(events).values({ customerId, type: 'product_view', touchpoint: 'mall', idempotencyKey: `test:${++eventSeq}`, ...values }).returning().get()
}
