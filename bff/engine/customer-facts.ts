/** Pure helpers that turn stored customer facts into what staff read. */

const DAY_MS = 86_400_000

/** 138****1234 — the only form a phone number leaves the BFF in, unless revealed. */
export function maskPhone(phone: string | null): string | null {
  if (!phone)
    return null
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7)
    return '****'
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

const AGE_BANDS: Array<[maxAge: number, label: string]> = [
  [17, '18岁以下'], [24, '18-24岁'], [29, '25-29岁'], [34, '30-34岁'], [39, '35-39岁'], [49, '40-49岁'], [59, '50-59岁'],
]

/** Age band from the birth year, in China time; null when the year is unknown. */
export function ageBand(birthYear: number | null, now: number): string | null {
  if (!birthYear)
    return null
  const age = chinaYear(now) - birthYear
  if (age < 0 || age > 120)
    return null
  return AGE_BANDS.find(([max]) => age <= max)?.[1] ?? '60岁及以上'
}

/** Whole days between two instants, counted on China calendar days. */
export function daysBetween(earlier: number, later: number): number {
  return Math.max(0, Math.floor(chinaDay(later)) - Math.floor(chinaDay(earlier)))
}

const CHINA_OFFSET_MS = 8 * 3600_000
function chinaDay(ms: number) {
  return (ms + CHINA_OFFSET_MS) / DAY_MS
}
function chinaYear(ms: number) {
  return new Date(ms + CHINA_OFFSET_MS).getUTCFullYear()
}

export function genderLabel(gender: number): 'male' | 'female' | 'unknown' {
  return gender === 1 ? 'male' : gender === 2 ? 'female' : 'unknown'
}
