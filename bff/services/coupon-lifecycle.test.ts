import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { couponTemplates } from '#db/schema.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { insertCustomer, insertDepartment, insertOrder, insertProduct, insertStaff, serve } from '../test/fixtures.ts'
import { expireCoupons, recordCouponClaim, recordOrderCoupon } from './coupon-lifecycle.ts'
import { attributeOrder } from './reco-attribution.ts'
import { ingestEvents } from './ingest/ingest-events.ts'
import { getRecommendations } from './reco.ts'
import { recordSend } from './reco-sends.ts'
import { loadJourneyConfig } from '../engine/journey/index.ts'

const DAY = 86_400_000
const journey = loadJourneyConfig()

describe('customer coupon lifecycle', () => {
  let h: DbHandle
  let staff: { id: number, userId: string }
  let customerId: number
  const coupons = () => h.sqlite.prepare('select code, status, claimed_at as claimedAt, used_at as usedAt, expires_at as expiresAt, order_id as orderId, send_id as sendId from customer_coupons order by id').all() as Array<Record<string, unknown>>
  const issuedCount = () => h.sqlite.prepare(`select issued_count from coupon_templates where code = 'ALL-299-50'`).pluck().get()

  beforeEach(() => {
    h = openDatabase(':memory:')
    const dept = insertDepartment(h.db)
    staff = insertStaff(h.db, dept.id, 'zhangli', '张丽')
    const c = insertCustomer(h.db, 'wmLin01', { name: '林晓雯' })
    customerId = c.id
    serve(h.db, staff.id, c.id)
    h.db.insert(couponTemplates).values({ code: 'ALL-299-50', name: '满299减50', valueKind: 'amount_off', amountOffCents: 5000, thresholdCents: 29900, validDays: 14, claimUrl: 'https://mall.example.com/coupon/claim?tpl=ALL-299-50' }).run()
  })
  afterEach(() => h.close())

  it('should follow a coupon sent from the sidebar through its claim and the order that used it', () => {
    const offer = getRecommendations(h.db, journey, staff, customerId, 'wmLin01', TEST_NOW).coupons.find(c => c.code === 'ALL-299-50')!
    const send = recordSend(h.db, staff, customerId, { kind: 'coupon', refId: offer.templateId, message: offer.message, idempotencyKey: 'send-0000001' }, TEST_NOW)

    const claim = recordCouponClaim(h.db, { customerId, templateCode: 'ALL-299-50', at: TEST_NOW + DAY })
    expect(claim).toEqual({ couponId: expect.any(Number), code: send.couponCode, status: 'claimed', changed: true, sendId: send.id })
    expect(coupons()[0]).toMatchObject({ status: 'claimed', claimedAt: TEST_NOW + DAY, expiresAt: TEST_NOW + 15 * DAY })

    const order = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + 3 * DAY, couponName: '满299减50' }, [{ name: '即食燕窝', unitPriceCents: 39800 }])
    expect(recordOrderCoupon(h.db, order.id)).toMatchObject({ code: send.couponCode, status: 'used', changed: true, sendId: send.id })
    expect(coupons()).toEqual([{ code: send.couponCode, status: 'used', claimedAt: TEST_NOW + DAY, usedAt: TEST_NOW + 3 * DAY, expiresAt: TEST_NOW + 15 * DAY, orderId: order.id, sendId: send.id }])
    expect(h.sqlite.prepare('select coupon_code from orders where id = ?').pluck().get(order.id)).toBe(send.couponCode)
    // Applying the same order again changes nothing.
    expect(recordOrderCoupon(h.db, order.id)).toMatchObject({ changed: false, status: 'used' })
    expect(issuedCount()).toBe(1)
    expect(attributeOrder(h.db, order.id)).toEqual({ sendId: send.id, via: 'coupon', staffUserId: 'zhangli', sentAt: TEST_NOW })
  })

  it('should complete the coupon sent from the sidebar when the brand\'s systems report its claim through the ingest API', () => {
    const offer = getRecommendations(h.db, journey, staff, customerId, 'wmLin01', TEST_NOW).coupons.find(c => c.code === 'ALL-299-50')!
    const send = recordSend(h.db, staff, customerId, { kind: 'coupon', refId: offer.templateId, message: offer.message, idempotencyKey: 'send-0000002' }, TEST_NOW)
    const claim = (id: string, props: Record<string, unknown>) =>
      ({ id, type: 'coupon_claim', touchpoint: 'miniprogram', occurredAt: new Date(TEST_NOW + DAY).toISOString(), customer: { externalUserId: 'wmLin01' }, props })
    const result = ingestEvents(h.sqlite, [claim('claim-1', { templateCode: 'ALL-299-50' }), claim('claim-2', { title: '不认识的券' })], TEST_NOW + DAY)
    expect(result).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] })
    expect(coupons()).toEqual([expect.objectContaining({ code: send.couponCode, status: 'claimed', claimedAt: TEST_NOW + DAY, sendId: send.id })])
    // Both stay in the trail; the unknown coupon just links to nothing.
    expect(h.sqlite.prepare(`select title from events where type = 'coupon_claim' order by id`).pluck().all()).toEqual(['满299减50', '不认识的券'])
  })

  it('should credit an order to the product card sent in the week before it, and to nothing later', () => {
    const yanwo = insertProduct(h.db, 'YW-01', '即食燕窝', '燕窝', 39800)
    const offer = getRecommendations(h.db, journey, staff, customerId, 'wmLin01', TEST_NOW).products.find(p => p.productId === yanwo.id)!
    const send = recordSend(h.db, staff, customerId, { kind: 'product', refId: yanwo.id, message: offer.message, idempotencyKey: 'send-product-01' }, TEST_NOW)
    const soon = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + 2 * DAY }, [{ name: '即食燕窝', productId: yanwo.id, unitPriceCents: 39800 }])
    const late = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + 9 * DAY }, [{ name: '即食燕窝', productId: yanwo.id, unitPriceCents: 39800 }])
    const other = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + DAY }, [{ name: '别的', unitPriceCents: 100 }])
    expect(attributeOrder(h.db, soon.id)).toEqual({ sendId: send.id, via: 'product', staffUserId: 'zhangli', sentAt: TEST_NOW })
    expect(attributeOrder(h.db, late.id)).toBeNull()
    expect(attributeOrder(h.db, other.id)).toBeNull()
  })

  it('should record a claim of a coupon nobody sent as a new claimed coupon, once per coupon code', () => {
    const first = recordCouponClaim(h.db, { customerId, templateCode: 'ALL-299-50', couponCode: 'MALL-1', at: TEST_NOW })
    const again = recordCouponClaim(h.db, { customerId, templateCode: 'ALL-299-50', couponCode: 'MALL-1', at: TEST_NOW })
    expect(first).toMatchObject({ code: 'MALL-1', status: 'claimed', changed: true, sendId: null })
    expect(again).toMatchObject({ code: 'MALL-1', changed: false })
    expect(coupons()).toHaveLength(1)
    expect(issuedCount()).toBe(1)
    expect(() => recordCouponClaim(h.db, { customerId, templateCode: 'NOPE', at: TEST_NOW })).toThrow('优惠券模板不存在')
  })

  it('should use the coupon an order names by code, leave pending orders alone, and ignore coupons never seen', () => {
    recordCouponClaim(h.db, { customerId, templateCode: 'ALL-299-50', couponCode: 'MALL-2', at: TEST_NOW })
    const pending = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + DAY, couponCode: 'MALL-2', status: 'pending' })
    expect(recordOrderCoupon(h.db, pending.id)).toMatchObject({ status: 'claimed', changed: false })
    const paid = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + DAY, couponCode: 'MALL-2' })
    expect(recordOrderCoupon(h.db, paid.id)).toMatchObject({ status: 'used', changed: true })
    const unknown = insertOrder(h.db, customerId, { orderedAt: TEST_NOW + DAY, couponName: '天猫店铺券' })
    expect(recordOrderCoupon(h.db, unknown.id)).toBeNull()
  })

  it('should expire held coupons past their time and leave used ones', () => {
    recordCouponClaim(h.db, { customerId, templateCode: 'ALL-299-50', couponCode: 'MALL-3', at: TEST_NOW - 20 * DAY })
    recordCouponClaim(h.db, { customerId, templateCode: 'ALL-299-50', couponCode: 'MALL-4', at: TEST_NOW })
    expect(expireCoupons(h.db, TEST_NOW)).toBe(1)
    expect(coupons().map(c => [c.code, c.status])).toEqual([['MALL-3', 'expired'], ['MALL-4', 'claimed']])
    expect(expireCoupons(h.db, TEST_NOW)).toBe(0)
  })
})
