import { describe, expect, it } from 'vitest'
import { countDelta, formatMinutes, formatRate, formatShortDateTime, minutesDelta, rateDelta } from './supervisor-format'

describe('supervisor formatting', () => {
  it('should write rates as whole percents and no rate as a dash', () => {
    expect(formatRate(0.634)).toBe('63%')
    expect(formatRate(1)).toBe('100%')
    expect(formatRate(null)).toBe('—')
  })

  it('should write durations in the largest sensible units', () => {
    expect(formatMinutes(15)).toBe('15分钟')
    expect(formatMinutes(125)).toBe('2小时5分')
    expect(formatMinutes(120)).toBe('2小时')
    expect(formatMinutes(27 * 60)).toBe('1天3小时')
    expect(formatMinutes(null)).toBe('—')
  })

  it('should write a due time short, in China time', () => {
    expect(formatShortDateTime('2026-11-17T05:29:00.000Z')).toBe('11/17 13:29')
  })

  it('should colour changes by whether they are good news', () => {
    expect(countDelta(12, 10)).toEqual({ text: '+2', trend: 'up', good: true })
    expect(countDelta(3, 5, false)).toEqual({ text: '-2', trend: 'down', good: true })
    expect(countDelta(5, 5)).toEqual({ text: '持平', trend: 'flat', good: null })
    expect(rateDelta(0.63, 0.5)).toEqual({ text: '+13百分点', trend: 'up', good: true })
    expect(rateDelta(null, 0.5)).toBeNull()
    expect(minutesDelta(60, 90)).toEqual({ text: '快30分钟', trend: 'down', good: true })
  })
})
