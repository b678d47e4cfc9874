import { describe, expect, it } from 'vitest'
import { DAY, HOUR, MINUTE } from '../rules/time-units.ts'
import { parseDuration, parseTimeOfDay } from './time.ts'

describe('config durations and times of day', () => {
  it('should parse each string the same every time it is asked (they are remembered after the first)', () => {
    for (let i = 0; i < 3; i++) {
      expect([parseDuration('30m'), parseDuration('12h'), parseDuration('3d'), parseDuration('0m')]).toEqual([30 * MINUTE, 12 * HOUR, 3 * DAY, 0])
      expect([parseTimeOfDay('09:00'), parseTimeOfDay('21:30'), parseTimeOfDay('00:05')]).toEqual([540, 1290, 5])
    }
  })

  it('should refuse a bad string every time, remembering nothing for it', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => parseDuration('3 days')).toThrow(/bad duration/)
      expect(() => parseTimeOfDay('9:00')).toThrow(/bad time of day/)
    }
  })

  it('should keep answering after seeing more distinct strings than it keeps', () => {
    for (let n = 0; n < 5000; n++)
      expect(parseDuration(`${n}m`)).toBe(n * MINUTE)
    expect(parseDuration('12h')).toBe(12 * HOUR)
  })
})
