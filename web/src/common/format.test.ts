import { describe, expect, it } from 'vitest'
import { HOUR, MINUTE } from '#rules/time-units.ts'
import {
  calendarDaysAgo,
  EVENT_KIND_LABELS,
  formatClock,
  formatCount,
  formatDate,
  formatDateTime,
  formatDayHeading,
  formatDaysSince,
  formatDuration,
  formatMaskedPhone,
  formatMoney,
  formatMoneyCompact,
  formatNumber,
  formatMonthDay,
  formatPhone,
  formatRelativeTime,
  isBirthdayToday,
  ORDER_SOURCE_LABELS,
  ORDER_STATUS_LABELS,
} from './format'

describe('money', () => {
  it('should format fen as yuan with separators and two decimals', () => {
    expect(formatMoney(138000)).toBe('¥1,380.00')
    expect(formatMoney(0)).toBe('¥0.00')
    expect(formatMoney(5)).toBe('¥0.05')
    expect(formatMoney(123456789)).toBe('¥1,234,567.89')
  })

  it('should put the sign before the currency when negative', () => {
    expect(formatMoney(-3000)).toBe('-¥30.00')
  })

  it('should switch to 万 from ten thousand yuan when compact', () => {
    expect(formatMoneyCompact(138000)).toBe('¥1,380.00')
    expect(formatMoneyCompact(999999)).toBe('¥9,999.99')
    expect(formatMoneyCompact(1_400_000)).toBe('¥1.4万')
    expect(formatMoneyCompact(12_000_000)).toBe('¥12万')
    expect(formatMoneyCompact(25_000_000_000)).toBe('¥2.5亿')
  })

  it('should format counts compactly from ten thousand', () => {
    expect(formatCount(2380)).toBe('2,380')
    expect(formatCount(12345)).toBe('1.2万')
    expect(formatNumber(12380)).toBe('12,380')
  })
})

describe('date-times in Asia/Shanghai', () => {
  it('should show an exact first-add time whatever the input offset', () => {
    expect(formatDateTime('2026-11-18T06:03:27.000Z')).toBe('2026-11-18 14:03:27')
    expect(formatDateTime('2026-11-18T14:03:27+08:00')).toBe('2026-11-18 14:03:27')
  })

  it('should roll over the day at Shanghai midnight, not UTC midnight', () => {
    expect(formatDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00:00')
    expect(formatDate('2026-12-31T16:00:00Z')).toBe('2027-01-01')
    expect(formatClock('2026-12-31T15:59:00Z')).toBe('23:59')
  })

  it('should return an empty string for an unparsable date', () => {
    expect(formatDateTime('not a date')).toBe('')
  })

  it('should count calendar days in Shanghai', () => {
    const now = '2026-11-23T01:00:00Z' // 09:00 in Shanghai
    expect(calendarDaysAgo('2026-11-22T16:30:00Z', now)).toBe(0) // 00:30 today
    expect(calendarDaysAgo('2026-11-22T15:30:00Z', now)).toBe(1) // 23:30 yesterday
  })
})

describe('relative time', () => {
  const now = Date.parse('2026-11-23T12:00:00+08:00')

  it('should say 刚刚 within a minute and for future times', () => {
    expect(formatRelativeTime(now - 30_000, now)).toBe('刚刚')
    expect(formatRelativeTime(now + MINUTE, now)).toBe('刚刚')
  })

  it('should count minutes, hours and days', () => {
    expect(formatRelativeTime(now - 5 * MINUTE, now)).toBe('5分钟前')
    expect(formatRelativeTime(now - 3 * HOUR, now)).toBe('3小时前')
    expect(formatRelativeTime('2026-11-22T08:00:00+08:00', now)).toBe('昨天')
    expect(formatRelativeTime('2026-11-20T12:00:00+08:00', now)).toBe('3天前')
  })

  it('should fall back to the date after a month', () => {
    expect(formatRelativeTime('2026-09-01T12:00:00+08:00', now)).toBe('2026-09-01')
  })

  it('should head timeline days as 今天 / 昨天 / date with weekday / date with year', () => {
    expect(formatDayHeading('2026-11-23T00:10:00+08:00', now)).toBe('今天')
    expect(formatDayHeading('2026-11-22T23:50:00+08:00', now)).toBe('昨天')
    expect(formatDayHeading('2026-11-18T10:00:00+08:00', now)).toBe('11月18日 周三')
    expect(formatDayHeading('2025-11-18T10:00:00+08:00', now)).toBe('2025年11月18日')
  })
})

describe('birthday', () => {
  it('should turn MM-DD into a Chinese month and day', () => {
    expect(formatMonthDay('11-25')).toBe('11月25日')
    expect(formatMonthDay('03-07')).toBe('3月7日')
    expect(formatMonthDay('garbage')).toBe('garbage')
  })

  it('should know when the birthday is today in Shanghai', () => {
    expect(isBirthdayToday('11-25', '2026-11-24T16:30:00Z')).toBe(true) // 00:30 on 11-25
    expect(isBirthdayToday('11-25', '2026-11-24T15:30:00Z')).toBe(false)
    expect(isBirthdayToday(null)).toBe(false)
  })
})

describe('durations and day counts', () => {
  it('should format reading durations', () => {
    expect(formatDuration(750)).toBe('12分30秒')
    expect(formatDuration(45)).toBe('45秒')
    expect(formatDuration(720)).toBe('12分钟')
    expect(formatDuration(3720)).toBe('1小时2分')
    expect(formatDuration(7200)).toBe('2小时')
  })

  it('should format days since the last order', () => {
    expect(formatDaysSince(12)).toBe('12天')
    expect(formatDaysSince(0)).toBe('今天')
    expect(formatDaysSince(null)).toBe('暂无')
  })
})

describe('phone numbers', () => {
  it('should group a masked number for reading', () => {
    expect(formatMaskedPhone('138****1234')).toBe('138 **** 1234')
    expect(formatMaskedPhone('unknown')).toBe('unknown')
  })

  it('should group a full number', () => {
    expect(formatPhone('13800138000')).toBe('138 0013 8000')
    expect(formatPhone('+8613800138000')).toBe('+86 138 0013 8000')
    expect(formatPhone('021-12345678')).toBe('021-12345678')
  })
})

describe('labels', () => {
  it('should name every order source, status and event kind in Chinese', () => {
    expect(ORDER_SOURCE_LABELS.youzan).toBe('有赞')
    expect(ORDER_SOURCE_LABELS.mall).toBe('自建商城')
    expect(ORDER_STATUS_LABELS.shipped).toBe('已发货')
    expect(Object.values(EVENT_KIND_LABELS)).toHaveLength(11)
    expect(EVENT_KIND_LABELS.customer_merged).toBe('合并客户')
  })
})
