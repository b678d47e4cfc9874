/**
 * When staff may reach customers. Quiet hours (21:00–09:00 China time) keep scripted touches
 * out of the night; working hours are their complement, every day of the week (private-domain
 * service runs on weekends too). A service deadline counts working hours only: a customer who
 * writes at 20:30 with a 2-hour deadline expects an answer by 10:30 the next morning.
 */
import { chinaDayStart, chinaMinuteOfDay } from './china-time.ts'
import { DAY, HOUR, MINUTE } from './time-units.ts'

export interface WorkingDay {
  /** Minutes after midnight, China time. */
  from: number
  to: number
}

export const DEFAULT_WORKING_DAY: WorkingDay = { from: 9 * 60, to: 21 * 60 }

/** The default quiet window: the night between two working days. */
export const DEFAULT_QUIET_HOURS = { from: '21:00', to: '09:00' } as const

/** Whether `at` falls in the quiet window [from, to) (minutes of the China day; it may wrap midnight). */
export function inQuietHours(at: number, fromMinute: number, toMinute: number): boolean {
  const minute = chinaMinuteOfDay(at)
  return fromMinute > toMinute ? minute >= fromMinute || minute < toMinute : minute >= fromMinute && minute < toMinute
}

/** Moves an instant out of the quiet window [from, to) to the window's end. */
export function outOfQuietHours(at: number, fromMinute: number, toMinute: number): number {
  if (!inQuietHours(at, fromMinute, toMinute))
    return at
  const end = chinaDayStart(at) + toMinute * MINUTE
  return fromMinute > toMinute && chinaMinuteOfDay(at) >= fromMinute ? end + DAY : end
}

/** The moment `hours` working hours after `at` have passed. */
export function addWorkingHours(at: number, hours: number, day: WorkingDay = DEFAULT_WORKING_DAY): number {
  let left = hours * HOUR
  let t = at
  for (;;) {
    const start = chinaDayStart(t)
    const open = start + day.from * MINUTE
    const close = start + day.to * MINUTE
    if (t < open)
      t = open
    if (t >= close) {
      t = start + DAY + day.from * MINUTE
      continue
    }
    if (t + left <= close)
      return t + left
    left -= close - t
    t = start + DAY + day.from * MINUTE
  }
}

/** Working milliseconds between `from` and `to` (0 when `to` is not later). */
export function workingMsBetween(from: number, to: number, day: WorkingDay = DEFAULT_WORKING_DAY): number {
  let total = 0
  let start = chinaDayStart(from)
  while (start < to) {
    const open = Math.max(start + day.from * MINUTE, from)
    const close = Math.min(start + day.to * MINUTE, to)
    if (close > open)
      total += close - open
    start += DAY
  }
  return total
}
