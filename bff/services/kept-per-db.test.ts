import { describe, expect, it } from 'vitest'
import { keptPerDb } from './kept-per-db.ts'

describe('keptPerDb', () => {
  const counter = () => {
    let n = 0
    return () => ++n
  }

  it('should keep a value per database and key for its time, then compute it again', () => {
    const kept = keptPerDb<number>(1000)
    const compute = counter()
    const [a, b] = [{}, {}]
    expect(kept.get(a, 'k', 0, compute)).toBe(1)
    expect(kept.get(a, 'k', 999, compute)).toBe(1)
    expect(kept.get(b, 'k', 999, compute)).toBe(2)
    expect(kept.get(a, 'other', 999, compute)).toBe(3)
    expect(kept.get(a, 'k', 1000, compute)).toBe(4)
  })

  it('should not trust a value when the clock went back, and drop a database\'s values when told', () => {
    const kept = keptPerDb<number>(1000)
    const compute = counter()
    const db = {}
    expect(kept.get(db, '', 500, compute)).toBe(1)
    expect(kept.get(db, '', 499, compute)).toBe(2)
    kept.forget(db)
    expect(kept.get(db, '', 499, compute)).toBe(3)
  })
})
