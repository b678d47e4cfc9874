import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { couponTemplates, customerCoupons } from '#db/schema.ts'
import { loadJourneyConfig } from '../engine/journey/index.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { DAY, HOUR, type JourneyBrand, seedJourneyBrand } from '../test/journey-fixtures.ts'
import { loadCustomerFacts } from './journey-facts.ts'
import { recomputeCustomer } from './journey-recompute.ts'

const config = loadJourneyConfig()
/** 18:00 China time the day after TEST_NOW (Fri 10:00). */
const TOMORROW_EVENING = TEST_NOW + DAY + 8 * HOUR

describe('customer coupons in the journey', () => {
  let h: DbHandle
  let brand: JourneyBrand
  let templateId: number
  const hold = (customerId: number, status: 'issued' | 'claimed' | 'used' | 'expired', expiresAt: number, code: string) =>
    h.db.insert(customerCoupons).values({ customerId, templateId, code, status, issuedAt: TEST_NOW - 5 * DAY, claimedAt: status === 'issued' ? null : TEST_NOW - 5 * DAY, usedAt: status === 'used' ? TEST_NOW - DAY : null, expiresAt }).run()
  const couponTasks = (customerId: number) => h.sqlite.prepare<[number], { sopKey: string, marketing: number, content: string, reason: string, dueAt: number }>(`select sop_key as sopKey, marketing, content, reason, due_at as dueAt from tasks where customer_id = ? and sop_key = 'coupon_expiring'`).all(customerId)

  beforeEach(() => {
    h = openDatabase(':memory:')
    brand = seedJourneyBrand(h.db)
    templateId = h.db.insert(couponTemplates).values({ code: 'ALL-599-120', name: '满599减120', valueKind: 'amount_off', amountOffCents: 12000, thresholdCents: 59900, validDays: 3, claimUrl: 'https://mall.example.com/coupon/claim?tpl=ALL-599-120' }).returning().get().id
  })
  afterEach(() => h.close())

  it('should give the journey the coupons a customer holds', () => {
    hold(brand.loyal.id, 'claimed', TOMORROW_EVENING, 'C-1')
    hold(brand.loyal.id, 'used', TOMORROW_EVENING, 'C-2')
    expect(loadCustomerFacts(h.db, brand.loyal.id)!.coupons).toEqual([
      { key: 'C-1', name: '满599减120', productId: null, claimedAt: TEST_NOW - 5 * DAY, usedAt: null, expiresAt: TOMORROW_EVENING },
    ])
  })

  it('should fire 优惠券明天到期 for a claimed coupon that expires tomorrow, as a service task due today', async () => {
    hold(brand.loyal.id, 'claimed', TOMORROW_EVENING, 'C-1')
    await recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW)
    const [task] = couponTasks(brand.loyal.id)
    expect(task).toBeDefined()
    expect(task!.marketing).toBe(0)
    expect(JSON.parse(task!.content).text).toContain('「满599减120」将于明天')
    expect(task!.reason).toContain('满599减120')
    expect(task!.dueAt).toBeLessThanOrEqual(TEST_NOW + 14 * HOUR)
  })

  it('should not fire for a coupon used, expiring later, or sent but not claimed', async () => {
    hold(brand.loyal.id, 'used', TOMORROW_EVENING, 'C-1')
    hold(brand.loyal.id, 'claimed', TEST_NOW + 5 * DAY, 'C-2')
    hold(brand.silent.id, 'issued', TOMORROW_EVENING, 'C-3')
    await recomputeCustomer(h.db, config, brand.loyal.id, TEST_NOW)
    await recomputeCustomer(h.db, config, brand.silent.id, TEST_NOW)
    expect(couponTasks(brand.loyal.id)).toEqual([])
    expect(couponTasks(brand.silent.id)).toEqual([])
  })
})
