import { describe, expect, it } from 'vitest'
import { DAY } from '../rules/time-units.ts'
import { periodAt } from './periods.ts'
import { rankByCompletion, rate, wilsonLowerBound } from './ranking.ts'

const at = (iso: string) => Date.parse(`${iso}+08:00`)

describe('ranking', () => {
  it('should not let 1 of 1 beat 95 of 100', () => {
    expect(wilsonLowerBound(95, 100)).toBeGreaterThan(wilsonLowerBound(1, 1))
    const ranked = rankByCompletion([
      { staffId: 1, done: 1, settled: 1 },
      { staffId: 2, done: 95, settled: 100 },
      { staffId: 3, done: 0, settled: 0 },
      { staffId: 4, done: 60, settled: 100 },
    ])
    expect(ranked.map(r => r.staffId)).toEqual([2, 4, 1, 3])
  })

  it('should give no rate when nothing was due', () => {
    expect(rate(0, 0)).toBeNull()
    expect(rate(1, 4)).toBe(0.25)
    expect(wilsonLowerBound(0, 0)).toBe(0)
  })
})

describe('periodAt', () => {
  it('should end every period with today (China time) and put the previous one just before', () => {
    const p = periodAt('7d', at('2026-11-20T00:30:00'))
    expect(new Date(p.from).toISOString()).toBe('2026-11-13T16:00:00.000Z')
    expect(new Date(p.to).toISOString()).toBe('2026-11-20T16:00:00.000Z')
    expect(p.previous).toEqual({ from: p.from - 7 * DAY, to: p.from })
    expect(periodAt('today', at('2026-11-20T23:59:00')).from).toBe(at('2026-11-20T00:00:00'))
  })
})
