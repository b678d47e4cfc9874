import { describe, expect, it } from 'vitest'
import { DAY, HOUR } from '../rules/time-units.ts'
import { couponEligibility, recommendCoupons } from './coupons.ts'
import { heldCoupons } from './holdings.ts'
import { buildProfile } from './profile.ts'
import { customer, input, NOW, order, PRODUCTS, template, TEMPLATES } from './test-data.ts'
import type { RecoCustomer, RecoHeldCoupon } from './types.ts'

const codes = (c: RecoCustomer, templates = TEMPLATES) => recommendCoupons(input(c, templates)).ranked.map(r => r.template.code)
const verdict = (c: RecoCustomer, code: string, templates = TEMPLATES) => recommendCoupons(input(c, templates)).verdicts.find(v => v.template.code === code)!.why

/** Five ¥250-ish probiotic orders, the last 120 days ago, nothing since. */
const silentBigSpender = customer({
  stage: 'silent',
  lastActiveAt: NOW - 100 * DAY,
  tags: ['满减敏感'],
  orders: [order(400, [[4, 1], [7, 1]]), order(330, [[5, 1]]), order(260, [[4, 1], [8, 1]]), order(190, [[4, 1]]), order(120, [[5, 1]])],
})
/** The same history, but she bought last month and is active. */
const activeTwin = customer({ ...silentBigSpender, stage: 'repeat', lastActiveAt: NOW - 3 * DAY, orders: [...silentBigSpender.orders.slice(0, 4), order(30, [[5, 1]])] })
/** Added two days ago, looked at 即食燕窝 three times, no order. */
const newViewer = customer({
  stage: 'new',
  addedAt: NOW - 2 * DAY,
  lastActiveAt: NOW - 3 * HOUR,
  events: [1, 2, 3].map(h => ({ type: 'product_view' as const, occurredAt: NOW - h * 10 * HOUR, productId: 1 })),
})
/** Buys every two months, told staff to stop the ads. */
const averseRegular = customer({ stage: 'repeat', marketingAverse: true, orders: [order(200, [[9, 1]]), order(130, [[9, 1]]), order(60, [[9, 1], [8, 1]])] })

function held(id: number, templateId: number, status: RecoHeldCoupon['status'], expiresAt: number, values: Partial<RecoHeldCoupon> = {}): RecoHeldCoupon {
  return { id, templateId, code: `C${id}`, status, issuedAt: expiresAt - 7 * DAY, claimedAt: status === 'issued' ? null : expiresAt - 6 * DAY, usedAt: null, expiresAt, ...values }
}

describe('coupon eligibility', () => {
  it('should never offer a marketing-averse customer anything but service coupons', () => {
    expect(codes(averseRegular)).toEqual(['SVC-20'])
    expect(verdict(averseRegular, 'ALL-199-30')).toBe('marketing_averse')
  })

  it('should keep first-order coupons for customers without an order', () => {
    expect(verdict(silentBigSpender, 'NEW-YW-30')).toBe('new_customers_only')
    expect(verdict(newViewer, 'NEW-YW-30')).toBeNull()
  })

  it('should respect the audience: stage, tags and spend band', () => {
    expect(verdict(activeTwin, 'RECALL-200-60')).toBe('audience_stage')
    expect(verdict(silentBigSpender, 'RECALL-200-60')).toBeNull()
    const tagged = [
      template(20, 'MOM', { audience: { includeTags: ['宝妈'] } }),
      template(21, 'NO-AGENT', { audience: { excludeTags: ['代理意向'] } }),
      template(22, 'BIG', { audience: { minAovCents: 50000 } }),
      template(23, 'SMALL', { audience: { maxAovCents: 15000 } }),
    ]
    const mom = customer({ tags: ['宝妈', '代理意向'], orders: [order(10, [[4, 1]])] })
    expect(['MOM', 'NO-AGENT', 'BIG', 'SMALL'].map(c => verdict(mom, c, tagged))).toEqual([null, 'audience_tag', 'audience_aov', 'audience_aov'])
    expect(verdict(customer({ orders: [order(10, [[3, 1]])] }), 'SMALL', tagged)).toBeNull()
  })

  it('should keep birthday coupons for the week before a customer\'s birthday, and say whose', () => {
    const book = [template(40, 'BDAY', { audience: { birthdayWithinDays: 7 }, amountOffCents: 5000, thresholdCents: 10000 })]
    // NOW is 2026-11-20 in China.
    const withBirthday = (birthday: string | null) => customer({ birthday, orders: [order(30, [[1, 1]])] })
    expect(verdict(withBirthday('11-25'), 'BDAY', book)).toBeNull()
    expect(recommendCoupons(input(withBirthday('11-25'), book)).ranked[0]!.reason).toContain('5 天后生日')
    expect(verdict(withBirthday('11-20'), 'BDAY', book)).toBeNull()
    expect(verdict(withBirthday('12-25'), 'BDAY', book)).toBe('audience_birthday')
    expect(verdict(withBirthday('11-19'), 'BDAY', book)).toBe('audience_birthday')
    expect(verdict(withBirthday(null), 'BDAY', book)).toBe('audience_birthday')
  })

  it('should leave out templates out of stock, over budget, inactive or outside their dates', () => {
    const book = [
      template(30, 'GONE', { stockTotal: 100, issuedCount: 100 }),
      template(31, 'LAST', { stockTotal: 100, issuedCount: 99 }),
      template(32, 'BROKE', { budgetCents: 100_000, spentCents: 98_000, amountOffCents: 3000 }),
      template(33, 'OFF', { active: false }),
      template(34, 'LATER', { availableFrom: NOW + DAY }),
      template(35, 'OVER', { availableUntil: NOW }),
      template(36, 'PCT-BROKE', { valueKind: 'percent_off', amountOffCents: null, percentOff: 10, thresholdCents: 30000, budgetCents: 10_000, spentCents: 7_500 }),
    ]
    const c = customer({ orders: [order(20, [[1, 1]])] })
    expect(book.map(t => verdict(c, t.code, book))).toEqual(['out_of_stock', null, 'over_budget', 'inactive', 'not_available', 'not_available', 'over_budget'])
  })

  it('should not offer a template the customer already holds unused, but again once it is used or expired', () => {
    const c = (coupon: RecoHeldCoupon) => customer({ orders: [order(20, [[1, 1]])], coupons: [coupon] })
    expect(verdict(c(held(1, 4, 'claimed', NOW + DAY)), 'ALL-299-50')).toBe('already_held')
    expect(verdict(c(held(1, 4, 'issued', NOW + DAY)), 'ALL-299-50')).toBe('already_held')
    expect(verdict(c(held(1, 4, 'used', NOW + DAY, { usedAt: NOW - DAY })), 'ALL-299-50')).toBeNull()
    expect(verdict(c(held(1, 4, 'claimed', NOW - HOUR)), 'ALL-299-50')).toBeNull()
  })

  it('should check a single template the same way the list does', () => {
    const profile = buildProfile(averseRegular, PRODUCTS, NOW)
    expect(couponEligibility(TEMPLATES[9]!, averseRegular, profile, NOW)).toBeNull()
    expect(couponEligibility(TEMPLATES[2]!, averseRegular, profile, NOW)).toBe('marketing_averse')
  })
})

