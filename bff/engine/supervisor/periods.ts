/**
 * The periods a supervisor looks at, as China calendar days ending with today, and the period of
 * the same length just before (for "change from the previous period").
 */
import { chinaDayStart } from '../rules/china-time.ts'
import { DAY } from '../rules/time-units.ts'

export type PeriodKey = 'today' | '7d' | '30d'

const DAYS: Record<PeriodKey, number> = { 'today': 1, '7d': 7, '30d': 30 }

export interface Period {
  key: PeriodKey
  days: number
  /** [from, to): whole China days, the last one today. */
  from: number
  to: number
  previous: { from: number, to: number }
  /** 00:00 China time today: open tasks due before it are overdue. */
  todayStart: number
}

export function periodAt(key: PeriodKey, now: number): Period {
  const days = DAYS[key]
  const todayStart = chinaDayStart(now)
  const to = todayStart + DAY
  const from = to - days * DAY
  return { key, days, from, to, previous: { from: from - days * DAY, to: from }, todayStart }
}

/** Midnights (China time) of each day in [from, to). */
export function dayStarts(from: number, to: number): number[] {
  const out: number[] = []
  for (let t = from; t < to; t += DAY) out.push(t)
  return out
}
