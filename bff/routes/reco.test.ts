import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemo } from '#db/demo/generate.ts'
import type { RecoResponse, SendRecord } from '../contract/reco.ts'
import { HOUR } from '../engine/rules/time-units.ts'
import { recomputeAll } from '../services/journey-recompute.ts'
import { buildTestApp, TEST_NOW } from '../test/build-test-app.ts'
import { sessionCookie } from '../test/fixtures.ts'

const LIN = 'wmDemoHighValue01' // 林晓雯: high value, holds 满599减120 expiring tomorrow
const XIAOMI = 'wmDemoNew01' // 赵小米: new, claimed the 燕窝 first-order coupon
const SUNLEI = 'wmDemoChurned01' // 孙磊: told staff to stop the ads
const ZHOUTING = 'wmDemoOther01' // 周婷: chenjing's

/** One app over the demo brand at TEST_NOW, stages computed; the tests below run in order on it. */
let ctx: Awaited<ReturnType<typeof setup>>
async function setup() {
  const built = await buildTestApp()
  generateDemo(built.handle, { customers: 60, now: TEST_NOW })
  await recomputeAll(built.handle.db, built.app.journey, TEST_NOW)
  const inject = (method: 'GET' | 'POST', url: string, body?: object, userId = 'zhangli') =>
    built.app.inject({ method, url, headers: sessionCookie(built.app, userId, TEST_NOW), ...(body ? { payload: body } : {}) })
  const reco = async (externalUserId: string) => {
    const res = await inject('GET', `/api/customers/${externalUserId}/recommendations`)
    expect(res.statusCode, res.body).toBe(200)
    return res.json<RecoResponse>()
  }
  const sql = built.handle.sqlite
  return { ...built, inject, reco, sql }
}
beforeAll(async () => { ctx = await setup() })
afterAll(async () => ctx.close())

