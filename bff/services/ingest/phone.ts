/**
 * Mainland mobile numbers as they arrive from shops and CRMs ("+86 138-1234-1234", "0086
 * 13812341234", "86-13812341234", full-width digits) reduced to the 11 digits every match uses.
 */
const FULL_WIDTH_DIGIT = /[０-９]/g
const SEPARATORS = /[\s\-().（）]/g

/** The 11-digit number, or null when the input is not a mainland mobile number. */
export function normalizePhone(raw: string): string | null {
  let s = raw.replace(FULL_WIDTH_DIGIT, d => String.fromCharCode(d.charCodeAt(0) - 0xFEE0)).replace(SEPARATORS, '')
  if (s.startsWith('+86'))
    s = s.slice(3)
  else if (s.startsWith('0086'))
    s = s.slice(4)
  else if (s.length === 13 && s.startsWith('86'))
    s = s.slice(2)
  return /^1[3-9]\d{9}$/.test(s) ? s : null
}
