import { describe, expect, it } from 'vitest'
import { chinaDate, chinaDayKey, chinaDayNumber, chinaDaysBetween, chinaDayStart, chinaMidnight, chinaMinuteOfDay, chinaParts, onTimeOfDay } from './china-time.ts'
import { DAY, HOUR, MINUTE } from './time-units.ts'

const at = (isoLocal: string) => Date.parse(`${isoLocal}+08:00`)
const utc = (iso: string) => Date.parse(`${iso}Z`)

describe('china day boundaries', () => {
  it('should start the China day at 16:00 UTC the day before', () => {
    expect(chinaDayStart(utc('2026-11-19T16:00:00'))).toBe(utc('2026-11-19T16:00:00'))
    expect(chinaDayStart(utc('2026-11-20T15:59:59.999'))).toBe(utc('2026-11-19T16:00:00'))
    expect(chinaDayStart(utc('2026-11-20T16:00:00'))).toBe(utc('2026-11-20T16:00:00'))
    expect(chinaDayStart(utc('2026-11-20T02:00:00'))).toBe(at('2026-11-20T00:00:00'))
  })

  it('should put an instant just before 16:00 UTC and one just after on consecutive China days', () => {
    const before = utc('2026-11-20T15:59:00')
    const after = utc('2026-11-20T16:01:00')
    expect(chinaDayNumber(after) - chinaDayNumber(before)).toBe(1)
    expect(chinaDayKey(before)).toBe('2026-11-20')
    expect(chinaDayKey(after)).toBe('2026-11-21')
  })

  it('should count minutes since China midnight', () => {
    expect(chinaMinuteOfDay(at('2026-11-20T00:00:00'))).toBe(0)
    expect(chinaMinuteOfDay(at('2026-11-20T09:30:59'))).toBe(570)
    expect(chinaMinuteOfDay(at('2026-11-20T23:59:00'))).toBe(1439)
  })
})

describe('china dates', () => {
  it('should read the China calendar date and wall clock, not the UTC one', () => {
    const newYear = utc('2026-12-31T16:30:00')
    expect(chinaDate(newYear)).toEqual({ year: 2027, month: 1, day: 1 })
    expect(chinaParts(newYear)).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 30, second: 0, weekday: 5 })
  })

  it('should give China midnight of a calendar date, the inverse of chinaDate', () => {
    expect(chinaMidnight({ year: 2026, month: 11, day: 20 })).toBe(at('2026-11-20T00:00:00'))
    expect(chinaMidnight(chinaDate(at('2026-02-28T23:00:00')))).toBe(at('2026-02-28T00:00:00'))
  })

  it('should write a zero-padded, sortable day key', () => {
    expect(chinaDayKey(at('2026-01-05T09:00:00'))).toBe('2026-01-05')
    expect(chinaDayKey(at('2026-11-20T23:59:59'))).toBe('2026-11-20')
  })
})

describe('chinaDaysBetween', () => {
  it('should count China calendar days, not 24-hour spans', () => {
    expect(chinaDaysBetween(at('2026-11-19T23:30:00'), at('2026-11-20T00:30:00'))).toBe(1)
    expect(chinaDaysBetween(at('2026-11-20T00:10:00'), at('2026-11-20T10:00:00'))).toBe(0)
    expect(chinaDaysBetween(at('2026-11-01T12:00:00'), at('2026-11-20T08:00:00'))).toBe(19)
  })

  it('should never be negative when the instants come in the wrong order', () => {
    expect(chinaDaysBetween(at('2026-11-20T10:00:00'), at('2026-11-18T10:00:00'))).toBe(0)
  })
})

describe('onTimeOfDay', () => {
  it('should land on the time of day of the same China day when that is not before the trigger', () => {
    expect(onTimeOfDay(at('2026-11-20T08:00:00'), 10 * 60, at('2026-11-20T08:00:00'))).toBe(at('2026-11-20T10:00:00'))
  })

  it('should move to the next day when the time of day has passed', () => {
    expect(onTimeOfDay(at('2026-11-20T11:00:00'), 10 * 60, at('2026-11-20T11:00:00'))).toBe(at('2026-11-21T10:00:00'))
    expect(onTimeOfDay(at('2026-11-20T11:00:00'), 10 * 60, at('2026-11-20T11:00:00')) - at('2026-11-20T10:00:00')).toBe(DAY)
  })
})

describe('time units', () => {
  it('should be milliseconds', () => {
    expect([MINUTE, HOUR, DAY]).toEqual([60_000, 3_600_000, 86_400_000])
  })
})
