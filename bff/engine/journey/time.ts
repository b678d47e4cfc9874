/**
 * How config files write durations and times of day, and their parsing. The calendar maths they
 * feed (China days, quiet hours) lives in `../rules/`.
 */
import { DAY, HOUR, MINUTE } from '../rules/time-units.ts'

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
