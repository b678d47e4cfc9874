import { describe, expect, it } from 'vitest'
import { newIdempotencyKey } from './idempotency-key'

describe('newIdempotencyKey', () => {
  it('should make distinct keys the contract accepts (8 to 100 characters)', () => {
    const a = newIdempotencyKey('task-42')
    expect(a).toMatch(/^task-42-[0-9a-f]{24}$/)
    expect(newIdempotencyKey('task-42')).not.toBe(a)
  })
})
