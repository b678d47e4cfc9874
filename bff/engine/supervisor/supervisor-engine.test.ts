import { describe, expect, it } from 'vitest'
import { periodAt } from './periods.ts'
import { rankByCompletion, rate, wilsonLowerBound } from './ranking.ts'
import { addWorkingHours, workingMsBetween } from './working-hours.ts'

const at = (iso: string) => Date.parse(`${iso}+08:00`)
const HOUR = 3_600_000

describe('addWorkingHours', () => {
  it.each([
    ['2026-11-19T16:00:00', 2, '2026-11-19T18:00:00'],
    ['2026-11-19T20:30:00', 2, '2026-11-20T10:30:00'],
    ['2026-11-19T19:00:00', 2, '2026-11-19T21:00:00'],
    ['2026-11-19T19:30:00', 2, '2026-11-20T09:30:00'],
    ['2026-11-19T07:00:00', 2, '2026-11-19T11:00:00'],
    ['2026-11-19T22:00:00', 2, '2026-11-20T11:00:00'],
    ['2026-11-19T10:00:00', 30, '2026-11-21T16:00:00'],
  ])('should put the deadline of a message at %s with %d working hours at %s', (from, hours, expected) => {
    expect(addWorkingHours(at(from), hours)).toBe(at(expected))
  })
})

describe('workingMsBetween', () => {
  it('should count only 09:00–21:00 China time', () => {
    expect(workingMsBetween(at('2026-11-19T16:00:00'), at('2026-11-20T10:00:00'))).toBe(6 * HOUR)
    expect(workingMsBetween(at('2026-11-19T22:00:00'), at('2026-11-20T08:00:00'))).toBe(0)
    expect(workingMsBetween(at('2026-11-20T10:00:00'), at('2026-11-19T10:00:00'))).toBe(0)
  })
})

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
    expect(p.previous).toEqual({ from: p.from - 7 * 24 * HOUR, to: p.from })
    expect(periodAt('today', at('2026-11-20T23:59:00')).from).toBe(at('2026-11-20T00:00:00'))
  })
})
