/** Pure helpers that turn stored customer facts into what staff read. */
import { chinaDate } from './rules/china-time.ts'

const AGE_BANDS: Array<[maxAge: number, label: string]> = [
  [17, '18岁以下'], [24, '18-24岁'], [29, '25-29岁'], [34, '30-34岁'], [39, '35-39岁'], [49, '40-49岁'], [59, '50-59岁'],
]

/** Age band from the birth year, in China time; null when the year is unknown. */
export function ageBand(birthYear: number | null, now: number): string | null {
  if (!birthYear)
    return null
  const age = chinaDate(now).year - birthYear
  if (age < 0 || age > 120)
    return null
  return AGE_BANDS.find(([max]) => age <= max)?.[1] ?? '60岁及以上'
}

export function genderLabel(gender: number): 'male' | 'female' | 'unknown' {
  return gender === 1 ? 'male' : gender === 2 ? 'female' : 'unknown'
}
