/**
 * Clock arithmetic in China time. Calendar logic (days since, birthdays, quiet hours, "10:00 on
 * day 7") is about the customer's and the staff's day, which is Asia/Shanghai; China has no DST,
 * so a fixed +08:00 offset is exact.
 */

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
const CHINA_OFFSET = 8 * HOUR

/** "30m", "12h", "3d": how config files write durations. */
export const DURATION_PATTERN = '^[0-9]+(m|h|d)$'
/** "09:00", "21:30": a time of day, 24-hour clock. */
export const TIME_OF_DAY_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$'

const UNIT_MS = { m: MINUTE, h: HOUR, d: DAY } as const

/**
 * Parsed config strings. The planner reads a step's delay, time of day and expiry for every
 * customer; config files hold a few dozen distinct strings, so each is parsed once (load-config
 * parses a library's as it loads it) and then looked up. Bounded, in case of a caller with
 * endless distinct strings.
 */
const parsedDurations = new Map<string, number>()
const parsedTimesOfDay = new Map<string, number>()
const PARSED_LIMIT = 4096

function remember(cache: Map<string, number>, text: string, value: number): number {
  if (cache.size >= PARSED_LIMIT)
    cache.clear()
  cache.set(text, value)
  return value
}

/** Milliseconds of a validated duration string. */
export function parseDuration(text: string): number {
  const known = parsedDurations.get(text)
  if (known !== undefined)
    return known
  const match = /^(\d+)([mhd])$/.exec(text)
  if (!match)
    throw new Error(`bad duration ${JSON.stringify(text)}`)
  return remember(parsedDurations, text, Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS])
}

/** Minutes after midnight of a validated "HH:MM". */
export function parseTimeOfDay(text: string): number {
  const known = parsedTimesOfDay.get(text)
  if (known !== undefined)
    return known
  const match = /^(\d\d):(\d\d)$/.exec(text)
  if (!match)
    throw new Error(`bad time of day ${JSON.stringify(text)}`)
  return remember(parsedTimesOfDay, text, Number(match[1]) * 60 + Number(match[2]))
}

/** 00:00 China time of the day `at` falls on. */
export function chinaDayStart(at: number): number {
  return Math.floor((at + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET
}

/** Minutes since 00:00 China time. */
export function chinaMinuteOfDay(at: number): number {
  return Math.floor((at - chinaDayStart(at)) / MINUTE)
}

export interface ChinaDate { year: number, month: number, day: number }

export function chinaDate(at: number): ChinaDate {
  const d = new Date(at + CHINA_OFFSET)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** 00:00 China time of a calendar date. */
export function chinaMidnight(date: ChinaDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) - CHINA_OFFSET
}

/** Whole China calendar days from `earlier` to `later` (0 on the same day, never negative). */
export function chinaDaysBetween(earlier: number, later: number): number {
  return Math.max(0, Math.round((chinaDayStart(later) - chinaDayStart(earlier)) / DAY))
}

/** "2026-11-20": a stable key for a China calendar day. */
export function chinaDayKey(at: number): string {
  const { year, month, day } = chinaDate(at)
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * `minuteOfDay` on the China day `at` falls on; the next day's when that is already before
 * `notBefore` (a step due "at 10:00" never lands before its trigger).
 */
export function onTimeOfDay(at: number, minuteOfDay: number, notBefore: number): number {
  const sameDay = chinaDayStart(at) + minuteOfDay * MINUTE
  return sameDay >= notBefore ? sameDay : sameDay + DAY
}

/**
 * Moves an instant out of the quiet window [from, to) (minutes of the China day; the window may
 * wrap midnight, e.g. 21:00–09:00) to the window's end.
 */
export function outOfQuietHours(at: number, fromMinute: number, toMinute: number): number {
  const minute = chinaMinuteOfDay(at)
  const wraps = fromMinute > toMinute
  const quiet = wraps ? minute >= fromMinute || minute < toMinute : minute >= fromMinute && minute < toMinute
  if (!quiet)
    return at
  const end = chinaDayStart(at) + toMinute * MINUTE
  return wraps && minute >= fromMinute ? end + DAY : end
}
