/**
 * Calendar arithmetic in China time. Calendar logic (days since, birthdays, quiet hours, "10:00 on
 * day 7", working hours, "today" on every screen) is about the customer's and the staff's day,
 * which is Asia/Shanghai. China has had no DST since 1991, so a fixed +08:00 offset is exact and
 * needs no Intl time-zone data (which some older WeCom webviews ship incomplete). Imported by the
 * BFF, the demo generator and the web app.
 */
import { DAY, HOUR, MINUTE } from './time-units.ts'

/** Add to an epoch-ms instant to read China wall-clock time off its UTC fields. */
export const CHINA_OFFSET = 8 * HOUR

/** 00:00 China time of the day `at` falls on. */
export function chinaDayStart(at: number): number {
  return Math.floor((at + CHINA_OFFSET) / DAY) * DAY - CHINA_OFFSET
}

/** Minutes since 00:00 China time. */
export function chinaMinuteOfDay(at: number): number {
  return Math.floor((at - chinaDayStart(at)) / MINUTE)
}

/** Which China calendar day an instant falls on, as a whole number of days since the epoch. */
export function chinaDayNumber(at: number): number {
  return Math.floor((at + CHINA_OFFSET) / DAY)
}

export interface ChinaDate { year: number, month: number, day: number }

export function chinaDate(at: number): ChinaDate {
  const d = new Date(at + CHINA_OFFSET)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** The wall-clock parts of an instant in China time. */
export function chinaParts(at: number): ChinaDate & { hour: number, minute: number, second: number, weekday: number } {
  const d = new Date(at + CHINA_OFFSET)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  }
}

/** 00:00 China time of a calendar date. */
export function chinaMidnight(date: ChinaDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) - CHINA_OFFSET
}

/** Whole China calendar days from `earlier` to `later` (0 on the same day, never negative). */
export function chinaDaysBetween(earlier: number, later: number): number {
  return Math.max(0, chinaDayNumber(later) - chinaDayNumber(earlier))
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