describe('coupon ranking', () => {
  it('should give a new customer who viewed 燕窝 three times the 燕窝 first-order coupon, and say why', () => {
    const { ranked } = recommendCoupons(input(newViewer))
    expect(ranked[0]!.template.code).toBe('NEW-YW-30')
    expect(ranked[0]!.reason).toBe('浏览燕窝 3 次 · 新客首单')
    // The other first-order coupon is for a category she never looked at: ranked below.
    const ysj = ranked.findIndex(r => r.template.code === 'NEW-YSJ-80')
    expect(ysj === -1 || ysj > 0).toBe(true)
  })

  it('should give a silent big spender larger coupons scaled to past spend, with the silence in the reason', () => {
    const silent = recommendCoupons(input(silentBigSpender)).ranked
    const active = recommendCoupons(input(activeTwin)).ranked
    expect(silent.map(r => r.template.code)).toContain('RECALL-200-60')
    expect(silent[0]!.reason).toContain('沉默 100 天')
    expect(silent.find(r => r.template.code === 'YSJ-199-40')!.reason).toBe('常买益生菌 · 沉默 100 天 · 客单价 ¥200–300 档')
    const value = (r: typeof silent[number]) => r.template.amountOffCents ?? 0
    const avg = (list: typeof silent) => list.slice(0, 2).reduce((s, r) => s + value(r), 0) / 2
    expect(avg(silent)).toBeGreaterThan(avg(active))
  })

  it('should offer a high-value customer the exclusive coupon first', () => {
    const vip = customer({ stage: 'high_value', lastActiveAt: NOW - DAY, orders: [1, 2, 3, 4, 5, 6].map(i => order(i * 40, [[2, 1]])) })
    const { ranked } = recommendCoupons(input(vip))
    expect(ranked[0]!.template.code).toBe('VIP-GIFT')
    expect(ranked[0]!.reason).toContain('高价值专享')
  })

  it('should rank by the customer\'s taste for 满减 or 折扣', () => {
    const base = { orders: [order(30, [[1, 1]]), order(90, [[1, 1]])], stage: 'repeat' }
    const score = (tags: string[], code: string) => recommendCoupons(input(customer({ ...base, tags })), 20).ranked.find(r => r.template.code === code)!.score
    expect(score(['折扣敏感'], 'YW-85') - score(['满减敏感'], 'YW-85')).toBe(1)
    expect(score(['满减敏感'], 'ALL-299-50') - score(['折扣敏感'], 'ALL-299-50')).toBe(1)
  })

  it('should compute the reason from the same terms as the score', () => {
    for (const c of [silentBigSpender, newViewer, activeTwin]) {
      for (const r of recommendCoupons(input(c)).ranked) {
        expect(r.score).toBeCloseTo(r.terms.reduce((s, t) => s + t.points, 0), 2)
        for (const part of r.reason.split(' · ')) expect(r.terms.some(t => t.text === part) || ['店铺通用券', '服务补偿券'].includes(part)).toBe(true)
      }
    }
  })

  it('should be deterministic and cap the list', () => {
    expect(codes(activeTwin)).toEqual(codes(activeTwin))
    expect(codes(activeTwin).length).toBeLessThanOrEqual(4)
  })
})

describe('held coupons', () => {
  it('should warn about a coupon that expires tomorrow and show the others in their state', () => {
    const coupons = [
      held(1, 5, 'claimed', NOW + 20 * HOUR),
      held(2, 3, 'claimed', NOW + 5 * DAY),
      held(3, 4, 'used', NOW + DAY, { usedAt: NOW - 2 * DAY }),
      held(4, 6, 'claimed', NOW - DAY),
      held(5, 7, 'issued', NOW + 3 * DAY),
    ]
    const view = heldCoupons(coupons, NOW)
    expect(view.map(v => [v.coupon.id, v.status, v.expiringSoon])).toEqual([
      [1, 'claimed', true], [5, 'issued', false], [2, 'claimed', false], [4, 'expired', false], [3, 'used', false],
    ])
    // Holding 满599减120 unused: not offered again.
    expect(verdict(customer({ orders: [order(20, [[2, 1]])], coupons }), 'ALL-599-120')).toBe('already_held')
  })
})
