/**
 * The sidebar's 推荐 tab for one customer: coupons held (with expiry warnings and a reminder
 * ready to send), coupon templates and products ranked for them with the reason, and when each
 * was last sent. Loaded when the tab opens, never with the first screen.
 */
import type { Db } from '#db/client.ts'
import { prepareAllSql, sqlRows } from '#db/sql/typed-sql.ts'
import type { HeldCoupon, RecoResponse } from '../contract/reco.ts'
import type { JourneyConfig } from '../engine/journey/index.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { buildProfile, COUPON_LIMIT, couponValueText, heldCoupons, PRODUCT_LIMIT, type RecoInput, recommendCoupons, recommendProducts } from '../engine/reco/index.ts'
import { stageName } from './customer-stage.ts'
import { loadCatalog, loadMiniprogram, loadPopularity, loadRecoCustomer } from './reco-data.ts'
import { couponMessage, productMessage, reminderMessage, scopeText } from './reco-messages.ts'
import { preparedPerDb } from './prepared.ts'

const RECENT_SENDS = 30 * DAY

const SQL = {
  lastSends: sqlRows<{ kind: string, refId: number, at: number }, [customerId: number, since: number]>(`select kind, ref_id as refId, max(sent_at) as at from chat_sends
    where customer_id = ? and sent_at >= ? and kind in ('coupon', 'coupon_reminder', 'product') group by kind, ref_id`),
}

const statements = preparedPerDb((db: Db) => prepareAllSql(db.$client, SQL))

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())

export interface RecoStaff { id: number, userId: string }

export function getRecommendations(db: Db, journey: JourneyConfig, staff: RecoStaff, customerId: number, externalUserId: string, now: number): RecoResponse {
  const { products, templates, claimUrls } = loadCatalog(db)
  const customer = loadRecoCustomer(db, customerId, now)
  const mp = loadMiniprogram(db)
  const input: RecoInput = { now, customer, products, templates }
  const profile = buildProfile(customer, products, now)
  const coupons = recommendCoupons(input, COUPON_LIMIT, profile).ranked
  const ranked = recommendProducts(input, loadPopularity(db, now), PRODUCT_LIMIT, profile)

  const sent = new Map<string, number>()
  for (const r of statements(db).lastSends.all(customerId, now - RECENT_SENDS))
    sent.set(`${r.kind}:${r.refId}`, r.at)
  const lastSent = (kind: string, id: number) => iso(sent.get(`${kind}:${id}`) ?? null)
  const templateById = new Map(templates.map(t => [t.id, t]))

  const held: HeldCoupon[] = []
  for (const v of heldCoupons(customer.coupons, now)) {
    const t = templateById.get(v.coupon.templateId)
    if (!t)
      continue
    const usable = v.status === 'issued' || v.status === 'claimed'
    held.push({
      id: v.coupon.id,
      templateId: t.id,
      name: t.name,
      valueText: couponValueText(t),
      scopeText: scopeText(t, products),
      status: v.status,
      issuedAt: iso(v.coupon.issuedAt)!,
      claimedAt: iso(v.coupon.claimedAt),
      usedAt: iso(v.coupon.usedAt),
      expiresAt: iso(v.coupon.expiresAt)!,
      expiringSoon: v.expiringSoon,
      reminder: usable ? reminderMessage(t, { code: v.coupon.code, status: v.status, expiresAt: v.coupon.expiresAt }, claimUrls.get(t.id) ?? '', mp) : null,
      remindedAt: lastSent('coupon_reminder', v.coupon.id),
    })
  }

  return {
    customer: { externalUserId, name: customer.name, marketingAverse: customer.marketingAverse },
    stage: customer.stage ? { key: customer.stage, name: stageName(journey, customer.stage) } : null,
    held,
    coupons: coupons.map(r => ({
      templateId: r.template.id,
      code: r.template.code,
      name: r.template.name,
      valueText: couponValueText(r.template),
      scopeText: scopeText(r.template, products),
      validDays: r.template.validDays,
      purpose: r.template.purpose,
      reason: r.reason,
      score: r.score,
      terms: r.terms,
      message: couponMessage(r.template, claimUrls.get(r.template.id) ?? '', staff.userId, products, mp),
      lastSentAt: lastSent('coupon', r.template.id),
    })),
    products: ranked.map(r => ({
      productId: r.product.id,
      sku: r.product.sku,
      name: r.product.name,
      category: r.product.category,
      brand: r.product.brand,
      priceCents: r.product.priceCents,
      imageUrl: r.product.imageUrl,
      reason: r.reason,
      score: r.score,
      terms: r.terms,
      message: productMessage(r.product, staff.userId, mp),
      lastSentAt: lastSent('product', r.product.id),
    })),
  }
}
