/**
 * An order's statuses, and what counts as spend. An order counts (toward spend, order counts,
 * stages, preferences and attribution) once it is paid and while it is not undone: paid, shipped
 * or completed. Pending (unpaid), refunded and cancelled orders do not. SQL builds its condition
 * from the same list with `countedOrderSql`.
 */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'completed', 'refunded', 'cancelled'] as const
export type OrderStatus = typeof ORDER_STATUSES[number]

export const COUNTED_ORDER_STATUSES = ['paid', 'shipped', 'completed'] as const satisfies readonly OrderStatus[]

const COUNTED = new Set<string>(COUNTED_ORDER_STATUSES)

export function isCountedOrder(status: string): boolean {
  return COUNTED.has(status)
}

/** `<column> in ('paid', 'shipped', 'completed')`, for hand-written SQL. */
export function countedOrderSql(column: string): string {
  return `${column} in (${COUNTED_ORDER_STATUSES.map(s => `'${s}'`).join(', ')})`
}

/**
 * How far an order has moved: a redelivered or late update never moves it back (a `paid` arriving
 * after `shipped` is stale). Refunded and cancelled are final and rank alike.
 */
export const ORDER_STATUS_RANK: Readonly<Record<OrderStatus, number>> = { pending: 0, paid: 1, shipped: 2, completed: 3, refunded: 4, cancelled: 4 }
