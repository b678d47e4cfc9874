import { describe, expect, it } from 'vitest'
import { COUNTED_ORDER_STATUSES, countedOrderSql, isCountedOrder, ORDER_STATUS_RANK, ORDER_STATUSES } from './order-status.ts'

describe('what counts as spend', () => {
  it('should count paid, shipped and completed orders', () => {
    expect(ORDER_STATUSES.filter(isCountedOrder)).toEqual(['paid', 'shipped', 'completed'])
    expect(COUNTED_ORDER_STATUSES).toEqual(['paid', 'shipped', 'completed'])
  })

  it('should not count pending, refunded, cancelled or unknown statuses', () => {
    for (const status of ['pending', 'refunded', 'cancelled', 'PAID', ''])
      expect(isCountedOrder(status)).toBe(false)
  })

  it('should build the same condition for SQL', () => {
    expect(countedOrderSql('o.status')).toBe(`o.status in ('paid', 'shipped', 'completed')`)
  })
})

describe('ORDER_STATUS_RANK', () => {
  it('should only move forward from pending to paid, shipped, completed, and rank refunded and cancelled last and alike', () => {
    const { pending, paid, shipped, completed, refunded, cancelled } = ORDER_STATUS_RANK
    expect(pending < paid && paid < shipped && shipped < completed && completed < refunded).toBe(true)
    expect(refunded).toBe(cancelled)
  })
})