describe('GET /api/customers/:externalUserId/recommendations', () => {
  it('should show the coupons she holds, warn about the one expiring tomorrow, and have its reminder ready', async () => {
    const body = await ctx.reco(LIN)
    expect(body.customer).toEqual({ externalUserId: LIN, name: '林晓雯', marketingAverse: false })
    expect(body.stage?.key).toBe('high_value')
    const first = body.held[0]!
    expect(first).toMatchObject({ name: '满599减120', valueText: '满599减120', scopeText: '全场通用', status: 'claimed', expiringSoon: true, remindedAt: null })
    expect(Date.parse(first.expiresAt) - TEST_NOW).toBe(20 * HOUR)
    expect(first.reminder).toEqual({
      msgtype: 'news',
      news: { title: '您的「满599减120」将于11月21日 06:00到期', desc: '满599减120，到期前下单即可使用，别错过哦', link: expect.stringMatching(/^https:\/\/mall\.example\.com\/coupon\/mine\?code=CP/), imgUrl: '' },
      miniprogram: null,
    })
    expect(body.held.filter(h => h.status === 'used').length).toBeGreaterThan(2)
    expect(body.held.filter(h => h.status === 'used').every(h => h.reminder === null && !h.expiringSoon)).toBe(true)
  })

  it('should rank coupons and products for her with the reason, never one she holds unused', async () => {
    const body = await ctx.reco(LIN)
    expect(body.coupons.length).toBeGreaterThan(0)
    expect(body.coupons.length).toBeLessThanOrEqual(4)
    expect(body.coupons.map(c => c.name)).not.toContain('满599减120')
    // Her stage's goal: the high-value exclusive is among them, and says so.
    expect(body.coupons.find(c => c.code === 'VIP-GIFT-JY')?.reason).toContain('高价值专享')
    for (const c of body.coupons) {
      expect(c.reason).not.toBe('')
      expect(c.message.news!.link).toMatch(/^https:\/\/mall\.example\.com\/coupon\/claim\?tpl=.+&s=zhangli$/)
    }
    expect(body.products.length).toBe(4)
    expect(body.products.every(p => p.reason && p.message.news!.link.endsWith('s=zhangli'))).toBe(true)
    // Scores come best first.
    const scores = body.coupons.map(c => c.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
  })

  it('should not offer a new customer the first-order coupon she already holds', async () => {
    const body = await ctx.reco(XIAOMI)
    expect(body.held.map(h => [h.name, h.status])).toEqual([['新客燕窝立减30元券', 'claimed']])
    expect(body.coupons.map(c => c.name)).not.toContain('新客燕窝立减30元券')
    expect(body.products[0]!.category).toBe('燕窝')
  })

  it('should offer a marketing-averse customer service coupons only', async () => {
    const body = await ctx.reco(SUNLEI)
    expect(body.customer.marketingAverse).toBe(true)
    expect(body.coupons.length).toBeGreaterThan(0)
    expect(body.coupons.every(c => c.purpose === 'service')).toBe(true)
  })

  it('should answer 404 for a customer the staff member does not serve, 400 for a bad id, 401 without a session', async () => {
    expect((await ctx.inject('GET', `/api/customers/${ZHOUTING}/recommendations`)).json()).toMatchObject({ statusCode: 404, code: 'not_your_customer' })
    expect((await ctx.inject('GET', '/api/customers/wmNobody/recommendations')).json()).toMatchObject({ statusCode: 404, code: 'unknown_contact' })
    expect((await ctx.inject('GET', '/api/customers/wm%20bad/recommendations')).statusCode).toBe(400)
    expect((await ctx.app.inject({ url: `/api/customers/${LIN}/recommendations` })).statusCode).toBe(401)
  })

  it('should offer mini-program cards once the mall mini-program is configured', async () => {
    ctx.sql.prepare(`insert into meta (key, value, updated_at) values ('reco_miniprogram', ?, 0)`).run(JSON.stringify({ appid: 'wx0demo0mall00001' }))
    try {
      const body = await ctx.reco(LIN)
      expect(body.coupons.every(c => c.message.msgtype === 'miniprogram' && c.message.miniprogram!.page.startsWith('pages/coupon/claim?tpl='))).toBe(true)
      expect(body.products.every(p => p.message.msgtype === 'miniprogram' && p.message.news === null)).toBe(true)
      expect(body.held[0]!.reminder!.miniprogram!.page).toMatch(/^pages\/coupon\/list\?code=/)
    }
    finally {
      ctx.sql.prepare(`delete from meta where key = 'reco_miniprogram'`).run()
    }
  })

  it('should not be part of the sidebar\'s first screen', async () => {
    const res = await ctx.inject('GET', `/api/sidebar/${LIN}`)
    expect(res.statusCode).toBe(200)
    const body = res.json<Record<string, unknown>>()
    for (const key of ['held', 'coupons', 'products', 'recommendations']) expect(body).not.toHaveProperty(key)
    expect(res.body).not.toContain('/coupon/claim?tpl=')
  })
})

describe('POST /api/customers/:externalUserId/sends', () => {
  const sends = () => ctx.sql.prepare('select s.user_id as staff, c.name as customer, kind, ref_id as refId, payload, sent_at as sentAt from chat_sends cs join staff s on s.id = cs.staff_id join customers c on c.id = cs.customer_id order by cs.id').all() as { staff: string, customer: string, kind: string, refId: number, payload: string, sentAt: number }[]

  it('should record a sent coupon, issue it to the customer linked to the send, and count it against stock', async () => {
    const before = await ctx.reco(LIN)
    const coupon = before.coupons[0]!
    const issued = () => ctx.sql.prepare('select issued_count from coupon_templates where id = ?').pluck().get(coupon.templateId) as number
    const issuedBefore = issued()
    const body = { kind: 'coupon', refId: coupon.templateId, message: coupon.message, idempotencyKey: 'send-coupon-0001' }
    const res = await ctx.inject('POST', `/api/customers/${LIN}/sends`, body)
    expect(res.statusCode, res.body).toBe(200)
    const record = res.json<SendRecord>()
    expect(record).toMatchObject({ kind: 'coupon', refId: coupon.templateId, sentAt: new Date(TEST_NOW).toISOString(), note: null })
    expect(record.couponCode).toMatch(/^CS/)
    expect(sends()).toEqual([{ staff: 'zhangli', customer: '林晓雯', kind: 'coupon', refId: coupon.templateId, payload: JSON.stringify(coupon.message), sentAt: TEST_NOW }])
    expect(ctx.sql.prepare('select status, send_id as sendId, expires_at - issued_at as valid from customer_coupons where code = ?').get(record.couponCode))
      .toEqual({ status: 'issued', sendId: record.id, valid: coupon.validDays * 24 * HOUR })
    expect(issued()).toBe(issuedBefore + 1)

    // A retried tap records nothing more and answers the same.
    const again = await ctx.inject('POST', `/api/customers/${LIN}/sends`, body)
    expect(again.json()).toEqual(record)
    expect(sends().length).toBe(1)
    expect(issued()).toBe(issuedBefore + 1)

    // Now she holds it: shown as issued, no longer recommended.
    const after = await ctx.reco(LIN)
    expect(after.held.find(h => h.templateId === coupon.templateId)).toMatchObject({ status: 'issued' })
    expect(after.coupons.map(c => c.templateId)).not.toContain(coupon.templateId)
  })

  it('should refuse a reused key for another send, and a message that is not the recommendation\'s', async () => {
    const { products } = await ctx.reco(LIN)
    const reused = await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'product', refId: products[0]!.productId, message: products[0]!.message, idempotencyKey: 'send-coupon-0001' })
    expect(reused.json()).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' })
    const forged = { ...products[0]!.message, news: { ...products[0]!.message.news!, link: 'https://evil.example.com' } }
    const mismatch = await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'product', refId: products[0]!.productId, message: forged, idempotencyKey: 'send-product-forged' })
    expect(mismatch.json()).toMatchObject({ statusCode: 400, code: 'message_mismatch' })
    const unknown = await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'product', refId: 9999, message: forged, idempotencyKey: 'send-product-unknown' })
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'product_not_found' })
    const bad = await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'gift', refId: 1, message: forged, idempotencyKey: 'x' })
    expect(bad.statusCode).toBe(400)
    expect(sends().length).toBe(1)
  })

  it('should record a product send and a reminder, and show when each was sent', async () => {
    const { products, held } = await ctx.reco(LIN)
    const product = products[1]!
    expect((await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'product', refId: product.productId, message: product.message, idempotencyKey: 'send-product-0001' })).statusCode).toBe(200)
    const expiring = held.find(h => h.expiringSoon)!
    expect((await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'coupon_reminder', refId: expiring.id, message: expiring.reminder, idempotencyKey: 'send-reminder-0001' })).statusCode).toBe(200)
    const after = await ctx.reco(LIN)
    const iso = new Date(TEST_NOW).toISOString()
    expect(after.held.find(h => h.id === expiring.id)!.remindedAt).toBe(iso)
    expect(after.products.find(p => p.productId === product.productId)?.lastSentAt).toBe(iso)
    expect(sends().map(s => s.kind)).toEqual(['coupon', 'product', 'coupon_reminder'])
  })

  it('should refuse a reminder for a used coupon, or someone else\'s', async () => {
    const { held } = await ctx.reco(LIN)
    const used = held.find(h => h.status === 'used')!
    const message = held.find(h => h.reminder)!.reminder
    expect((await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'coupon_reminder', refId: used.id, message, idempotencyKey: 'send-reminder-used' })).json()).toMatchObject({ statusCode: 409, code: 'coupon_used' })
    const xiaomi = (await ctx.reco(XIAOMI)).held[0]!
    expect((await ctx.inject('POST', `/api/customers/${LIN}/sends`, { kind: 'coupon_reminder', refId: xiaomi.id, message, idempotencyKey: 'send-reminder-other' })).json()).toMatchObject({ statusCode: 404, code: 'customer_coupon_not_found' })
  })

  it('should record a coupon that sold out after the tab loaded, without issuing it, and say why', async () => {
    const { coupons } = await ctx.reco(XIAOMI)
    const coupon = coupons[0]!
    ctx.sql.prepare('update coupon_templates set stock_total = issued_count where id = ?').run(coupon.templateId)
    const res = await ctx.inject('POST', `/api/customers/${XIAOMI}/sends`, { kind: 'coupon', refId: coupon.templateId, message: coupon.message, idempotencyKey: 'send-soldout-0001' })
    expect(res.json()).toMatchObject({ kind: 'coupon', couponCode: null, note: '这张券已经发完了' })
    expect((await ctx.reco(XIAOMI)).coupons.map(c => c.templateId)).not.toContain(coupon.templateId)
  })

  it('should not let staff send to a customer they do not serve', async () => {
    const { products } = await ctx.reco(LIN)
    const res = await ctx.inject('POST', `/api/customers/${ZHOUTING}/sends`, { kind: 'product', refId: products[0]!.productId, message: products[0]!.message, idempotencyKey: 'send-not-mine-01' })
    expect(res.json()).toMatchObject({ statusCode: 404, code: 'not_your_customer' })
  })
})
