/**
 * Mainland mobile numbers: one normalisation for every way they arrive, one mask for every place
 * staff read them. The BFF only ever sends a number out masked, unless a reveal was logged.
 */
const FULL_WIDTH_DIGIT = /[０-９]/g
const SEPARATORS = /[\s\-().（）]/g

/**
 * The 11 digits of a mainland mobile number as shops and CRMs send it ("+86 138-1234-1234",
 * "0086 13812341234", "86-13812341234", full-width digits), or null when it is not one.
 */
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

/**
 * 138****1234: the first three and last four digits, four stars between, whatever the length.
 * Fewer than 7 digits reveal nothing: `****`. Non-digits are dropped first.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  return digits.length < 7 ? '****' : `${digits.slice(0, 3)}****${digits.slice(-4)}`
}
