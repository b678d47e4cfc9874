/**
 * The coupons a customer holds as staff should see them: the state as of now (a claimed coupon
 * past its expiry is expired even before a job marks it), and a warning on those about to lapse.
 */
import { EXPIRY_WARNING } from './coupons.ts'
import type { CouponStatus, RecoHeldCoupon } from './types.ts'

export interface HeldCouponView {
  coupon: RecoHeldCoupon
  status: CouponStatus
  /** Usable and expiring within a day: one tap sends a reminder. */
  expiringSoon: boolean
}

const ORDER: Record<CouponStatus, number> = { claimed: 0, issued: 1, used: 2, expired: 3 }

export function effectiveStatus(c: RecoHeldCoupon, now: number): CouponStatus {
  if ((c.status === 'issued' || c.status === 'claimed') && c.expiresAt <= now)
    return 'expired'
  return c.status
}

/** Usable first (soonest expiry first), then used and expired (latest first); at most `limit`. */
export function heldCoupons(coupons: readonly RecoHeldCoupon[], now: number, limit = 10): HeldCouponView[] {
  return coupons.map((coupon) => {
    const status = effectiveStatus(coupon, now)
    const usable = status === 'issued' || status === 'claimed'
    return { coupon, status, expiringSoon: usable && coupon.expiresAt - now <= EXPIRY_WARNING }
  }).sort((a, b) => {
    const usableA = ORDER[a.status] < 2
    const usableB = ORDER[b.status] < 2
    if (usableA !== usableB)
      return usableA ? -1 : 1
    if (usableA)
      return a.coupon.expiresAt - b.coupon.expiresAt || a.coupon.id - b.coupon.id
    const at = (v: HeldCouponView) => v.coupon.usedAt ?? v.coupon.expiresAt
    return at(b) - at(a) || b.coupon.id - a.coupon.id
  }).slice(0, limit)
}
