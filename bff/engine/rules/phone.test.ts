import { describe, expect, it } from 'vitest'
import { maskPhone, normalizePhone } from './phone.ts'

describe('normalizePhone', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['+86 138-1234-1234', '13812341234'],
    ['0086 13812341234', '13812341234'],
    ['86-13812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'],
    ['(138) 1234 1234', '13812341234'],
    ['（138）1234.1234', '13812341234'],
  ])('should read %s as %s', (raw, phone) => expect(normalizePhone(raw)).toBe(phone))

  it.each(['1381234123', '23812341234', '021-12345678', '+1 4155550100', 'abc', ''])('should refuse %s', raw => expect(normalizePhone(raw)).toBeNull())
})

describe('maskPhone', () => {
  it('should keep the first 3 and last 4 digits with four stars between when the number is long enough', () => {
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskPhone('1234567')).toBe('123****4567')
    expect(maskPhone('02112345678901')).toBe('021****8901')
  })

  it('should drop separators before masking, so a formatted number masks its digits', () => {
    expect(maskPhone('138 1234 1234')).toBe('138****1234')
    expect(maskPhone('+86 138-1234-1234')).toBe('861****1234')
  })

  it('should reveal nothing when the number has fewer than 7 digits', () => {
    expect(maskPhone('123456')).toBe('****')
    expect(maskPhone('12-34-5')).toBe('****')
    expect(maskPhone('')).toBe('****')
  })
})
