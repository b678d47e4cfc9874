import { describe, expect, it } from 'vitest'
import { ageBand, daysBetween, maskPhone } from './customer-facts.ts'

const NOW = Date.parse('2026-11-20T10:00:00+08:00')

describe('maskPhone', () => {
  it('should keep the first 3 and last 4 digits when the number is a mainland mobile', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('+86 138-1234-1234')).toBe('861****1234')
  })
  it('should hide everything when the number is too short to mask safely', () => {
    expect(maskPhone('12345')).toBe('****')
    expect(maskPhone(null)).toBeNull()
  })
})

describe('ageBand', () => {
  it('should place the age in its band when the birth year is known', () => {
    expect(ageBand(1990, NOW)).toBe('35-39岁')
    expect(ageBand(2001, NOW)).toBe('25-29岁')
    expect(ageBand(1960, NOW)).toBe('60岁及以上')
    expect(ageBand(2010, NOW)).toBe('18岁以下')
  })
  it('should be null when the year is unknown or absurd', () => {
    expect(ageBand(null, NOW)).toBeNull()
    expect(ageBand(2030, NOW)).toBeNull()
  })
})

describe('daysBetween', () => {
  it('should count China calendar days, not 24-hour spans', () => {
    const lateEvening = Date.parse('2026-11-19T23:30:00+08:00')
    expect(daysBetween(lateEvening, Date.parse('2026-11-20T00:30:00+08:00'))).toBe(1)
    expect(daysBetween(Date.parse('2026-11-20T00:10:00+08:00'), NOW)).toBe(0)
  })
})
