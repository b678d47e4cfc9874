/** Money and bands as staff read them in reasons: ¥398, ¥200–300 档. */

export function yuan(cents: number): string {
  const y = cents / 100
  return `¥${Number.isInteger(y) ? y.toLocaleString('en-US') : y.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

const BANDS = [0, 10000, 20000, 30000, 50000, 80000] as const

/** The spend band an average order value falls in: [lo, hi) in fen, hi null above the top. */
function spendBand(aovCents: number): { lo: number, hi: number | null } {
  let lo: number = BANDS[0]
  let hi: number | null = null
  for (let i = 0; i < BANDS.length; i++) {
    if (aovCents >= BANDS[i]!) {
      lo = BANDS[i]!
      hi = BANDS[i + 1] ?? null
    }
  }
  return { lo, hi }
}

export function spendBandText(aovCents: number): string {
  const { lo, hi } = spendBand(aovCents)
  if (hi === null)
    return `客单价 ${yuan(lo)} 以上`
  if (lo === 0)
    return `客单价 ${yuan(hi)} 以下`
  return `客单价 ${yuan(lo)}–${String(hi / 100)} 档`
}

/** "满299减50", "85折", "赠胶原蛋白肽饮体验装" — the value in the words coupons are printed with. */
export function couponValueText(t: { valueKind: string, amountOffCents: number | null, percentOff: number | null, giftName: string | null, thresholdCents: number }): string {
  const threshold = t.thresholdCents > 0 ? `满${t.thresholdCents / 100}` : ''
  switch (t.valueKind) {
    case 'amount_off':
      return threshold ? `${threshold}减${(t.amountOffCents ?? 0) / 100}` : `立减${(t.amountOffCents ?? 0) / 100}元`
    case 'percent_off': {
      const rate = 100 - (t.percentOff ?? 0)
      const zhe = rate % 10 === 0 ? `${rate / 10}折` : `${rate}折`
      return threshold ? `${threshold}享${zhe}` : zhe
    }
    default:
      return `${threshold ? `${threshold}` : ''}赠${t.giftName ?? '礼品'}`
  }
}
