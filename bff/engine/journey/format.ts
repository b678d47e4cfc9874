/** How reasons and scripts write figures in Chinese. */
import { chinaDate } from '../rules/china-time.ts'

const yuan = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** 138000 → "¥1,380.00" (the sidebar's formatMoney writes money the same way). */
export function formatYuan(cents: number): string {
  return `${cents < 0 ? '-' : ''}¥${yuan.format(Math.abs(cents) / 100)}`
}

/** 840 → "14分钟"; under a minute in seconds. */
export function formatReadTime(seconds: number): string {
  return seconds < 60 ? `${seconds}秒` : `${Math.floor(seconds / 60)}分钟`
}

/** "11月21日" in China time. */
export function formatMonthDay(at: number): string {
  const { month, day } = chinaDate(at)
  return `${month}月${day}日`
}

/** Reasons read best without repeats: the same fact can decide two branches of a rule. */
export function uniq(items: readonly string[]): string[] {
  return [...new Set(items)]
}
