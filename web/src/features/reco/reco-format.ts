import type { CouponStatus } from '#contract/reco.ts'
import { calendarDaysAgo, formatClock, formatMoney, shanghaiParts } from '@/common/format'

export const COUPON_STATUS_LABELS: Readonly<Record<CouponStatus, string>> = {
  issued: '已发放',
  claimed: '已领取',
  used: '已使用',
  expired: '已过期',
}

/** "今天 18:00 到期", "明天 06:00 到期", "11月24日到期"; used and expired say when that happened. */
export function couponWhen(c: { status: CouponStatus, expiresAt: string, usedAt: string | null }, now: number): string {
  if (c.status === 'used' && c.usedAt)
    return `${day(c.usedAt, now)}使用`
  if (c.status === 'expired')
    return `${day(c.expiresAt, now)}过期`
  const ahead = -calendarDaysAgo(c.expiresAt, now)
  if (ahead === 0)
    return `今天 ${formatClock(c.expiresAt)} 到期`
  if (ahead === 1)
    return `明天 ${formatClock(c.expiresAt)} 到期`
  return `${day(c.expiresAt, now)}到期`
}

function day(iso: string, now: number): string {
  const ago = calendarDaysAgo(iso, now)
  if (ago === 0)
    return '今天'
  if (ago === 1)
    return '昨天'
  const p = shanghaiParts(iso)
  return p.year === shanghaiParts(now).year ? `${p.month}月${p.day}日` : `${p.year}年${p.month}月${p.day}日`
}

/** "今天 10:32 已发送" / "3天前已发送" for an item sent lately. */
export function sentText(iso: string | null, now: number, verb = '已发送'): string {
  if (!iso)
    return ''
  const ago = calendarDaysAgo(iso, now)
  return ago === 0 ? `今天 ${formatClock(iso)} ${verb}` : ago === 1 ? `昨天${verb}` : `${ago}天前${verb}`
}

export { formatMoney }
