/**
 * Service deadlines count working hours only: a customer who writes at 20:30 with a 2-hour
 * deadline expects an answer by 10:30 the next morning, not at 22:30. Working hours are the
 * hours the journey lets staff reach customers (09:00–21:00 China time, the complement of the
 * quiet hours), every day of the week: private-domain service runs on weekends too.
 */
import { chinaDayStart, DAY, HOUR, MINUTE } from '../journey/time.ts'

export interface WorkingDay {
  /** Minutes after midnight, China time. */
  from: number
  to: number
}

export const DEFAULT_WORKING_DAY: WorkingDay = { from: 9 * 60, to: 21 * 60 }

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
