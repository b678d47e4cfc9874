import { describe, expect, it } from 'vitest'
import { ageBand } from './customer-facts.ts'

const NOW = Date.parse('2026-11-20T10:00:00+08:00')

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
  it('should count the year in China time when it turns there before it turns in UTC', () => {
    expect(ageBand(2001, Date.parse('2026-12-31T23:30:00+08:00'))).toBe('25-29岁')
    expect(ageBand(2001, Date.parse('2027-01-01T00:30:00+08:00'))).toBe('25-29岁')
    expect(ageBand(2002, Date.parse('2026-12-31T23:30:00+08:00'))).toBe('18-24岁')
    expect(ageBand(2002, Date.parse('2027-01-01T00:30:00+08:00'))).toBe('25-29岁')
  })
})
