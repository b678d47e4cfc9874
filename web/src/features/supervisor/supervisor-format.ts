/** How the supervisor page writes its figures. Pure functions, unit-tested. */
import type { SkipReason } from '#contract/tasks.ts'
import { shanghaiParts } from '@/common/format'

/** 0.634 → "63%"; null (nothing settled) → "—". */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`
}

/** Minutes as a short duration: "15分钟", "2小时5分", "1天3小时"; null → "—". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null)
    return '—'
  const m = Math.round(minutes)
  if (m < 60)
    return `${m}分钟`
  if (m < 24 * 60) {
    const h = Math.floor(m / 60)
    const rest = m % 60
    return rest ? `${h}小时${rest}分` : `${h}小时`
  }
  const d = Math.floor(m / (24 * 60))
  const h = Math.floor((m % (24 * 60)) / 60)
  return h ? `${d}天${h}小时` : `${d}天`
}

export type Trend = 'up' | 'down' | 'flat'
export interface Delta { text: string, trend: Trend, /** Whether the change is good news. */ good: boolean | null }

/** The change of a count from the previous period: "+12", "-3", "持平". `higherIsBetter` colours it. */
export function countDelta(current: number, previous: number, higherIsBetter: boolean | null = true): Delta {
  const d = current - previous
  if (d === 0)
    return { text: '持平', trend: 'flat', good: null }
  return { text: `${d > 0 ? '+' : ''}${d}`, trend: d > 0 ? 'up' : 'down', good: higherIsBetter === null ? null : (d > 0) === higherIsBetter }
}

/** The change of a rate in percentage points: "+5.2百分点"; unknown when either side has no rate. */
export function rateDelta(current: number | null, previous: number | null): Delta | null {
  if (current === null || previous === null)
    return null
  const pp = Math.round((current - previous) * 1000) / 10
  if (pp === 0)
    return { text: '持平', trend: 'flat', good: null }
  return { text: `${pp > 0 ? '+' : ''}${pp}百分点`, trend: pp > 0 ? 'up' : 'down', good: pp > 0 }
}

/** The change of a duration: faster is better. */
export function minutesDelta(current: number | null, previous: number | null): Delta | null {
  if (current === null || previous === null)
    return null
  const d = current - previous
  if (d === 0)
    return { text: '持平', trend: 'flat', good: null }
  return { text: `${d > 0 ? '慢' : '快'}${formatMinutes(Math.abs(d))}`, trend: d > 0 ? 'up' : 'down', good: d < 0 }
}

export const PERIOD_LABELS = { 'today': '今日', '7d': '近7天', '30d': '近30天' } as const
export const PREVIOUS_LABELS = { 'today': '较昨日', '7d': '较前7天', '30d': '较前30天' } as const

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  customer_bought: '客户已购买',
  not_interested: '客户不感兴趣',
  contacted_elsewhere: '已通过其他方式联系',
  content_unfit: '内容不合适',
  other: '其他',
}

/** "11/17 13:29" in China time: enough for a task's due time on a phone row. */
export function formatShortDateTime(iso: string): string {
  const p = shanghaiParts(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${p.month}/${p.day} ${pad(p.hour)}:${pad(p.minute)}`
}
