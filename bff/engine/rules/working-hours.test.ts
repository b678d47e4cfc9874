import { describe, expect, it } from 'vitest'
import { DAY, HOUR } from './time-units.ts'
import { addWorkingHours, DEFAULT_QUIET_HOURS, DEFAULT_WORKING_DAY, inQuietHours, outOfQuietHours, workingMsBetween } from './working-hours.ts'

const at = (iso: string) => Date.parse(`${iso}+08:00`)
const NIGHT = [21 * 60, 9 * 60] as const
const LUNCH = [12 * 60, 14 * 60] as const

describe('quiet hours', () => {
  it('should be the complement of the default working day', () => {
    expect(DEFAULT_QUIET_HOURS).toEqual({ from: '21:00', to: '09:00' })
    expect(DEFAULT_WORKING_DAY).toEqual({ from: 9 * 60, to: 21 * 60 })
  })

  it('should hold on both sides of midnight when the window wraps it, start included and end excluded', () => {
    expect(inQuietHours(at('2026-11-20T21:00:00'), ...NIGHT)).toBe(true)
    expect(inQuietHours(at('2026-11-20T23:59:00'), ...NIGHT)).toBe(true)
    expect(inQuietHours(at('2026-11-21T00:00:00'), ...NIGHT)).toBe(true)
    expect(inQuietHours(at('2026-11-21T08:59:00'), ...NIGHT)).toBe(true)
    expect(inQuietHours(at('2026-11-21T09:00:00'), ...NIGHT)).toBe(false)
    expect(inQuietHours(at('2026-11-20T20:59:00'), ...NIGHT)).toBe(false)
  })

  it('should hold only inside a window that does not wrap midnight', () => {
    expect(inQuietHours(at('2026-11-20T12:00:00'), ...LUNCH)).toBe(true)
    expect(inQuietHours(at('2026-11-20T14:00:00'), ...LUNCH)).toBe(false)
    expect(inQuietHours(at('2026-11-20T23:00:00'), ...LUNCH)).toBe(false)
  })

  it('should move a night instant to the end of the window: the next morning before midnight, the same morning after', () => {
    expect(outOfQuietHours(at('2026-11-20T22:30:00'), ...NIGHT)).toBe(at('2026-11-21T09:00:00'))
    expect(outOfQuietHours(at('2026-11-21T03:00:00'), ...NIGHT)).toBe(at('2026-11-21T09:00:00'))
    expect(outOfQuietHours(at('2026-11-20T20:59:00'), ...NIGHT)).toBe(at('2026-11-20T20:59:00'))
  })

  it('should handle a window that does not wrap midnight', () => {
    expect(outOfQuietHours(at('2026-11-20T12:30:00'), ...LUNCH)).toBe(at('2026-11-20T14:00:00'))
    expect(outOfQuietHours(at('2026-11-20T14:00:00'), ...LUNCH)).toBe(at('2026-11-20T14:00:00'))
  })
})

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

  it('should follow a custom working day', () => {
    expect(addWorkingHours(at('2026-11-19T17:00:00'), 2, { from: 10 * 60, to: 18 * 60 })).toBe(at('2026-11-20T11:00:00'))
  })
})

describe('workingMsBetween', () => {
  it('should count only 09:00–21:00 China time', () => {
    expect(workingMsBetween(at('2026-11-19T16:00:00'), at('2026-11-20T10:00:00'))).toBe(6 * HOUR)
    expect(workingMsBetween(at('2026-11-19T22:00:00'), at('2026-11-20T08:00:00'))).toBe(0)
    expect(workingMsBetween(at('2026-11-20T10:00:00'), at('2026-11-19T10:00:00'))).toBe(0)
  })

  it('should count 12 working hours for each whole day', () => {
    const from = at('2026-11-16T00:00:00')
    expect(workingMsBetween(from, from + 7 * DAY)).toBe(7 * 12 * HOUR)
  })
})
